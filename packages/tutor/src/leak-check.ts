import { abstractTokens, codeTokens } from "./code-tokens.ts";

// The output check: does an answer give the reference solution away?
//
// Both the answer and the solution are cut into code tokens. Solution tokens the student can already
// see (the starter, the visible tests, the exercise prompt, the lesson, their own code) are "public":
// a solution token is public when a run of PUBLIC_SHINGLE tokens around it also appears in public text.
// The answer leaks when it reproduces a contiguous run of the solution holding at least
// MAX_SECRET_RUN non-public tokens, or when all its matching runs together cover at least
// MAX_SECRET_SHARE of the solution's non-public tokens. A second pass compares with identifiers
// abstracted ("ID"), so renamed variables do not slip through; it needs a longer run because
// abstract token runs are more common by chance. Comments are not code tokens, so the author's own
// comments in the secret file are matched as text: an answer repeating one leaks too.
//
// The thresholds are set by leak-check.test.ts: any line that carries the solution's idea (the
// pair-building line, the counting line, the inner loop: 19 to 21 secret tokens) is caught, and so is
// the whole solution with renamed variables; a generic idiom (`for (const word of words) {`, a loop
// header, 8 secret tokens) or the one declaration the starter's return type implies
// (`const counts = new Map<string, number>();`, 7) is not, nor are the starter's signature, the
// visible tests and the lesson's own code.

export const PUBLIC_SHINGLE = 6;
export const MAX_SECRET_RUN = 10;
export const MAX_SECRET_SHARE = 0.25;
export const MAX_ABSTRACT_RUN = 20;
/** Solution comments shorter than this (after trimming) are too generic to count ("// loop"). */
export const MIN_SECRET_COMMENT = 12;

export type LeakVerdict = {
  leaked: boolean;
  /** The longest run of non-public solution tokens the answer reproduces. */
  longestSecretRun: number;
  /** Share of the solution's non-public tokens the answer reproduces (runs of PUBLIC_SHINGLE+ tokens: shorter common runs are too generic to count). */
  secretShare: number;
  longestAbstractRun: number;
  /** The answer repeats a comment the author wrote in the solution (comments are not code tokens). */
  secretComment: boolean;
};

export type SolutionGuard = {
  check(answer: string): LeakVerdict;
};

function shingles(tokens: string[], size: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + size <= tokens.length; i++) out.add(tokens.slice(i, i + size).join("\u0001"));
  return out;
}

/**
 * What the student can already see, prepared once: token runs (plain and abstracted) and the text
 * itself for comments. A course version's corpus is built once and shared by every guard.
 */
export type PublicCorpus = { shingles: Set<string>; abstractShingles: Set<string>; normalized: string };

export function buildPublicCorpus(texts: string[]): PublicCorpus {
  const tokens = texts.flatMap((t) => [...codeTokens(t), "\u0000"]);
  return {
    shingles: shingles(tokens, PUBLIC_SHINGLE),
    abstractShingles: shingles(abstractTokens(tokens), PUBLIC_SHINGLE * 2),
    normalized: normalizeText(texts.join("\n")),
  };
}

/** Marks each solution token that sits inside a run of `size` tokens found in some public corpus. */
function publicMask(solution: string[], known: Set<string>[], size: number): boolean[] {
  const mask = solution.map(() => false);
  for (let i = 0; i + size <= solution.length; i++) {
    const shingle = solution.slice(i, i + size).join("\u0001");
    if (known.some((set) => set.has(shingle))) {
      for (let j = i; j < i + size; j++) mask[j] = true;
    }
  }
  return mask;
}

type Run = { start: number; length: number };

