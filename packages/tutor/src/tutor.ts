import type { Database } from "@nanoschool/db/client";
import { course, lesson, type TutorCitation } from "@nanoschool/db/schema";
import { and, eq } from "drizzle-orm";
import { AnswerGuard } from "./answer-guard.ts";
import { openConversation, recordExchange } from "./conversations.ts";
import { currentCourseVersionId } from "./course-version.ts";
import type { TutorEnv } from "./env.ts";
import { TutorInputError, TutorModelError, TutorNotFoundError } from "./errors.ts";
import {
  type ExerciseGuard,
  loadExercise,
  loadExerciseById,
  loadSolutionGuards,
  type TutorExercise,
} from "./exercise-material.ts";
import { latestSubmission, loadOwnSubmission, type SubmissionResult, savedExerciseCode } from "./feedback.ts";
import { nextHint } from "./hints.ts";
import { findInjection } from "./injection.ts";
import { type LeakVerdict, openGuard, type SolutionGuard } from "./leak-check.ts";
import { takeTutorAllowance } from "./limits.ts";
import type { ChatModel } from "./llm.ts";
import { buildChatMessages, citedSectionIds } from "./prompt.ts";
import { type RetrievedChunk, retrieveChunks, type VectorSearch } from "./retrieval.ts";

// The tutor service: one turn of a conversation, from a question to a checked, cited answer.
// prepareTurn does everything that can refuse the request (bad input, limits, unknown ids) before a
// single byte is streamed, so the HTTP layer can still answer 400, 404 or 429.

export type TutorMessageInput = { role: "user" | "assistant"; content: string };

export type TutorRequest = {
  userId: string;
  courseId: string;
  lessonKey?: string | undefined;
  sectionId?: string | undefined;
  exerciseKey?: string | undefined;
  messages: TutorMessageInput[];
  /** The student's current editor text for the exercise; defaults to their saved or submitted code. */
  code?: string | undefined;
  /** A graded submission of the student's own to explain. */
  submissionId?: string | undefined;
  conversationId?: string | undefined;
};

export type TutorMode = "llm" | "retrieval";

export type TutorEvent =
  | { type: "delta"; text: string }
  | { type: "citations"; items: TutorCitation[] }
  | { type: "error"; message: string }
  | { type: "done"; mode: TutorMode; conversationId: string };

export type TutorAnswer = {
  answer: string;
  citations: TutorCitation[];
  mode: TutorMode;
  conversationId: string;
};

export type TutorDeps = {
  db: Database;
  env: TutorEnv;
  /** null: retrieval-only mode. */
  chatModel: ChatModel | null;
  vectorSearch?: VectorSearch | undefined;
  /**
   * Answer requests for the solution (or attempts to override the rules) with a hint without asking
   * the model. On by default; the red-team suite turns it off to prove that the output check alone
   * stops whatever gets past it.
   */
  screenInjection?: boolean;
};

export const MAX_CODE_CHARS = 20_000;
const MAX_HISTORY = 12;
const PASSAGES_FOR_MODEL = 5;
const PASSAGES_SHOWN = 3;

export type PreparedTurn = {
  request: TutorRequest;
  question: string;
  history: TutorMessageInput[];
  courseTitle: string;
  lesson: { key: string; title: string } | undefined;
  exercise: TutorExercise | undefined;
  submission: SubmissionResult | null;
  studentCode: string | undefined;
  chunks: RetrievedChunk[];
  conversationId: string;
  guards: ExerciseGuard[];
};

function validate(request: TutorRequest, env: TutorEnv): { question: string; history: TutorMessageInput[] } {
  const last = request.messages.at(-1);
  if (last?.role !== "user") {
    throw new TutorInputError(
      'messages must end with the student\'s question: {"role": "user", "content": "..."}.',
    );
  }
  const question = last.content.trim();
  if (question === "") throw new TutorInputError("The question is empty: write what you want to know.");
  if (question.length > env.TUTOR_MAX_QUESTION_CHARS) {
    throw new TutorInputError(
      `The question is ${question.length} characters long; the limit is ${env.TUTOR_MAX_QUESTION_CHARS}. Shorten it, or ask about one thing at a time.`,
    );
  }
  if (request.code !== undefined && request.code.length > MAX_CODE_CHARS) {
    throw new TutorInputError(
      `The code sent is over ${MAX_CODE_CHARS} characters; send only the exercise's code.`,
    );
  }
  const history = request.messages
    .slice(0, -1)
    .slice(-MAX_HISTORY)
    .map((m) => ({ role: m.role, content: m.content.slice(0, 4_000) }));
  return { question, history };
}

