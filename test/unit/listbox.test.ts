import { describe, expect, it, vi } from 'vitest';
import { handleListboxKey, listboxAction } from '../../web/src/lib/listbox';

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

  it('works a key on the list: moves the active option, picks it or dismisses, and keeps the keys that are not its own', () => {
    const key = (k: string) =>
      ({ key: k, preventDefault: vi.fn() }) as unknown as KeyboardEvent & { preventDefault: ReturnType<typeof vi.fn> };
    const active = { value: 2 };
    const pick = vi.fn();
    const dismiss = vi.fn();
    const options = ['a', 'b', 'c'];

    const down = key('ArrowDown');
    expect(handleListboxKey(down, options, active, { pick, dismiss })).toBe(true);
    expect(active.value).toBe(0);
    expect(down.preventDefault).toHaveBeenCalled();

    expect(handleListboxKey(key('Enter'), options, active, { pick, dismiss })).toBe(true);
    expect(pick).toHaveBeenCalledWith('a');
    expect(handleListboxKey(key('Escape'), options, active, { pick, dismiss })).toBe(true);
    expect(dismiss).toHaveBeenCalledOnce();

    const letter = key('x');
    expect(handleListboxKey(letter, options, active, { pick, dismiss })).toBe(false);
    expect(letter.preventDefault).not.toHaveBeenCalled();
    expect(handleListboxKey(key('Enter'), [], active, { pick, dismiss })).toBe(false);
    expect(pick).toHaveBeenCalledOnce();
  });
});
