import Link from "next/link";
import type { CatalogChapter } from "@/lib/router-types";
import { ProgressMeter } from "./progress-meter";

/** A chapter in the catalog and on the course page, with the student's progress when signed in. */
export function ChapterCard({ courseId, chapter: ch }: { courseId: string; chapter: CatalogChapter }) {
  return (
    <li className="card chapter-card">
      <div className="chapter-number">Chapter {ch.position + 1}</div>
      <h3>{ch.lessonKey ? <Link href={`/learn/${courseId}/${ch.lessonKey}`}>{ch.title}</Link> : ch.title}</h3>
      <p className="muted">{ch.summary}</p>
      {ch.progress ? (
        <div className="meters">
          <ProgressMeter done={ch.progress.sectionsRead} total={ch.progress.sectionsTotal} label="sections" />
          <ProgressMeter
            done={ch.progress.exercisesPassed}
            total={ch.progress.exercisesTotal}
            label="exercises"
          />
          <span className="score">
            score {ch.progress.score}/{ch.progress.maxScore}
          </span>
        </div>
      ) : (
        <p className="muted small">
          {ch.sectionCount} sections · {ch.exerciseCount} exercises
        </p>
      )}
    </li>
  );
}
