import { describe, expect, it } from 'vitest';
import { DEFAULT_MODERATION, cleanWords, judge, mergeConfigs, screenName } from '../../functions/src/lib/moderation';
import { countLinks, countMentions, foldChar, tokenize } from '../../functions/src/lib/normalize';
import type { ModerationConfig } from '@chat/shared';

const config: ModerationConfig = {
  terms: {
    bad: 'mask',
    ass: 'mask',
    shit: 'mask',
    'spam*': 'mask',
    'kill yourself': 'hide',
    nazi: 'hide',
  },
  reportThreshold: 3,
  maxLinks: 5,
  maxMentions: 10,
};

const caught = (text: string) => judge(text, [], config).action !== 'none';

describe('blocklist evasions: each is caught, and a clean look-alike is not', () => {
  const cases: Array<[string, string, string]> = [
    // [evasion, caught, clean]
    ['case', 'this is BAD', 'a badge on the bed'],
    ['accents', 'so bád, so bàd', 'a bid for the bud'],
    ['repeated letters', 'baaaaad and asssss', 'as good as it gets'],
    ['zero-width characters', 'b\u200bad and b\u2060a\ufeffd', 'a b\u200b and a d'],
    ['leet digits and symbols', 'b4d, 8@d and $h1t', 'shift 4 items, pay $5'],
    ['Cyrillic and Greek look-alikes', 'b\u0430d and n\u0430z\u0456 and ν\u03b1zi', 'Привет, как дела'],
    ['separators between letters', 'b.a.d, b a d, b-a-d, b_a_d', 'grab a drink in a bar, then crab adventure'],
    ['full-width and ligature forms', 'ｂａｄ', 'ｂｅｄ'],
    ['prefix terms', 'what a spammer', 'a day at the spa'],
    ['multi-word terms', 'KILL    y0urself', 'kill the process yourself'],
  ];
  for (const [name, bad, clean] of cases) {
    it(`${name}: "${bad}" is caught, "${clean}" is not`, () => {
      expect(caught(bad)).toBe(true);
      expect(caught(clean)).toBe(false);
    });
  }

  it('does not join ordinary words across a single letter', () => {
    expect(caught('a b a d idea')).toBe(true);
    expect(caught('i am a dad')).toBe(false);
  });
});

describe('verdicts', () => {
  it('mask rewrites only the matched words, keeping spaces and length', () => {
    const verdict = judge('you are b a d, really BAAAD!', [], config);
    expect(verdict.action).toBe('mask');
    expect(verdict.text).toBe('you are * * *, really *****!');
    expect(verdict.reasons).toEqual(['blocked-term']);
  });

  it('hide wins over mask and names the term only for moderators', () => {
    const verdict = judge('bad and nazi', [], config);
    expect(verdict.action).toBe('hide');
    expect(verdict.reasons).toEqual(['blocked-term']);
    expect(verdict.details).toContain('term:nazi');
  });

  it('link flooding: more than maxLinks links hides, maxLinks does not', () => {
    const links = (n: number) => Array.from({ length: n }, (_, i) => `https://example.com/${i}`).join(' ');
    expect(countLinks(links(6))).toBe(6);
    expect(judge(links(6), [], config)).toMatchObject({ action: 'hide', reasons: ['link-flood'] });
    expect(judge(links(5), [], config).action).toBe('none');
  });

  it('mass mentions: more than maxMentions hides, from the mentions list or the text', () => {
    const uids = Array.from({ length: 11 }, (_, i) => `u${i}`);
    expect(judge('hi all', uids, config)).toMatchObject({ action: 'hide', reasons: ['mass-mention'] });
    expect(judge(uids.map((u) => `@${u}`).join(' '), [], config).action).toBe('hide');
    expect(countMentions('mail me at a@b.c', [])).toBe(0);
    expect(judge('hi', uids.slice(0, 10), config).action).toBe('none');
  });

  it('masked words leave the search words', () => {
    expect(cleanWords(['you', 'are', 'bad', 'ok'], config)).toEqual(['you', 'are', 'ok']);
  });

  it("and the starts of masked words with them (the index holds prefixes: 'shi' must not find 'shit')", () => {
    expect(cleanWords(['oh', 'shit', 'shipping', 'shi', 'ship'], config)).toEqual(['oh', 'shipping', 'ship']);
  });
});

