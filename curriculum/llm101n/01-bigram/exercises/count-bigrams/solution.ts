/**
 * Count the character bigrams of a list of words, with "." marking where each word starts and ends.
 * Keys are the two characters joined ("em", ".e", "a."); values are the counts over all the words.
 */
export function countBigrams(words: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of words) {
    const chs = [".", ...word, "."];
    for (let i = 0; i + 1 < chs.length; i++) {
      const pair = `${chs[i]}${chs[i + 1]}`;
      counts.set(pair, (counts.get(pair) ?? 0) + 1);
    }
  }
  return counts;
}
