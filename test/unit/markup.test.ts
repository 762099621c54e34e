import { describe, expect, it } from 'vitest';
import { applyMarkup, inOpenFence, markupForKey, toggleFence, toggleWrap } from '../../web/src/lib/markup';

const key = (
  k: string,
  mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {},
) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('composer formatting keys (lib/markup)', () => {
  it("maps Slack's keys, with Ctrl or Cmd", () => {
    expect(markupForKey(key('b', { ctrlKey: true }))).toBe('bold');
    expect(markupForKey(key('b', { metaKey: true }))).toBe('bold');
    expect(markupForKey(key('i', { ctrlKey: true }))).toBe('italic');
    expect(markupForKey(key('X', { ctrlKey: true, shiftKey: true }))).toBe('strike');
    expect(markupForKey(key('C', { metaKey: true, shiftKey: true }))).toBe('code');
    expect(markupForKey(key('C', { ctrlKey: true, shiftKey: true, altKey: true }))).toBe('codeBlock');
    expect(markupForKey(key('b'))).toBeNull();
    expect(markupForKey(key('c', { ctrlKey: true }))).toBeNull();
    expect(markupForKey(key('k', { ctrlKey: true }))).toBeNull();
  });

  it('wraps the selection, keeping its outer spaces outside, and selects what was wrapped', () => {
    expect(toggleWrap('say hi now', 4, 6, '**')).toEqual({ text: 'say **hi** now', start: 6, end: 8 });
    expect(toggleWrap('say hi  now', 3, 8, '_')).toEqual({ text: 'say _hi_  now', start: 5, end: 7 });
  });

  it('with nothing selected, puts the caret between a new pair', () => {
    expect(toggleWrap('ab', 1, 1, '`')).toEqual({ text: 'a``b', start: 2, end: 2 });
  });

  it('unwraps what is already wrapped, selected with or without its markers', () => {
    expect(toggleWrap('say **hi** now', 6, 8, '**')).toEqual({ text: 'say hi now', start: 4, end: 6 });
    expect(toggleWrap('say **hi** now', 4, 10, '**')).toEqual({ text: 'say hi now', start: 4, end: 6 });
  });

  it('fences the selection on lines of its own, and unfences it', () => {
    const fenced = toggleFence('see x = 1 here', 4, 9);
    expect(fenced).toEqual({ text: 'see \n```\nx = 1\n```\n here', start: 9, end: 14 });
    expect(toggleFence('```\nx\n```', 0, 9)).toEqual({ text: 'x', start: 0, end: 1 });
    expect(applyMarkup('', 0, 0, 'codeBlock')).toEqual({ text: '```\n\n```', start: 4, end: 4 });
  });

  it('knows when the caret is inside an open code block', () => {
    expect(inOpenFence('```js\nconst a', 13)).toBe(true);
    expect(inOpenFence('```js\nx\n```\n', 12)).toBe(false);
    expect(inOpenFence('plain', 5)).toBe(false);
  });
});
