import Link from "next/link";
import { ChapterCard } from "@/components/chapter-card";
import { NextStepLink } from "@/components/next-step";
import { serverApi } from "@/server/caller";

export const dynamic = "force-dynamic";

export default async function CatalogPage() {
  const { api, user } = await serverApi();
  const courses = await api.catalog.list();
  return (
    <>
      <h1>Build a storytelling language model from scratch.</h1>
      <p className="lead">
        {user
          ? `Welcome back, ${user.name}.`
          : "Write and run real code in your browser, with a tutor beside you that knows the course."}
      </p>
      {courses.length === 0 && (
        <p className="muted">No course is loaded yet. Run `npm run setup` to import the course.</p>
      )}
      {courses.map((course) => (
        <section key={course.id} className="course-block">
          <h2>
            <Link href={`/learn/${course.id}`}>{course.title}</Link>
          </h2>
          <p className="muted">{course.summary}</p>
          {course.progress && <NextStepLink step={course.progress.next} />}
          <ol className="chapter-list">
            {course.chapters.map((ch) => (
              <ChapterCard key={ch.slug} courseId={course.id} chapter={ch} />
            ))}
          </ol>
        </section>
      ))}
    </>
  );
}
