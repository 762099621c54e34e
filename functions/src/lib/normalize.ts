/**
 * Text normalisation for the blocklist. Pure, so it is unit-tested without the emulator
 * (test/unit/moderation.test.ts).
 *
 * Each character is folded to a canonical form: zero-width and soft-hyphen characters vanish;
 * NFKD splits accents and compatibility forms (full-width letters, ligatures) and the marks are
 * dropped; case is lowered; look-alikes (leet digits and symbols, Cyrillic and Greek letters that
 * render like Latin ones) map to the letter they imitate. 'i', 'l', '1', '|' share one class
 * because each is written for the others. Words are compared by runs, so repeated letters
 * ("baaad") still match, and a run of single letters split by separators ("b.a.d", "b a d")
 * is joined into one word.
 */

/** Invisible characters used to split a word without showing it (code point ranges). */
const INVISIBLE: Array<[number, number]> = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
];

function invisible(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return INVISIBLE.some(([lo, hi]) => cp >= lo && cp <= hi);
}

const LOOK_ALIKES: Record<string, string> = {
  // leet and symbols
  '0': 'o',
  '1': 'i',
  '|': 'i',
  '3': 'e',
  '4': 'a',
  '@': 'a',
  '5': 's',
  $: 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '6': 'g',
  '2': 'z',
  l: 'i',
  // Cyrillic
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  з: 'z',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ь: 'b',
  // Greek
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
};

const LETTER = /[\p{L}\p{N}]/u;
const MARKS = /\p{M}/gu;

/** The canonical form of one character: '' for invisible ones, a separator stays itself. */
export function foldChar(ch: string): string {
  if (invisible(ch)) return '';
  const base = ch.normalize('NFKD').replace(MARKS, '').toLowerCase();
  let out = '';
  for (const c of base) out += LOOK_ALIKES[c] ?? c;
  return out;
}

/**
 * A lighter fold for the shipped list's matcher, which resolves leet and repeated letters itself:
 * invisible characters vanish, accents and compatibility forms are split off, case is lowered
 * and Cyrillic and Greek look-alikes become the Latin letters they imitate; digits and symbols
 * stay. `origin[i]` is the [start, end) of the original character that folded text index i came
 * from, so a match maps back onto the text.
 */
export function foldPlain(text: string): { text: string; origin: Array<[number, number]> } {
  let out = '';
  const origin: Array<[number, number]> = [];
  let index = 0;
  for (const ch of text) {
    const span: [number, number] = [index, index + ch.length];
    index += ch.length;
    if (invisible(ch)) continue;
    const base = ch.normalize('NFKD').replace(MARKS, '').toLowerCase();
    for (const c of base) {
      const mapped = c.charCodeAt(0) > 0x7f ? (LOOK_ALIKES[c] ?? c) : c;
      out += mapped;
      for (let k = 0; k < mapped.length; k++) origin.push(span);
    }
  }
  return { text: out, origin };
}

function isLetter(folded: string): boolean {
  return folded.length > 0 && [...folded].every((c) => LETTER.test(c));
}

export interface Token {
  /** canonical letters */
  text: string;
  /** code-unit range in the original text */
  start: number;
  end: number;
}

/** Canonical words of `text`, with the original span of each. */
export function tokenize(text: string): Token[] {
  const words: Token[] = [];
  let current: Token | null = null;
  let index = 0;
  for (const ch of text) {
    const folded = foldChar(ch);
    if (folded === '') {
      // invisible: neither a letter nor a separator; a word continues through it
    } else if (isLetter(folded)) {
      current ??= { text: '', start: index, end: index };
      current.text += folded;
      current.end = index + ch.length;
    } else if (current) {
      words.push(current);
      current = null;
    }
    index += ch.length;
  }
  if (current) words.push(current);
  return words;
}

type Runs = Array<[string, number]>;

/** Run-length form: "baaad" -> [b,1][a,3][d,1]. */
export function runs(word: string): Runs {
  const out: Runs = [];
  for (const c of word) {
    const last = out[out.length - 1];
    if (last && last[0] === c) last[1] += 1;
    else out.push([c, 1]);
  }
  return out;
}

