import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { avatarColor, avatarHue, initials } from '../../web/src/lib/avatar';
import { byActivity, formatUnread, totalUnread } from '../../web/src/lib/unread';
import { formatAgo, formatListTime } from '../../web/src/lib/time';
import { inviteLink, newInviteCode, prefixRange } from '../../web/src/lib/search';

describe('avatars', () => {
  it('takes the first letters of the first and last word', () => {
    expect(initials('Ana Lopez')).toBe('AL');
    expect(initials('  ben  ')).toBe('B');
    expect(initials('chloé de la Tour')).toBe('CT');
    expect(initials('')).toBe('?');
  });
  it('keeps a stable colour per uid, spread over the wheel', () => {
    expect(avatarHue('uid-1')).toBe(avatarHue('uid-1'));
    expect(avatarColor('abc')).toMatch(/^hsl\(\d+ 55% 28%\)$/);
    const hues = new Set(['a', 'b', 'c', 'd', 'e', 'f'].map(avatarHue));
    expect(hues.size).toBeGreaterThan(3);
    fc.assert(fc.property(fc.string(), (s) => avatarHue(s) >= 0 && avatarHue(s) < 360));
  });
});

describe('unread counts', () => {
  it('shows nothing for 0, exact numbers to 99, then 99+', () => {
    expect(formatUnread(0)).toBe('');
    expect(formatUnread(1)).toBe('1');
    expect(formatUnread(99)).toBe('99');
    expect(formatUnread(100)).toBe('99+');
  });
  it('adds up the total', () => {
    expect(totalUnread([1, 2, 0, 100])).toBe(103);
  });
});

describe('room order', () => {
  it('puts the latest activity first, counting an empty room from its creation', () => {
    const rooms = [
      { id: 'old', lastMessageAtMs: 10, createdAtMs: 1 },
      { id: 'new-empty', lastMessageAtMs: null, createdAtMs: 20 },
      { id: 'recent', lastMessageAtMs: 30, createdAtMs: 2 },
    ];
    expect(byActivity(rooms).map((r) => r.id)).toEqual(['recent', 'new-empty', 'old']);
  });
  it('is a stable total order', () => {
    const room = fc.record({
      id: fc.string(),
      lastMessageAtMs: fc.option(fc.nat()),
      createdAtMs: fc.option(fc.nat()),
    });
    fc.assert(
      fc.property(fc.array(room), (rooms) => {
        const once = byActivity(rooms);
        expect(byActivity(once)).toEqual(once);
        expect(byActivity(rooms.slice().reverse()).map((r) => r.id)).toEqual(once.map((r) => r.id));
      }),
    );
  });
});

describe('times', () => {
  const now = new Date(2026, 10, 25, 15, 0);
  it('shows the time today, the weekday this week, else the date', () => {
    expect(formatListTime(new Date(2026, 10, 25, 9, 5), now, 'en-GB')).toBe('09:05');
    expect(formatListTime(new Date(2026, 10, 23, 9, 5), now, 'en-GB')).toBe('Mon');
    expect(formatListTime(new Date(2026, 9, 2, 9, 5), now, 'en-GB')).toBe('2 Oct');
  });
  it('says how long ago', () => {
    const t = now.getTime();
    expect(formatAgo(t - 5_000, t)).toBe('just now');
    expect(formatAgo(t - 5 * 60_000, t)).toBe('5 minutes ago');
    expect(formatAgo(t - 3 * 3_600_000, t)).toBe('3 hours ago');
    expect(formatAgo(t - 30 * 3_600_000, t)).toBe('yesterday');
    expect(formatAgo(t - 72 * 3_600_000, t)).toBe('3 days ago');
    expect(formatAgo(t - 5 * 60_000, t, 'de')).toBe('vor 5 Minuten');
    expect(formatAgo(t - 30 * 3_600_000, t, 'de')).toBe('gestern');
  });
});

describe('search and invites', () => {
  it('makes a prefix range on the lower-cased term', () => {
    expect(prefixRange('  An ')).toEqual(['an', 'an\uf8ff']);
    expect(prefixRange('   ')).toBeNull();
  });
  it('makes 16-character codes from an unambiguous alphabet', () => {
    const code = newInviteCode();
    expect(code).toMatch(/^[a-km-np-z2-9]{16}$/);
    expect(newInviteCode()).not.toBe(code);
    expect(newInviteCode(() => new Uint8Array(16))).toBe('a'.repeat(16));
  });
  it('builds the join link', () => {
    expect(inviteLink('https://x.test', 'r1', 'abc')).toBe('https://x.test/invite/r1/abc');
  });
});
