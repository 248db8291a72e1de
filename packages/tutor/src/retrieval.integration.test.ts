import type { DatabaseHandle } from "@nanoschool/db/client";
import { createTestDatabase } from "@nanoschool/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fuseRankings, retrieveChunks } from "./retrieval.ts";
import {
  type FixtureCourse,
  HIDDEN_MARKER,
  SOLUTION_MARKER,
  seedFixtureCourse,
} from "./testing/fixture-course.ts";

describe("fuseRankings", () => {
  it("adds 1/(k + rank) over the lists, so agreement beats one high rank", () => {
    const fused = fuseRankings(
      [
        ["a", "b"],
        ["b", "c"],
      ],
      60,
    );
    expect(fused.map((f) => f.id)).toEqual(["b", "a", "c"]);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 61);
  });
});

describe("retrieveChunks", () => {
  let handle: DatabaseHandle;
  let fixture: FixtureCourse;
  beforeAll(async () => {
    handle = await createTestDatabase();
    fixture = await seedFixtureCourse(handle.db);
  });
  afterAll(() => handle?.close());

  const ids = async (question: string, extra: Partial<Parameters<typeof retrieveChunks>[1]> = {}) =>
    (await retrieveChunks(handle.db, { courseVersionId: fixture.versionId, question, ...extra })).map(
      (c) => `${c.kind}:${c.sectionId}`,
    );

  it("finds a section from a question in plain words (lexemes OR-ed, not AND-ed)", async () => {
    // websearch_to_tsquery would need every word, "loss" included, in one chunk.
    const found = await ids("why would the loss become infinite when a probability is zero?");
    expect(found[0]).toBe("section:normalizing");
  });

  it("ranks by ts_rank_cd over title and text", async () => {
    expect((await ids("how does backpropagation use the chain rule"))[0]).toBe("section:chain-rule");
    expect((await ids("sampling a new name from the distribution"))[0]).toBe("section:sampling");
    expect((await ids("what is the negative log likelihood"))[0]).toBe("section:negative-log-likelihood");
  });

  it("answers nothing for a question with no course words, and never fails on odd characters", async () => {
    expect(await ids("the")).toEqual([]);
    expect(await ids("':|&!()<->* \\")).toEqual([]);
  });

  it("boosts the section and exercise in view for a question that shares no words with them", async () => {
    const vague = "I do not get this part at all, can you explain?";
    expect(await ids(vague)).toEqual([]);
    const inView = await ids(vague, {
      lessonKey: "01-bigram",
      sectionId: "counting",
      exerciseKey: fixture.exerciseKey,
    });
    expect(inView.slice(0, 2).sort()).toEqual(["exercise:counting", "section:counting"]);
  });

  it("gives the lesson in view a second vote on a question matching two lessons", async () => {
    const question = "how is the graph walked to compute each gradient and probability";
    const micrograd = ["section:micrograd-intro", "section:chain-rule"];
    const inBigram = await ids(question, { lessonKey: "01-bigram" });
    const inMicrograd = await ids(question, { lessonKey: "02-micrograd" });
    expect(micrograd).not.toContain(inBigram[0]);
    expect(micrograd).toContain(inMicrograd[0]);
  });

  it("never returns solution or hidden-test text: it is not in the table", async () => {
    const chunks = await retrieveChunks(handle.db, {
      courseVersionId: fixture.versionId,
      question: `countBigrams solution hidden tests probe ${SOLUTION_MARKER} ${HIDDEN_MARKER}`,
      exerciseKey: fixture.exerciseKey,
      limit: 50,
    });
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) {
      expect(chunk.text).not.toContain(SOLUTION_MARKER);
      expect(chunk.text).not.toContain(HIDDEN_MARKER);
      expect(chunk.text).not.toContain("counts.set");
    }
  });
});