export async function prepareTurn(deps: TutorDeps, request: TutorRequest): Promise<PreparedTurn> {
  const { db, env } = deps;
  const { question, history } = validate(request, env);
  const courseVersionId = await currentCourseVersionId(db, request.courseId);

  const submission = request.submissionId
    ? await loadOwnSubmission(db, request.userId, request.submissionId)
    : null;
  let exercise: TutorExercise | undefined;
  if (request.exerciseKey) {
    exercise = await loadExercise(db, courseVersionId, request.exerciseKey, request.lessonKey);
  } else if (submission) {
    exercise = (await loadExerciseById(db, submission.exerciseId)) ?? undefined;
  }
  const lessonKey = request.lessonKey ?? exercise?.lessonKey;
  let lessonInView: PreparedTurn["lesson"];
  if (lessonKey) {
    const [row] = await db
      .select({ key: lesson.key, title: lesson.title })
      .from(lesson)
      .where(and(eq(lesson.courseVersionId, courseVersionId), eq(lesson.key, lessonKey)));
    if (!row)
      throw new TutorNotFoundError(
        `This course has no lesson "${lessonKey}". Use its key, e.g. "01-bigram".`,
      );
    lessonInView = row;
  }
  // Counted once the request is known to be valid, before any retrieval or model work.
  await takeTutorAllowance(db, request.userId, {
    perMinute: env.TUTOR_RATE_LIMIT_PER_MINUTE,
    perDay: env.TUTOR_DAILY_QUOTA,
  });
  const [courseRow] = await db
    .select({ title: course.title })
    .from(course)
    .where(eq(course.id, request.courseId));

  const lastResult =
    submission ?? (exercise ? await latestSubmission(db, request.userId, exercise.key) : null);
  const studentCode =
    request.code ??
    (submission?.code ||
      (exercise ? await savedExerciseCode(db, request.userId, request.courseId, exercise.key) : null) ||
      lastResult?.code ||
      undefined);

  // A question about a failed test shares few words with the section that explains it; the author's
  // failure messages do.
  const failedMessages = submission ? submission.failed.map((t) => `${t.name}. ${t.message}`).join(" ") : "";
  const chunks = await retrieveChunks(db, {
    courseVersionId,
    question: `${question} ${failedMessages}`.trim(),
    lessonKey,
    sectionId: request.sectionId ?? exercise?.sectionId ?? undefined,
    exerciseKey: exercise?.key,
    limit: PASSAGES_FOR_MODEL,
    vectorSearch: deps.vectorSearch,
  });
  const guards = deps.chatModel
    ? await loadSolutionGuards(
        db,
        courseVersionId,
        exercise && studentCode ? { exerciseKey: exercise.key, code: studentCode } : undefined,
      )
    : [];
  const conversationId = await openConversation(db, {
    userId: request.userId,
    courseId: request.courseId,
    lessonKey,
    exerciseKey: exercise?.key,
    conversationId: request.conversationId,
    title: question,
  });
  return {
    request,
    question,
    history,
    courseTitle: courseRow?.title ?? request.courseId,
    lesson: lessonInView,
    exercise,
    submission: lastResult,
    studentCode,
    chunks,
    conversationId,
    guards,
  };
}

function citationFor(courseId: string, chunk: RetrievedChunk): TutorCitation {
  return {
    sectionId: chunk.sectionId,
    title: chunk.title,
    url: `/learn/${courseId}/${chunk.lessonKey}#${chunk.sectionId}`,
  };
}

