import Link from "next/link";
import type { CatalogChapter } from "@/lib/router-types";
import { ProgressMeters } from "./progress-meter";

/** A chapter in the catalog and on the course page, with the student's progress when signed in. */
export function ChapterCard({ courseId, chapter: ch }: { courseId: string; chapter: CatalogChapter }) {
  return (
    <li className="card chapter-card">
      <div className="chapter-number">Chapter {ch.position + 1}</div>
      <h3>{ch.lessonKey ? <Link href={`/learn/${courseId}/${ch.lessonKey}`}>{ch.title}</Link> : ch.title}</h3>
      <p className="muted">{ch.summary}</p>
      {ch.progress ? (
        <ProgressMeters counts={ch.progress} exercisesLabel="exercises" />
      ) : (
        <p className="muted small">
          {ch.sectionCount} sections · {ch.exerciseCount} exercises
        </p>
      )}
    </li>
  );
}
