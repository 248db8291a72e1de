import type { DatabaseHandle } from "@nanoschool/db/client";
import { createTestDatabase } from "@nanoschool/db/testing";
import { readTutorEnv } from "../env.ts";
import { createChatModel } from "../llm.ts";
import type { TutorDeps } from "../tutor.ts";
import { type FakeOpenAI, startFakeOpenAI } from "./fake-openai.ts";
import { type FixtureCourse, seedFixtureCourse } from "./fixture-course.ts";

export type TutorTestbed = {
  handle: DatabaseHandle;
  fixture: FixtureCourse;
  fake: FakeOpenAI;
  deps: TutorDeps;
  close(): Promise<void>;
};

/**
 * A fresh test database with the fixture course, a fake OpenAI-compatible server over real HTTP, and
 * the tutor's dependencies pointed at it (model "fake-model"; `env` adds or overrides settings).
 */
export async function startTutorTestbed(env: Record<string, string> = {}): Promise<TutorTestbed> {
  const handle = await createTestDatabase();
  const fixture = await seedFixtureCourse(handle.db);
  const fake = await startFakeOpenAI();
  const tutorEnv = readTutorEnv({ OPENAI_BASE_URL: fake.url, TUTOR_MODEL: "fake-model", ...env });
  return {
    handle,
    fixture,
    fake,
    deps: { db: handle.db, env: tutorEnv, chatModel: createChatModel(tutorEnv) },
    async close() {
      await fake.close();
      await handle.close();
    },
  };
}
