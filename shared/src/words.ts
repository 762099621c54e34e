/** How many search tokens a message carries at most, and how long each may be (firestore.rules). */
export const MAX_WORDS = 60;
export const MAX_WORD_LENGTH = 40;

/**
 * The search tokens of a message text: lowercase, unique, in order of first appearance, split
 * at anything that is not a letter, mark or digit. Tokens longer than MAX_WORD_LENGTH are
 * dropped (nobody searches for them) and only the first MAX_WORDS are kept. The UI searches
 * with `array-contains` on one token of the query, computed by this same function.
 */
export function searchWords(text: string): string[] {
  const words = new Set<string>();
  for (const token of text.toLowerCase().split(/[^\p{L}\p{M}\p{N}]+/u)) {
    if (words.size >= MAX_WORDS) break;
    // both measures: the rules may count code points or UTF-16 units
    if (token.length === 0 || token.length > MAX_WORD_LENGTH) continue;
    words.add(token);
  }
  return [...words];
}
