// For the integration tests: a fresh database with the curriculum package's tiny fixture course
// imported the real way (importCourseFolder), and students to act as.

import { marker, validCourseFiles, writeCourse } from "@nanoschool/curriculum/testing";
import type { DatabaseHandle } from "@nanoschool/db/client";
import { importCourseFolder } from "@nanoschool/db/import-course";
import { user } from "@nanoschool/db/schema";
import { createTestDatabase } from "@nanoschool/db/testing";
import type { SessionUser } from "../auth/session-user.ts";
import { type Context, createContextInner } from "../context.ts";
import { createCaller } from "../root.ts";
import type { GradingServices } from "./submissions.ts";

export const fixtureCourseId = "tiny";
export const secretMarker = marker.secret;

export type LearnFixture = {
  handle: DatabaseHandle;
  students: { ada: SessionUser; bob: SessionUser };
  caller(u: SessionUser | null, grading?: GradingServices): ReturnType<typeof createCaller>;
  close(): Promise<void>;
};

export async function createLearnFixture(): Promise<LearnFixture> {
  const handle = await createTestDatabase();
  const folder = await writeCourse(validCourseFiles());
  try {
    await importCourseFolder(handle.db, folder.dir);
  } finally {
    await folder.remove();
  }
  const ada: SessionUser = { id: "ada", name: "Ada", email: "ada@example.test", role: "student" };
  const bob: SessionUser = { id: "bob", name: "Bob", email: "bob@example.test", role: "student" };
  await handle.db.insert(user).values([ada, bob]);
  return {
    handle,
    students: { ada, bob },
    caller: (u, grading) => {
      const ctx: Context = createContextInner({ db: handle.db, user: u, grading });
      return createCaller(ctx);
    },
    close: () => handle.close(),
  };
}
