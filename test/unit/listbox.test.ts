import { describe, expect, it } from 'vitest';
import { listboxAction } from '../../web/src/lib/listbox';

describe('suggestion list keys (lib/listbox)', () => {
  it('moves with wrapping, picks with Enter or Tab, dismisses with Escape, and leaves other keys', () => {
    expect(listboxAction('ArrowDown', 2, 3)).toEqual({ move: 0 });
    expect(listboxAction('ArrowUp', 0, 3)).toEqual({ move: 2 });
    expect(listboxAction('Enter', 1, 3)).toBe('pick');
    expect(listboxAction('Tab', 1, 3)).toBe('pick');
    expect(listboxAction('Escape', 1, 3)).toBe('dismiss');
    expect(listboxAction('a', 1, 3)).toBeNull();
    expect(listboxAction('Enter', 0, 0)).toBeNull();
  });
});