/** Maximal common runs between answer and solution, as spans of solution positions (DP, O(n*m)). */
function commonRuns(answer: string[], solution: string[], minLength: number): Run[] {
  const runs: Run[] = [];
  let prev = new Uint32Array(solution.length + 1);
  let cur = new Uint32Array(solution.length + 1);
  for (let i = 1; i <= answer.length; i++) {
    for (let j = 1; j <= solution.length; j++) {
      const length = answer[i - 1] === solution[j - 1] ? prev[j - 1]! + 1 : 0;
      cur[j] = length;
      // Record a run where it ends: the next tokens on both sides differ (or one side ends).
      const continues = i < answer.length && j < solution.length && answer[i] === solution[j];
      if (length >= minLength && !continues) runs.push({ start: j - length, length });
    }
    [prev, cur] = [cur, prev];
  }
  return runs;
}

function normalizeText(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}

/** The author's comments in the secret file that appear in no public corpus. */
function secretComments(code: string, corpora: PublicCorpus[]): string[] {
  const out: string[] = [];
  for (const match of code.matchAll(/\/\/([^\n]*)|\/\*([\s\S]*?)\*\//g)) {
    const text = normalizeText((match[1] ?? match[2] ?? "").replace(/^\s*\*/gm, ""));
    if (text.length >= MIN_SECRET_COMMENT && !corpora.some((c) => c.normalized.includes(text)))
      out.push(text);
  }
  return out;
}

/** How many of the solution's tokens are not public: 0 means the course already shows it all. */
export type SolutionGuardWithSize = SolutionGuard & { secretTokens: number };

export function createSolutionGuard(
  solutionCode: string,
  publicTexts: string[] | PublicCorpus[],
): SolutionGuardWithSize {
  const corpora = publicTexts.map((t) => (typeof t === "string" ? buildPublicCorpus([t]) : t));
  const comments = secretComments(solutionCode, corpora);
  const solution = codeTokens(solutionCode);
  const mask = publicMask(
    solution,
    corpora.map((c) => c.shingles),
    PUBLIC_SHINGLE,
  );
  const secretTotal = mask.filter((m) => !m).length;
  const abstractSolution = abstractTokens(solution);
  const abstractMask = publicMask(
    abstractSolution,
    corpora.map((c) => c.abstractShingles),
    PUBLIC_SHINGLE * 2,
  );

  return {
    secretTokens: secretTotal,
    check(answer: string): LeakVerdict {
      const tokens = codeTokens(answer);
      let longestSecretRun = 0;
      const covered = new Set<number>();
      for (const run of commonRuns(tokens, solution, PUBLIC_SHINGLE)) {
        let secret = 0;
        for (let j = run.start; j < run.start + run.length; j++) {
          if (!mask[j]) {
            secret++;
            covered.add(j);
          }
        }
        longestSecretRun = Math.max(longestSecretRun, secret);
      }
      let longestAbstractRun = 0;
      for (const run of commonRuns(abstractTokens(tokens), abstractSolution, MAX_ABSTRACT_RUN)) {
        let secret = 0;
        for (let j = run.start; j < run.start + run.length; j++) if (!abstractMask[j]) secret++;
        longestAbstractRun = Math.max(longestAbstractRun, secret);
      }
      const secretShare = secretTotal === 0 ? 0 : covered.size / secretTotal;
      const normalizedAnswer = normalizeText(answer);
      const secretComment = comments.some((c) => normalizedAnswer.includes(c));
      return {
        leaked:
          secretComment ||
          longestSecretRun >= MAX_SECRET_RUN ||
          (secretShare >= MAX_SECRET_SHARE && covered.size >= MAX_SECRET_RUN) ||
          longestAbstractRun >= MAX_ABSTRACT_RUN,
        longestSecretRun,
        secretShare,
        longestAbstractRun,
        secretComment,
      };
    },
  };
}

/** A guard for answers that are not about an exercise: nothing to leak. */
export const openGuard: SolutionGuard = {
  check: () => ({
    leaked: false,
    longestSecretRun: 0,
    secretShare: 0,
    longestAbstractRun: 0,
    secretComment: false,
  }),
};
