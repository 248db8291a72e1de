import { renderLessonMarkdown } from "@nanoschool/ui/render-lesson";
import type { Metadata } from "next";
import Link from "next/link";
import { ExercisePanel } from "@/components/lesson/exercise-panel";
import { NotebookProvider } from "@/components/lesson/notebook";
import { NotebookCell } from "@/components/lesson/notebook-cell";
import { SectionReadTracker } from "@/components/lesson/section-read-tracker";
import { TutorPanel } from "@/components/lesson/tutor-panel";
import { orNotFound, serverApi } from "@/server/caller";
import "katex/dist/katex.min.css";

type Params = { params: Promise<{ courseId: string; lessonKey: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { courseId, lessonKey } = await params;
  const { api } = await serverApi();
  const data = await api.learn.lesson({ courseId, lessonKey }).catch(() => null);
  return { title: data ? `${data.lesson.title} · nanoschool` : "Not found · nanoschool" };
}

export default async function LessonPage({ params }: Params) {
  const { courseId, lessonKey } = await params;
  const { api, user } = await serverApi();
  const data = await orNotFound(api.learn.lesson({ courseId, lessonKey }));
  const exercises = new Map(data.exercises.map((e) => [e.key.split("/").pop()!, e]));
  // Each exercise's code as the page opens; panels report edits, and cells use it via useExercise(id).
  const notebookExercises = data.exercises.map((e) => ({
    key: e.key,
    title: e.title,
    code: e.savedCode ?? e.starterCode,
  }));
  let order = 0; // runnable cells in reading order, for "Run all above"

  return (
    <div className="lesson-layout">
      <nav className="lesson-toc" aria-label="Sections">
        <Link href={`/learn/${courseId}`} className="muted small">
          ← {data.course.title}
        </Link>
        <ol>
          {data.sections.map((s) => (
            <li key={s.id} className={s.read ? "read" : undefined}>
              <a href={`#${s.id}`}>{s.title}</a>
            </li>
          ))}
        </ol>
      </nav>
      <NotebookProvider
        courseId={courseId}
        lessonKey={lessonKey}
        signedIn={user !== null}
        exercises={notebookExercises}
      >
        <article className="lesson" data-testid="lesson">
          <div className="chapter-number">Chapter {data.chapter.position + 1}</div>
          <h1>{data.lesson.title}</h1>
          <p className="lead">{data.lesson.summary}</p>
          {data.sections.map((section) => {
            const cells = data.cells.filter((c) => c.sectionId === section.id && c.kind === "runnable");
            return (
              <section key={section.id} id={section.id} className="lesson-section">
                {section.id !== "intro" && <h2>{section.title}</h2>}
                {renderLessonMarkdown(section.body).map((segment, i) => {
                  if (segment.kind === "html") {
                    return (
                      <div
                        // biome-ignore lint/suspicious/noArrayIndexKey: segments are fixed for a lesson version
                        key={i}
                        className="prose"
                        // biome-ignore lint/security/noDangerouslySetInnerHtml: course Markdown rendered on the server, raw HTML disabled
                        dangerouslySetInnerHTML={{ __html: segment.html }}
                      />
                    );
                  }
                  if (segment.kind === "cell") {
                    const cell = cells[segment.index];
                    if (!cell) return null;
                    return (
                      <NotebookCell
                        key={cell.key}
                        order={order++}
                        cellKey={cell.key}
                        code={cell.code}
                        savedCode={cell.savedCode}
                        timeMs={cell.timeLimitMs}
                      />
                    );
                  }
                  const ex = exercises.get(segment.exerciseId);
                  if (!ex) return null;
                  const promptHtml = renderLessonMarkdown(ex.prompt)
                    .map((s) => (s.kind === "html" ? s.html : ""))
                    .join("");
                  return (
                    <ExercisePanel
                      key={ex.key}
                      exerciseKey={ex.key}
                      title={ex.title}
                      promptHtml={promptHtml}
                      points={ex.points}
                      starterCode={ex.starterCode}
                      visibleTests={ex.visibleTests}
                      savedCode={ex.savedCode}
                      timeMs={ex.limits.timeMs}
                      hintCount={ex.hintCount}
                      revealedHints={ex.revealedHints}
                      passed={ex.passed}
                      bestScore={ex.bestScore}
                    />
                  );
                })}
                <div data-section-end={section.id} aria-hidden className="section-end" />
              </section>
            );
          })}
          <footer className="lesson-nav">
            {data.previousLesson && (
              <Link href={`/learn/${courseId}/${data.previousLesson.key}`}>
                ← {data.previousLesson.title}
              </Link>
            )}
            {data.nextLesson && (
              <Link href={`/learn/${courseId}/${data.nextLesson.key}`} className="next">
                {data.nextLesson.title} →
              </Link>
            )}
          </footer>
        </article>
        {user && (
          <SectionReadTracker
            courseId={courseId}
            lessonKey={lessonKey}
            sectionIds={data.sections.map((s) => s.id)}
            read={data.sectionsRead}
          />
        )}
      </NotebookProvider>
      <TutorPanel courseId={courseId} lessonKey={lessonKey} signedIn={user !== null} />
    </div>
  );
}
