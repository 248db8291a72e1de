import Link from "next/link";
import { NextStepLink } from "@/components/next-step";
import { ProgressMeter } from "@/components/progress-meter";
import { orNotFound, serverApi } from "@/server/caller";

export default async function CoursePage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  const { api } = await serverApi();
  const course = await orNotFound(api.catalog.course({ courseId }));
  return (
    <>
      <h1>{course.title}</h1>
      <p className="lead">{course.summary}</p>
      {course.progress && (
        <div className="card">
          <ProgressMeter
            done={course.progress.totals.exercisesPassed}
            total={course.progress.totals.exercisesTotal}
            label="exercises passed"
          />
          <p>
            Score {course.progress.totals.score} of {course.progress.totals.maxScore}
          </p>
          <NextStepLink step={course.progress.next} />
        </div>
      )}
      <ol className="chapter-list">
        {course.chapters.map((ch) => (
          <li key={ch.slug} className="card chapter-card">
            <div className="chapter-number">Chapter {ch.position}</div>
            <h3>
              {ch.lessonKey ? <Link href={`/learn/${course.id}/${ch.lessonKey}`}>{ch.title}</Link> : ch.title}
            </h3>
            <p className="muted">{ch.summary}</p>
            {ch.progress && (
              <div className="meters">
                <ProgressMeter
                  done={ch.progress.sectionsRead}
                  total={ch.progress.sectionsTotal}
                  label="sections"
                />
                <ProgressMeter
                  done={ch.progress.exercisesPassed}
                  total={ch.progress.exercisesTotal}
                  label="exercises"
                />
              </div>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}
