"use client";

import { useEffect } from "react";
import { trpc } from "@/lib/trpc-client";

/** Marks a section read once its end has been on screen: progress the student does not have to click. */
export function SectionReadTracker(props: {
  courseId: string;
  lessonKey: string;
  sectionIds: string[];
  read: string[];
}) {
  useEffect(() => {
    const done = new Set(props.read);
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const sectionId = (entry.target as HTMLElement).dataset.sectionEnd;
          if (!entry.isIntersecting || !sectionId || done.has(sectionId)) continue;
          done.add(sectionId);
          void trpc.progress.markSectionRead
            .mutate({ courseId: props.courseId, lessonKey: props.lessonKey, sectionId })
            .catch(() => done.delete(sectionId));
        }
      },
      { threshold: 1 },
    );
    for (const el of document.querySelectorAll<HTMLElement>("[data-section-end]")) observer.observe(el);
    return () => observer.disconnect();
  }, [props.courseId, props.lessonKey, props.read]);
  return null;
}
