import Link from "next/link";
import { redirect } from "next/navigation";
import { NextStepLink } from "@/components/next-step";
import { ProgressMeters } from "@/components/progress-meter";
import { serverApi } from "@/server/caller";

export const metadata = { title: "Your progress · nanoschool" };

export default async function DashboardPage() {
  const { api, user } = await serverApi();
  if (!user) redirect("/sign-in");
  const { courses } = await api.progress.dashboard();
  return (
    <>
      <h1>Your progress</h1>
      {courses.map((course) => (
        <section key={course.courseId} className="card dashboard-course">
          <h2>
            <Link href={`/learn/${course.courseId}`}>{course.title}</Link>
          </h2>
          <ProgressMeters counts={course.totals} exercisesLabel="exercises passed" />
          <NextStepLink step={course.next} />
        </section>
      ))}
    </>
  );
}
