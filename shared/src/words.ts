/** How many search tokens a message carries at most, and how long each may be (firestore.rules). */
export const MAX_WORDS = 60;
export const MAX_WORD_LENGTH = 40;

/** The shortest start of a word that search finds the word by ("bui" finds "build"). */
export const MIN_PREFIX = 3;

/**
 * The search tokens of a text: lowercase, unique, in order of first appearance, split at
 * anything that is not a letter, mark or digit. Tokens longer than MAX_WORD_LENGTH are dropped
 * (nobody searches for them) and only the first MAX_WORDS are kept. A query is split by this
 * function; a message stores indexWords().
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

/**
 * What a message stores in `words`, the index search queries with `array-contains`: its words
 * (searchWords), then the starts of those words from MIN_PREFIX characters on, so a query of a
 * word's start finds it ("buil" finds "build"), while the list lasts: at most MAX_WORDS entries in
 * all, the rules' bound and the message's index entries. A message of up to about a dozen words
 * is indexed with every prefix; a longer one keeps all its words and the prefixes of its first.
 */
export function indexWords(text: string): string[] {
  const words = searchWords(text);
  const out = new Set(words);
  for (const word of words) {
    const chars = [...word];
    for (let n = MIN_PREFIX; n < chars.length; n++) {
      if (out.size >= MAX_WORDS) return [...out];
      out.add(chars.slice(0, n).join(''));
    }
  }
  return [...out];
}
