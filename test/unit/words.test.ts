import { indexWords, MAX_WORDS, MAX_WORD_LENGTH, MIN_PREFIX, searchWords } from '@chat/shared';
import { describe, expect, it } from 'vitest';

describe('searchWords', () => {
  it('lowercases, splits at anything but letters, marks and digits, and keeps first appearances once', () => {
    expect(searchWords('Hello, world! HELLO again: world-2 wide')).toEqual(['hello', 'world', 'again', '2', 'wide']);
  });

  it('keeps letters of any script and accented words whole', () => {
    expect(searchWords('Chloé était là — 東京 Straße')).toEqual(['chloé', 'était', 'là', '東京', 'straße']);
  });

  it('gives [] for text without words', () => {
    expect(searchWords('')).toEqual([]);
    expect(searchWords('  ?! … 🎉 ')).toEqual([]);
  });

  it(`drops tokens longer than ${MAX_WORD_LENGTH} characters and keeps at most ${MAX_WORDS}`, () => {
    expect(searchWords(`${'a'.repeat(MAX_WORD_LENGTH + 1)} ok ${'b'.repeat(MAX_WORD_LENGTH)}`)).toEqual([
      'ok',
      'b'.repeat(MAX_WORD_LENGTH),
    ]);
    const many = Array.from({ length: MAX_WORDS + 15 }, (_, i) => `w${i}`).join(' ');
    const words = searchWords(many);
    expect(words).toHaveLength(MAX_WORDS);
    expect(words.at(-1)).toBe(`w${MAX_WORDS - 1}`);
  });

  it('meets the rules: unique, lowercase, 1..40 characters, no whitespace', () => {
    const words = searchWords('The quick brown fox jumps over the lazy dog. THE END\tnew\nline');
    expect(new Set(words).size).toBe(words.length);
    for (const word of words) {
      expect(word).toBe(word.toLowerCase());
      expect(word).toMatch(/^\S{1,40}$/);
    }
  });
});

describe('indexWords', () => {
  it(`stores each word and its starts from ${MIN_PREFIX} characters on, so "buil" finds "build"`, () => {
    expect(indexWords('Build it, builder')).toEqual(['build', 'it', 'builder', 'bui', 'buil', 'builde']);
    expect(indexWords('Build it, builder')).toContain('buil');
    expect(indexWords('東京タワー')).toEqual(['東京タワー', '東京タ', '東京タワ']);
  });

  it(`keeps every word first and stops at ${MAX_WORDS} entries, in the rules' shape`, () => {
    const many = Array.from({ length: MAX_WORDS + 5 }, (_, i) => `word${i}`).join(' ');
    const index = indexWords(many);
    expect(index).toEqual(searchWords(many));
    // 20 words of 10 letters: 20 words and 140 prefixes, of which the first 40 fit
    const some = Array.from({ length: 20 }, (_, i) => `${String.fromCharCode(97 + i)}bcdefghij`).join(' ');
    const words = indexWords(some);
    expect(words).toHaveLength(MAX_WORDS);
    expect(words.slice(0, 20)).toEqual(searchWords(some));
    expect(words.slice(20, 27)).toEqual(['abc', 'abcd', 'abcde', 'abcdef', 'abcdefg', 'abcdefgh', 'abcdefghi']);
    expect(new Set(words).size).toBe(words.length);
    for (const word of words) expect(word).toMatch(/^\S{1,40}$/);
  });

  it('adds no prefix shorter than the minimum, nor a whole word twice', () => {
    expect(indexWords('ab abc abcd')).toEqual(['ab', 'abc', 'abcd']);
  });
});
