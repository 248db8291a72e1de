import type { Database } from "@nanoschool/db/client";
import {
  chapter,
  course,
  courseVersion,
  curriculumChunk,
  exercise,
  exerciseSecret,
  lesson,
  lessonSection,
  submission,
  submissionTestResult,
  user,
} from "@nanoschool/db/schema";

// A small course written straight into the tables, as the course import would: two lessons, one
// exercise whose solution and hidden tests carry marker strings, so a test can prove they never leave
// the server. (The real course goes through the import in eval/.)

export const SOLUTION_MARKER = "SOLUTION_MARKER_7f3a";
export const HIDDEN_MARKER = "HIDDEN_MARKER_91c2";

export const fixtureSolution = `// ${SOLUTION_MARKER}
export function countBigrams(words: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of words) {
    const chars = [".", ...word.split(""), "."];
    for (let i = 0; i + 1 < chars.length; i++) {
      const pair = chars[i]! + chars[i + 1]!;
      counts.set(pair, (counts.get(pair) ?? 0) + 1);
    }
  }
  return counts;
}
`;

export const fixtureHiddenTests = `import { probe } from "@nanoschool/harness";
import { countBigrams } from "@submission";
// ${HIDDEN_MARKER}
probe("counts every pair in one word", {
  input: (rng) => ({ words: rng.words(5, { minLength: 2, maxLength: 8, tag: "${HIDDEN_MARKER}" }) }),
  run: ({ words }) => Object.fromEntries(countBigrams(words)),
});
`;

export const fixtureStarter = `export function countBigrams(words: string[]): Map<string, number> {
  // Count each pair of neighbouring characters; "." marks the start and the end of a word.
  throw new Error("TODO: count the bigrams");
}
`;

export const fixtureVisibleTests = `import { expect, test } from "@nanoschool/harness";
import { countBigrams } from "@submission";
test("counts the bigrams of 'emma'", () => {
  const counts = countBigrams(["emma"]);
  expect(counts.get(".e")).toBe(1);
  expect(counts.get("mm")).toBe(1);
});
`;

export const fixtureHints = [
  "Start by writing down, on paper, the pairs of the word 'emma' with a start and an end marker.",
  "Add '.' before and after each word, then walk over neighbouring characters two at a time.",
  "Use a Map from the two-character string to its count; read the old count with a default of 0.",
];

const sections = {
  "01-bigram": [
    {
      sectionId: "intro",
      title: "The bigram language model",
      body: "A bigram model predicts the next character from the current character alone. We build one from a list of names.",
    },
    {
      sectionId: "counting",
      title: "Counting bigrams",
      body: "A bigram is a pair of neighbouring characters. We mark the start and the end of every name with a dot, so 'emma' gives .e em mm ma a. and we count how often each pair occurs in the whole data set.",
    },
    {
      sectionId: "normalizing",
      title: "From counts to probabilities",
      body: "Dividing each row of the count matrix by its sum turns counts into probabilities. Add-one smoothing (adding a fake count to every cell) keeps any probability from being zero, so the loss stays finite.",
    },
    {
      sectionId: "sampling",
      title: "Sampling names",
      body: "To generate a name we start at the dot, draw the next character from the row's probability distribution with a seeded generator, and stop when we draw the dot again.",
    },
    {
      sectionId: "negative-log-likelihood",
      title: "Measuring quality: the negative log likelihood",
      body: "The average negative log likelihood of the training data is the loss: the log of each probability the model gives to the true next character, negated and averaged. Lower is better.",
    },
  ],
  "02-micrograd": [
    {
      sectionId: "micrograd-intro",
      title: "Micrograd: automatic differentiation",
      body: "A Value wraps a number and remembers the operations that produced it, building a graph.",
    },
    {
      sectionId: "chain-rule",
      title: "The chain rule and backpropagation",
      body: "backward() walks the graph in reverse topological order and applies the chain rule: each node's gradient is the sum over its children of the child's gradient times the local derivative.",
    },
  ],
} as const;

export type FixtureCourse = {
  courseId: string;
  versionId: string;
  exerciseId: string;
  exerciseKey: string;
};

