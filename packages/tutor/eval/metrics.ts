// Retrieval metrics over ranked section ids. recall@k: the share of a question's answer sections found
// in the top k, averaged over questions; MRR: the mean of 1 / rank of the first answer section (0 when
// none is retrieved).

export type EvalQuestion = { q: string; answers: string[] };
export type QuestionScore = { recallAt3: number; recallAt5: number; reciprocalRank: number };

export function scoreRanking(ranked: string[], answers: string[]): QuestionScore {
  const recallAt = (k: number) =>
    answers.filter((a) => ranked.slice(0, k).includes(a)).length / answers.length;
  const first = ranked.findIndex((id) => answers.includes(id));
  return {
    recallAt3: recallAt(3),
    recallAt5: recallAt(5),
    reciprocalRank: first === -1 ? 0 : 1 / (first + 1),
  };
}

export function summarize(scores: QuestionScore[]) {
  const mean = (pick: (s: QuestionScore) => number) =>
    scores.length === 0 ? 0 : scores.reduce((sum, s) => sum + pick(s), 0) / scores.length;
  return {
    recallAt3: mean((s) => s.recallAt3),
    recallAt5: mean((s) => s.recallAt5),
    mrr: mean((s) => s.reciprocalRank),
  };
}