describe('normalisation', () => {
  it('folds accents, case, look-alikes and drops invisible characters', () => {
    expect(foldChar('É')).toBe('e');
    expect(foldChar('\u200b')).toBe('');
    expect(foldChar('0')).toBe('o');
    expect(foldChar('\u0440')).toBe('p');
    expect(tokenize('Héllo, wörld').map((t) => t.text)).toEqual(['heiio', 'worid']);
  });
});

describe('configuration', () => {
  it('room terms add to global ones (the room wins a term), room numbers win, defaults fill gaps', () => {
    const merged = mergeConfigs(
      { terms: { a: 'hide', c: 'mask' }, reportThreshold: 5, maxLinks: 2 },
      { terms: { b: 'other', c: 'allow', '': 'hide' }, reportThreshold: 2 },
    );
    expect(merged).toEqual({
      terms: { a: 'hide', b: 'mask', c: 'allow' },
      reportThreshold: 2,
      maxLinks: 2,
      maxMentions: 10,
    });
    expect(mergeConfigs(undefined, undefined).reportThreshold).toBe(3);
  });

  it('reads terms stored before they became a map (a list of {term, severity})', () => {
    expect(mergeConfigs({ terms: [{ term: 'a', severity: 'hide' }, { nonsense: true }] }, undefined).terms).toEqual({
      a: 'hide',
    });
  });
});

describe('the shipped list (obscenity): a fresh deploy filters with nothing configured', () => {
  const fresh = DEFAULT_MODERATION;
  const shipped = (text: string, config = fresh) => judge(text, [], config);

  it.each([
    ['plain', 'what the fuck'],
    ['leet', 'you are full of sh1t'],
    ['repeated letters', 'fuuuuuck this'],
    ['spelled out', 'f u c k this'],
    ['dotted', 'f.u.c.k this'],
    ['a Greek look-alike', 'f\u03bcck'],
    ['a Cyrillic look-alike', '\u0455hit happens'],
    ['a zero-width space inside', 'bi\u200btch'],
  ])('%s: masked', (_case, text) => {
    const verdict = shipped(text);
    expect(verdict.action).toBe('mask');
    // every letter of the word is masked; spaces stay
    expect(verdict.text.replace(/[^*]/g, '').length).toBeGreaterThanOrEqual(4);
    expect(verdict.details.some((d) => d.startsWith('term:built-in:'))).toBe(true);
  });

  it.each([
    'Scunthorpe',
    'an assessment of the class',
    'Dickens and cockney',
    'analysis of the canal',
    'the therapist',
    'a cocktail in Essex',
    // numbers are not words: leet reads 455 as "ass" and 717 as "tit" (the load test's message #455 came back masked)
    'order #455 shipped, call 717-555-0100',
  ])(
    'its own allowances keep "%s" clean',
    (text) => {
      expect(shipped(text).action).toBe('none');
    },
  );

  it("a community's allow terms exempt its false positives: a word of the list, or a longer word", () => {
    expect(shipped('cockpit checklist').action).toBe('mask');
    expect(shipped('cockpit checklist', { ...fresh, terms: { cockpit: 'allow' } }).action).toBe('none');
    expect(shipped('sex education').action).toBe('mask');
    expect(shipped('sex education', { ...fresh, terms: { sex: 'allow' } }).action).toBe('none');
  });

  it('names are masked, never hidden', () => {
    expect(screenName('Big Shit Energy', fresh)).toBe('Big **** Energy');
    expect(screenName('Ana Lima', fresh)).toBe('Ana Lima');
    expect(screenName('nazi fan', config)).toBe('**** fan');
  });
});
