/**
 * The searchable words of a message: lowercase unique tokens of its text, at most 60, each
 * 1..40 characters. The same semantics as shared/src/words.ts (the rules bound `words` by
 * them); kept here until that module is on this branch so edits and search agree with sends.
 */
export const MAX_WORDS = 60;
export const MAX_WORD_LENGTH = 40;

export function wordsOf(text: string): string[] {
  const seen = new Set<string>();
  for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length === 0) continue;
    seen.add(raw.slice(0, MAX_WORD_LENGTH));
    if (seen.size >= MAX_WORDS) break;
  }
  return [...seen];
}
