import { describe, expect, it } from 'vitest';
import { wordsOf } from '../../web/src/lib/words';

describe('words', () => {
  it('lowercases, splits on non-letters and deduplicates', () => {
    expect(wordsOf('Hello, hello WORLD! Café-au-lait 42')).toEqual(['hello', 'world', 'café', 'au', 'lait', '42']);
  });
  it('bounds count and length', () => {
    const many = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ');
    expect(wordsOf(many)).toHaveLength(60);
    expect(wordsOf('x'.repeat(50))[0]).toHaveLength(40);
    expect(wordsOf('')).toEqual([]);
  });
});
