/**
 * Fuzzy matching for the quick switcher: the query's characters in order, anywhere in the name
 * ("gnrl" finds "general"), case- and accent-insensitive. Matches at the start of the name and
 * of its words, and runs of consecutive characters, rank first, as in Slack's and VS Code's.
 */
export interface FuzzyMatch {
  score: number;
  /** positions of the matched characters in [...name] (code points), for highlighting */
  indices: number[];
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();

/** Whether letters[i] starts a word: the first letter, after a separator, or a camelCase capital. */
function wordStart(letters: readonly string[], i: number): boolean {
  if (i === 0) return true;
  const before = letters[i - 1] ?? '';
  const here = letters[i] ?? '';
  return /[\s\-_./#@]/u.test(before) || (/\p{Ll}/u.test(before) && /\p{Lu}/u.test(here));
}

export function fuzzyMatch(query: string, name: string): FuzzyMatch | null {
  const q = fold(query.trim());
  if (!q) return { score: 0, indices: [] };
  // per character (code point) of the name, folded, so indices are the name's characters
  const letters = [...name];
  const chars = letters.map((c) => fold(c));
  const indices: number[] = [];
  let score = 0;
  let from = 0;
  for (const c of q) {
    if (c === ' ') continue;
    // a later word start holding c beats the next plain c ("gr" in "great room": g, then the r of room)
    let at = chars.indexOf(c, from);
    const start = chars.findIndex((ch, i) => i >= from && ch === c && wordStart(letters, i));
    if (start > at && indices.length > 0 && at !== (indices.at(-1) ?? -2) + 1) at = start;
    if (at < 0) return null;
    const previous = indices.at(-1);
    score += 1;
    if (wordStart(letters, at)) score += 3;
    if (previous !== undefined && at === previous + 1) score += 2;
    if (previous !== undefined) score -= Math.min(3, (at - previous - 1) * 0.2);
    indices.push(at);
    from = at + 1;
  }
  if (indices[0] === 0) score += 2;
  const plain = fold(name);
  if (plain.startsWith(q)) score += 10;
  else if (plain.includes(q)) score += 5;
  return { score, indices };
}
