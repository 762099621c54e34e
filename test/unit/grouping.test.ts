import { describe, expect, it } from 'vitest';
import { dayLabel, firstUnreadId, groupMessages } from '../../web/src/lib/grouping';

const day = (d: number, h: number, m = 0) => new Date(2026, 10, d, h, m).getTime();
const now = day(25, 12);
const msg = (id: string, authorId: string, at: number, kind?: string) => ({ id, authorId, at, kind });

describe('grouping', () => {
  it('groups by author, breaking on author, day, long pauses and the unread marker', () => {
    const items = groupMessages(
      [
        msg('1', 'ana', day(24, 9)),
        msg('2', 'ana', day(24, 9, 2)),
        msg('3', 'ben', day(24, 9, 3)),
        msg('4', 'ben', day(25, 8)),
        msg('5', 'ben', day(25, 8, 1)),
        msg('6', 'ben', day(25, 8, 30)),
        msg('7', 'ben', day(25, 8, 31)),
      ],
      { now, firstUnreadId: '7' },
    );
    expect(items.map((i) => (i.type === 'message' ? `${i.key}${i.groupStart ? '*' : ''}` : i.type))).toEqual([
      'day',
      '1*',
      '2',
      '3*',
      'day',
      '4*',
      '5',
      '6*',
      'unread',
      '7*',
    ]);
    const days = items.filter((i) => i.type === 'day').map((i) => (i.type === 'day' ? i.label : ''));
    expect(days).toEqual(['Yesterday', 'Today']);
  });

  it('marks a message of a group written in the same minute as the one before it, whose time says nothing new', () => {
    const at = (m: number, s = 0) => day(25, 9, m) + s * 1000;
    const items = groupMessages(
      [msg('1', 'ana', at(0, 5)), msg('2', 'ana', at(0, 40)), msg('3', 'ana', at(1, 2)), msg('4', 'ben', at(1, 9))],
      { now },
    );
    const same = items.flatMap((i) => (i.type === 'message' ? [`${i.key}${i.sameMinute ? '=' : ''}`] : []));
    // the head of a group always shows its time, and so does a message in a new minute
    expect(same).toEqual(['1', '2=', '3', '4']);
  });

  it('labels older days with a date', () => {
    expect(dayLabel(day(20, 9), now, 'en-GB')).toMatch(/20 November/);
    expect(dayLabel(new Date(2025, 0, 2).getTime(), now, 'en-GB')).toMatch(/2025/);
  });

  it('never groups system messages', () => {
    const items = groupMessages([msg('1', 'x', day(25, 9)), msg('2', 'x', day(25, 9), 'system')], { now });
    expect(items.filter((i) => i.type === 'message' && i.groupStart)).toHaveLength(2);
  });

  it('finds the first unread message by someone else after the cursor', () => {
    const list = [msg('1', 'ana', 10), msg('2', 'me', 20), msg('3', 'ana', 30)];
    expect(firstUnreadId(list, 15, 'me')).toBe('3');
    expect(firstUnreadId(list, 5, 'me')).toBe('1');
    expect(firstUnreadId(list, 30, 'me')).toBeNull();
    expect(firstUnreadId(list, null, 'me')).toBeNull();
  });
});
