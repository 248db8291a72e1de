// The exercise's hint ladder (exercise.yaml `hints`, from a nudge to nearly the answer). The tutor
// climbs it one rung per request for help, counting the hints it already gave in the conversation.

export type HintLadder = { exerciseTitle: string; hints: string[] };

const HINT_LABEL = /\bHint (\d+) of (\d+)\b/g;

/** How many rungs the conversation has climbed: the highest "Hint n of m" an assistant message shows. */
export function hintsGiven(history: { role: string; content: string }[]): number {
  let highest = 0;
  for (const message of history) {
    if (message.role !== "assistant") continue;
    for (const match of message.content.matchAll(HINT_LABEL)) highest = Math.max(highest, Number(match[1]));
  }
  return highest;
}

/** The next rung, or the top one again once the ladder is climbed; null when there are no hints. */
export function nextHint(
  ladder: HintLadder,
  history: { role: string; content: string }[],
): { index: number; text: string; label: string } | null {
  const total = ladder.hints.length;
  if (total === 0) return null;
  const index = Math.min(hintsGiven(history), total - 1);
  return { index, text: ladder.hints[index]!, label: `Hint ${index + 1} of ${total}` };
}
