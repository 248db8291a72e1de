import Link from "next/link";
import type { NextStep } from "@/lib/router-types";

export function nextStepHref(step: NextStep): string {
  const anchor = step.kind === "exercise" ? `exercise-${step.exerciseKey.split("/").pop()}` : step.sectionId;
  return `/learn/${step.courseId}/${step.lessonKey}#${anchor}`;
}

export function NextStepLink({ step }: { step: NextStep | null }) {
  if (!step) return <p className="muted">You have finished everything here. Well done.</p>;
  return (
    <p className="next-step">
      Next:{" "}
      <Link href={nextStepHref(step)}>
        {step.kind === "exercise" ? `Exercise: ${step.title}` : step.title}
      </Link>
    </p>
  );
}