/**
 * A text word matches a term word when it has the same letters in the same order, each run at
 * least as long as the term's ("baaad" matches "bad"; "as" does not match "ass").
 * A term ending in '*' matches as a prefix ("spam*" matches "spammer").
 */
function wordMatches(word: string, term: { runs: Runs; prefix: boolean }): boolean {
  const w = runs(word);
  if (term.prefix ? w.length < term.runs.length : w.length !== term.runs.length) return false;
  return term.runs.every(([c, n], i) => {
    const r = w[i];
    return r !== undefined && r[0] === c && r[1] >= n;
  });
}

export interface CompiledTerm<S extends string = string> {
  term: string;
  severity: S;
  words: Array<{ runs: Runs; prefix: boolean }>;
}

export function compileTerm<S extends string>(term: string, severity: S): CompiledTerm<S> | null {
  const trimmed = term.trim();
  const prefix = trimmed.endsWith('*');
  const words = tokenize(prefix ? trimmed.slice(0, -1) : trimmed).map((t, i, all) => ({
    runs: runs(t.text),
    prefix: prefix && i === all.length - 1,
  }));
  return words.length > 0 ? { term: trimmed, severity, words } : null;
}

/**
 * Candidate words: the text's words, plus every stretch of two or more consecutive
 * single-letter words joined ("b a d", "b.a.d" -> "bad"), so spelled-out terms are caught
 * without joining ordinary words ("crab adventure" never becomes "crabadventure").
 */
function candidates(tokens: Token[]): Token[][] {
  const out: Token[][] = tokens.map((t) => [t]);
  let i = 0;
  while (i < tokens.length) {
    let j = i;
    while (j < tokens.length && [...tokens[j]!.text].length === 1) j++;
    for (let a = i; a < j; a++) {
      for (let b = a + 2; b <= j; b++) out.push(tokens.slice(a, b));
    }
    i = j === i ? i + 1 : j;
  }
  return out;
}

export interface Hit<S extends string = string> {
  term: string;
  severity: S;
  start: number;
  end: number;
}

/** Every place a term occurs in `text`. */
export function findTerms<S extends string>(text: string, terms: CompiledTerm<S>[]): Hit<S>[] {
  if (terms.length === 0) return [];
  const tokens = tokenize(text);
  const words: Token[] = candidates(tokens).map((group) => ({
    text: group.map((t) => t.text).join(''),
    start: group[0]!.start,
    end: group[group.length - 1]!.end,
  }));
  const byStart = new Map<number, Token[]>();
  for (const w of words) byStart.set(w.start, [...(byStart.get(w.start) ?? []), w]);
  const hits: Hit<S>[] = [];
  for (const term of terms) {
    for (const first of words) {
      if (!wordMatches(first.text, term.words[0]!)) continue;
      // a multi-word term continues with the words that follow, in order
      let end = first.end;
      let ok = true;
      for (const next of term.words.slice(1)) {
        const following = tokens.find((t) => t.start >= end);
        const options = following ? (byStart.get(following.start) ?? []) : [];
        const match = options.find((w) => wordMatches(w.text, next));
        if (!match) {
          ok = false;
          break;
        }
        end = match.end;
      }
      if (ok) hits.push({ term: term.term, severity: term.severity, start: first.start, end });
    }
  }
  return hits;
}

/** Replaces each hit's span with asterisks, keeping spaces so the sentence keeps its shape. */
export function maskSpans(text: string, spans: Array<{ start: number; end: number }>): string {
  const chars = [...text];
  const out: string[] = [];
  let index = 0;
  for (const ch of chars) {
    const masked = spans.some((s) => index >= s.start && index < s.end) && !/\s/u.test(ch);
    out.push(masked ? '*' : ch);
    index += ch.length;
  }
  return out.join('');
}

const LINK = /\b(?:https?:\/\/|www\.)[^\s<>]+/giu;
const MENTION = /(?:^|\s)@[\p{L}\p{N}_.-]+/gu;

export function countLinks(text: string): number {
  return text.match(LINK)?.length ?? 0;
}

export function countMentions(text: string, mentions: readonly string[]): number {
  return Math.max(mentions.length, text.match(MENTION)?.length ?? 0);
}