export async function seedFixtureCourse(db: Database): Promise<FixtureCourse> {
  const courseId = "tiny-llm";
  await db.insert(course).values({ id: courseId, title: "Tiny LLM", summary: "A fixture course." });
  const [version] = await db
    .insert(courseVersion)
    .values({ courseId, number: 1, contentHash: "fixture", status: "published", title: "Tiny LLM" })
    .returning({ id: courseVersion.id });
  const versionId = version!.id;
  const chunkRows: (typeof curriculumChunk.$inferInsert)[] = [];
  let exerciseId = "";
  for (const [position, [key, list]] of Object.entries(sections).entries()) {
    const [chapterRow] = await db
      .insert(chapter)
      .values({ courseVersionId: versionId, slug: key, position, title: list[0].title })
      .returning({ id: chapter.id });
    const source = list.map((s) => `## ${s.title} {#${s.sectionId}}\n\n${s.body}`).join("\n\n");
    const [lessonRow] = await db
      .insert(lesson)
      .values({
        courseVersionId: versionId,
        chapterId: chapterRow!.id,
        key,
        position,
        title: list[0].title,
        source,
      })
      .returning({ id: lesson.id });
    for (const [i, s] of list.entries()) {
      await db.insert(lessonSection).values({
        lessonId: lessonRow!.id,
        sectionId: s.sectionId,
        position: i,
        title: s.title,
        body: s.body,
      });
      chunkRows.push({
        courseVersionId: versionId,
        courseId,
        chapterSlug: key,
        lessonKey: key,
        sectionId: s.sectionId,
        kind: "section",
        position: chunkRows.length,
        title: s.title,
        text: s.body,
      });
    }
    if (key === "01-bigram") {
      const prompt =
        "Implement `countBigrams(words: string[]): Map<string, number>`: count every bigram of every word, with '.' marking the start and the end.";
      const [row] = await db
        .insert(exercise)
        .values({
          courseVersionId: versionId,
          chapterId: chapterRow!.id,
          key: "01-bigram/count-bigrams",
          sectionId: "counting",
          position: 0,
          title: "Count the bigrams",
          prompt,
          points: 10,
          starterCode: fixtureStarter,
          visibleTests: fixtureVisibleTests,
          hints: fixtureHints.map((text) => ({ text })),
          limits: { timeMs: 10_000, memoryMiB: 128 },
          testWeights: { "counts every pair in one word": 1 },
          testMessages: {
            "counts every pair in one word":
              "Check the pairs inside a single word, including the start and end markers.",
          },
        })
        .returning({ id: exercise.id });
      exerciseId = row!.id;
      await db
        .insert(exerciseSecret)
        .values({ exerciseId, solutionCode: fixtureSolution, hiddenTests: fixtureHiddenTests });
      chunkRows.push({
        courseVersionId: versionId,
        courseId,
        chapterSlug: key,
        lessonKey: key,
        sectionId: "counting",
        exerciseKey: "01-bigram/count-bigrams",
        kind: "exercise",
        position: chunkRows.length,
        title: "Count the bigrams",
        text: prompt,
      });
    }
  }
  await db.insert(curriculumChunk).values(chunkRows);
  return { courseId, versionId, exerciseId, exerciseKey: "01-bigram/count-bigrams" };
}

export async function addStudent(db: Database, id: string, role: "student" | "instructor" = "student") {
  await db.insert(user).values({ id, name: id, email: `${id}@example.com`, role });
}

/** A graded submission with one hidden test failed, as the grader would store it. */
export async function addFailedSubmission(
  db: Database,
  fixture: FixtureCourse,
  userId: string,
  code: string,
) {
  const [row] = await db
    .insert(submission)
    .values({
      userId,
      exerciseId: fixture.exerciseId,
      exerciseKey: fixture.exerciseKey,
      code,
      status: "failed",
      score: 0,
      maxScore: 10,
      seed: 42,
    })
    .returning({ id: submission.id });
  await db.insert(submissionTestResult).values([
    {
      submissionId: row!.id,
      position: 0,
      name: "counts the bigrams of 'emma'",
      visibility: "visible",
      status: "passed",
    },
    {
      submissionId: row!.id,
      position: 1,
      name: "counts every pair in one word",
      visibility: "hidden",
      status: "failed",
      message: "Check the pairs inside a single word, including the start and end markers.",
    },
  ]);
  return row!.id;
}
