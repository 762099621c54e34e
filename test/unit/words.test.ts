import { MAX_WORDS, MAX_WORD_LENGTH, searchWords } from '@chat/shared';
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
