import { ChapterCard } from "@/components/chapter-card";
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
          <ChapterCard key={ch.slug} courseId={course.id} chapter={ch} />
        ))}
      </ol>
    </>
  );
}
