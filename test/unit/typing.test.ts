import { describe, expect, it } from 'vitest';
import { activeTypists, typingLabel, TypingThrottle } from '../../web/src/lib/typing';

describe('typing', () => {
  it('says who is typing in words', () => {
    expect(typingLabel([])).toBe('');
    expect(typingLabel(['Ana'])).toBe('Ana is typing');
    expect(typingLabel(['Ana', 'Ben'])).toBe('Ana and Ben are typing');
    expect(typingLabel(['Ana', 'Ben', 'Cy'])).toBe('3 people are typing');
  });

  it('shows recent typists other than me', () => {
    const now = 100_000;
    const list = [
      { uid: 'me', displayName: 'Me', at: now },
      { uid: 'b', displayName: 'Ben', at: now - 1000 },
      { uid: 'a', displayName: 'Ana', at: now - 2000 },
      { uid: 'old', displayName: 'Old', at: now - 60_000 },
    ];
    expect(activeTypists(list, 'me', now).map((t) => t.uid)).toEqual(['a', 'b']);
  });

  it('writes at most once per interval, and at once after stopping', () => {
    const t = new TypingThrottle(3000);
    expect(t.shouldWrite(0)).toBe(true);
    expect(t.shouldWrite(1000)).toBe(false);
    expect(t.shouldWrite(2999)).toBe(false);
    expect(t.shouldWrite(3000)).toBe(true);
    t.stopped();
    expect(t.active).toBe(false);
    expect(t.shouldWrite(3100)).toBe(true);
  });
});