function citationsFor(courseId: string, chunks: RetrievedChunk[]): TutorCitation[] {
  const seen = new Set<string>();
  const out: TutorCitation[] = [];
  for (const chunk of chunks) {
    const key = `${chunk.lessonKey}#${chunk.sectionId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(citationFor(courseId, chunk));
  }
  return out;
}

function excerpt(text: string, max = 500): string {
  const plain = text.replace(/\n{3,}/g, "\n\n").trim();
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max);
  const end = Math.max(cut.lastIndexOf("\n\n"), cut.lastIndexOf(". "));
  return `${end > max / 2 ? cut.slice(0, end + 1) : cut}…`;
}

function hintLine(turn: PreparedTurn, exercise: TutorExercise | undefined): string | null {
  if (!exercise) return null;
  const hint = nextHint({ exerciseTitle: exercise.title, hints: exercise.hints }, turn.history);
  return hint ? `${hint.label} for "${exercise.title}": ${hint.text}` : null;
}

/** The answer without a model: the best passages, cited, and the exercise's next hint. */
export function retrievalAnswer(turn: PreparedTurn): { answer: string; citations: TutorCitation[] } {
  const shown = turn.chunks.slice(0, PASSAGES_SHOWN);
  const courseId = turn.request.courseId;
  const parts = [
    "No language model is configured on this server, so the tutor answers with the course passages that best match your question.",
  ];
  if (shown.length === 0) {
    parts.push(
      "No passage of the course matches your question; try other words, or name the idea you are stuck on.",
    );
  }
  for (const chunk of shown) {
    const { url } = citationFor(courseId, chunk);
    parts.push(`**${chunk.title}** [${chunk.sectionId}](${url})\n\n${excerpt(chunk.text)}`);
  }
  if (turn.submission && turn.submission.failed.length > 0) {
    parts.push(
      "Tests that did not pass:\n" +
        turn.submission.failed.map((t) => `- ${t.name}${t.message ? `: ${t.message}` : ""}`).join("\n"),
    );
  }
  const hint = hintLine(turn, turn.exercise);
  if (hint) parts.push(hint);
  return { answer: parts.join("\n\n"), citations: citationsFor(courseId, shown) };
}

/** What replaces an answer that would give a solution away, or a request for one. */
function hintInstead(turn: PreparedTurn, leakedExercise: TutorExercise | undefined): string {
  const exercise = turn.exercise ?? leakedExercise;
  const hint = hintLine(turn, exercise);
  const section = exercise?.sectionId ? ` Re-read [${exercise.sectionId}] with that in mind.` : "";
  return (
    "I can't share the solution or the hidden tests: working it out yourself is how it sticks. " +
    (hint
      ? `Here is a step in the right direction. ${hint}${section}`
      : `Try the next small step yourself.${section}`) +
    " What have you tried so far?"
  );
}

function compositeGuard(guards: ExerciseGuard[]): SolutionGuard & { leakedExercise?: TutorExercise } {
  const composite: SolutionGuard & { leakedExercise?: TutorExercise } = {
    check(answer: string): LeakVerdict {
      let last: LeakVerdict = openGuard.check(answer);
      for (const { exercise, guard } of guards) {
        last = guard.check(answer);
        if (last.leaked) {
          composite.leakedExercise = exercise;
          return last;
        }
      }
      return last;
    },
  };
  return composite;
}

/** Runs a prepared turn: the answer's events, then stores the exchange. */
export async function* runTurn(deps: TutorDeps, turn: PreparedTurn): AsyncGenerator<TutorEvent> {
  const courseId = turn.request.courseId;
  const mode: TutorMode = deps.chatModel ? "llm" : "retrieval";
  let answer = "";
  let citations: TutorCitation[];

  if (!deps.chatModel) {
    const result = retrievalAnswer(turn);
    answer = result.answer;
    citations = result.citations;
    yield { type: "delta", text: answer };
  } else if (deps.screenInjection !== false && findInjection(turn.question, turn.studentCode)) {
    answer = hintInstead(turn, undefined);
    citations = citationsFor(courseId, turn.chunks.slice(0, 1));
    yield { type: "delta", text: answer };
  } else {
    const guard = compositeGuard(turn.guards);
    const answerGuard = new AnswerGuard(guard);
    const messages = buildChatMessages({
      courseTitle: turn.courseTitle,
      question: turn.question,
      history: turn.history,
      lesson: turn.lesson,
      sectionId: turn.request.sectionId,
      exercise: turn.exercise && {
        key: turn.exercise.key,
        title: turn.exercise.title,
        prompt: turn.exercise.prompt,
        nextHint: hintLine(turn, turn.exercise),
      },
      studentCode: turn.studentCode,
      lastResult: turn.submission
        ? { status: turn.submission.status, failed: turn.submission.failed }
        : undefined,
      chunks: turn.chunks,
    });
    let failure: string | null = null;
    try {
      for await (const delta of deps.chatModel.stream(messages)) {
        const out = answerGuard.push(delta);
        if (out) yield { type: "delta", text: out };
        if (answerGuard.leaked) break;
      }
      const rest = answerGuard.finish();
      if (rest) yield { type: "delta", text: rest };
    } catch (error) {
      if (!(error instanceof TutorModelError)) throw error;
      failure = error.message;
    }
    answer = answerGuard.text;
    if (answerGuard.leaked) {
      const replacement = (answer.trim() ? "\n\n" : "") + hintInstead(turn, guard.leakedExercise);
      answer += replacement;
      yield { type: "delta", text: replacement };
    }
    if (failure) {
      answer += (answer ? "\n\n" : "") + failure;
      yield { type: "error", message: failure };
    }
    const cited = citedSectionIds(answer, turn.chunks);
    // In the order the answer cites them, a section before an exercise prompt of the same id; an
    // answer that cites nothing still points to its best passage.
    const bySection = (id: string) =>
      turn.chunks.find((c) => c.sectionId === id && c.kind === "section") ??
      turn.chunks.find((c) => c.sectionId === id);
    const used = cited.length > 0 ? cited.flatMap((id) => bySection(id) ?? []) : turn.chunks.slice(0, 1);
    citations = citationsFor(courseId, used);
  }

  yield { type: "citations", items: citations };
  await recordExchange(deps.db, turn.conversationId, turn.question, {
    content: answer,
    mode,
    citations,
    submissionId: turn.request.submissionId,
  });
  yield { type: "done", mode, conversationId: turn.conversationId };
}

/** The whole answer at once (the non-streaming API and tRPC). A model failure is thrown. */
export async function askTutor(deps: TutorDeps, request: TutorRequest): Promise<TutorAnswer> {
  const turn = await prepareTurn(deps, request);
  let answer = "";
  let citations: TutorCitation[] = [];
  let mode: TutorMode = "retrieval";
  let failure: string | null = null;
  for await (const event of runTurn(deps, turn)) {
    if (event.type === "delta") answer += event.text;
    else if (event.type === "citations") citations = event.items;
    else if (event.type === "error") failure = event.message;
    else mode = event.mode;
  }
  if (failure) throw new TutorModelError(failure);
  return { answer, citations, mode, conversationId: turn.conversationId };
}
