import data from 'emoji-picker-element-data/en/iamcal/data.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { MAX_EMOJI_UTF16, emojiKey, insertEmoji, isEmoji, shortcodeQueryAt } from '../../web/src/lib/emoji';

interface Entry {
  emoji: string;
  skins?: { emoji: string }[];
}

describe('emoji (lib/emoji)', () => {
  it('takes every emoji of the picker, with every skin tone, within MAX_EMOJI_UTF16', () => {
    const all = (data as Entry[]).flatMap((e) => [e.emoji, ...(e.skins ?? []).map((s) => s.emoji)]);
    expect(all.length).toBeGreaterThan(3000);
    const refused = all.filter((e) => emojiKey(e) === null);
    expect(refused).toEqual([]);
    expect(Math.max(...all.map((e) => emojiKey(e)!.length))).toBeLessThanOrEqual(MAX_EMOJI_UTF16);
  });

  it('stores one spelling: the RGI one', () => {
    expect(emojiKey('👍\uFE0F')).toBe('👍');
    expect(emojiKey('❤')).toBe('❤️');
    expect(emojiKey('🧑🏻‍❤️‍💋‍🧑🏼')).toBe('🧑🏻‍❤️‍💋‍🧑🏼');
    expect(isEmoji('👍')).toBe(true);
    expect(isEmoji('👍\uFE0F')).toBe(false);
  });

  it('refuses text, markup, several emoji and a lone joiner', () => {
    for (const key of ['', 'a', 'ok', '<script>', '👍👍', '👍 ', '\u200D', '1', '#', ':+1:', 'x'.repeat(40)]) {
      expect(isEmoji(key), JSON.stringify(key)).toBe(false);
    }
  });

  it('finds the :shortcode being typed', () => {
    expect(shortcodeQueryAt('hi :thu', 7)).toEqual({ start: 3, query: 'thu' });
    expect(shortcodeQueryAt(':+1', 3)).toEqual({ start: 0, query: '+1' });
    expect(shortcodeQueryAt('hi :t', 5)).toBeNull();
    expect(shortcodeQueryAt('a:thu', 5)).toBeNull();
    expect(shortcodeQueryAt('10:30', 5)).toBeNull();
    expect(insertEmoji('hi :thu there', 3, 7, '👍')).toEqual({ text: 'hi 👍 there', caret: 6 });
  });
});
