/**
 * The shipped blocklist: the English dataset of `obscenity` (MIT; words from wooorm's `cuss`,
 * with each word's patterns and its false-positive allowances, e.g. "assess", "Dickens",
 * "Scunthorpe"-style words), so a fresh deploy filters without anyone typing a word in. It runs
 * beside the configured terms: the library matches with its own confusable, leet and
 * repeated-letter handling, on text this module first rids of invisible characters and
 * look-alike letters, and on runs of single letters joined ("f u c k").
 *
 * A community's own false positives are `allow` terms in config/moderation (or the room's): an
 * allowed word of the dataset is dropped from it, any other allowed word or phrase becomes an
 * allowance, inside which nothing is matched.
 */
import {
  DataSet,
  RegExpMatcher,
  englishDataset,
  englishRecommendedTransformers,
} from 'obscenity';
import { foldPlain, tokenize, type Hit } from './normalize.js';

export const BUILT_IN = 'built-in';

interface Built {
  matcher: RegExpMatcher;
  words: Map<number, string>;
}

const cache = new Map<string, Built>();

function build(allow: readonly string[]): Built {
  const key = [...allow].sort().join('\n');
  const cached = cache.get(key);
  if (cached) return cached;
  const allowed = new Set(allow.map((a) => a.trim().toLowerCase()));
  const dataset = new DataSet<{ originalWord: string }>()
    .addAll(englishDataset)
    .removePhrasesIf((phrase) => allowed.has(phrase.metadata?.originalWord ?? ''));
  const { blacklistedTerms, whitelistedTerms } = dataset.build();
  const words = new Map<number, string>();
  for (const term of blacklistedTerms) {
    const word = dataset.getPayloadWithPhraseMetadata({ termId: term.id, startIndex: 0, endIndex: 0, matchLength: 0 })
      .phraseMetadata?.originalWord;
    words.set(term.id, word ?? 'term');
  }
  const matcher = new RegExpMatcher({
    blacklistedTerms,
    whitelistedTerms: [...(whitelistedTerms ?? []), ...[...allowed].filter((a) => a.length > 0)],
    ...englishRecommendedTransformers,
  });
  const built = { matcher, words };
  // a handful of distinct allow lists exist (the global one, a few rooms'): keep them all
  if (cache.size > 200) cache.clear();
  cache.set(key, built);
  return built;
}

/** Spans of `text` the shipped list catches, unless `allow` exempts them. */
export function builtInHits(text: string, allow: readonly string[] = []): Hit<'mask'>[] {
  if (text.trim() === '') return [];
  const { matcher, words } = build(allow);
  const hits: Hit<'mask'>[] = [];
  const scan = (plain: string, origin: (index: number) => [number, number]) => {
    for (const match of matcher.getAllMatches(plain)) {
      const [start] = origin(match.startIndex);
      const [, end] = origin(match.endIndex);
      // leet reads digits as letters ("5h1t"), but a match without a single letter is a number
      // ("order #455", a phone number), never a word
      if (!/\p{L}/u.test(text.slice(start, end))) continue;
      hits.push({ term: `${BUILT_IN}:${words.get(match.termId) ?? 'term'}`, severity: 'mask', start, end });
    }
  };
  const folded = foldPlain(text);
  scan(folded.text, (i) => folded.origin[i] ?? [text.length, text.length]);
  // letters spelled out one by one ("f u c k", "f.u.c.k"): each run of single letters, joined
  const tokens = tokenize(text);
  for (let i = 0; i < tokens.length; ) {
    let j = i;
    while (j < tokens.length && [...tokens[j]!.text].length === 1) j++;
    if (j - i >= 2) {
      const run = tokens.slice(i, j);
      const joined = run.map((t) => foldPlain(text.slice(t.start, t.end)).text).join('');
      for (const match of matcher.getAllMatches(joined)) {
        hits.push({
          term: `${BUILT_IN}:${words.get(match.termId) ?? 'term'}`,
          severity: 'mask',
          start: run[0]!.start,
          end: run[run.length - 1]!.end,
        });
      }
    }
    i = j === i ? i + 1 : j;
  }
  return hits;
}
