/**
 * Count the character bigrams of a list of words, with "." marking where each word starts and ends.
 * Keys are the two characters joined ("em", ".e", "a."); values are the counts over all the words.
 */
export function countBigrams(words: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of words) {
    // TODO: pad the word with "." on both sides and count each neighbouring pair.
    throw new Error(`TODO: count the bigrams of "${word}"`);
  }
  return counts;
}
