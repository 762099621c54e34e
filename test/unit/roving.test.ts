import { describe, expect, it } from 'vitest';
import { activeItem, rovingTarget } from '../../web/src/lib/roving';

const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

describe('roving focus', () => {
  it('gives the Tab stop to the item chosen last, or the newest when that is gone or none was chosen', () => {
    expect(activeItem(ids, 'c')).toBe('c');
    expect(activeItem(ids, null)).toBe('g');
    expect(activeItem(ids, 'gone')).toBe('g');
    expect(activeItem([], 'c')).toBeNull();
  });

  it('moves by one, by a page and to the ends, and stops there', () => {
    expect(rovingTarget('ArrowUp', ids, 'c')).toBe('b');
    expect(rovingTarget('ArrowDown', ids, 'c')).toBe('d');
    expect(rovingTarget('ArrowUp', ids, 'a')).toBe('a');
    expect(rovingTarget('ArrowDown', ids, 'g')).toBe('g');
    expect(rovingTarget('PageUp', ids, 'f', 3)).toBe('c');
    expect(rovingTarget('PageUp', ids, 'b', 3)).toBe('a');
    expect(rovingTarget('PageDown', ids, 'e', 3)).toBe('g');
    expect(rovingTarget('Home', ids, 'd')).toBe('a');
    expect(rovingTarget('End', ids, 'd')).toBe('g');
  });

  it('starts from the newest item when the current one is unknown, and ignores other keys', () => {
    expect(rovingTarget('ArrowUp', ids, null)).toBe('f');
    expect(rovingTarget('ArrowUp', ids, 'gone')).toBe('f');
    expect(rovingTarget('Enter', ids, 'c')).toBeNull();
    expect(rovingTarget('ArrowLeft', ids, 'c')).toBeNull();
    expect(rovingTarget('ArrowUp', [], null)).toBeNull();
  });
});
