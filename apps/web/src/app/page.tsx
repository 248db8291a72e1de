import { course } from "@nanoschool/db/schema";
import { asc } from "drizzle-orm";
import { currentUser } from "@/server/current-user";
import { getServices } from "@/server/services";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const [user, { handle }] = await Promise.all([currentUser(), getServices()]);
  const courses = await handle.db.select().from(course).orderBy(asc(course.id));
  return (
    <>
      <h1>Build a storytelling language model from scratch.</h1>
      <p className="lead">
        {user
          ? `Welcome back, ${user.name}. You are signed in as ${user.role === "student" ? "a student" : `an ${user.role}`}.`
          : "Write and run real code in your browser, with a tutor beside you that knows the course."}
      </p>
      <h2>Courses</h2>
      {courses.length === 0 ? (
        <p className="muted">No course is loaded yet. Run `npm run setup` to import the course.</p>
      ) : (
        <div className="grid">
          {courses.map((c) => (
            <article className="card" key={c.id}>
              <h3>{c.title}</h3>
              <p className="muted">{c.summary}</p>
            </article>
          ))}
        </div>
      )}
    </>
  );
}
