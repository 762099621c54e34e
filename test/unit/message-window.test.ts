import { describe, expect, it } from 'vitest';
import {
  applyChanges,
  byTime,
  mergeLoaded,
  passedUnseen,
  RecentWindows,
  type Change,
  type Timed,
} from '../../web/src/lib/messageWindow';

type M = Timed & { text?: string };
const m = (id: string, at: number | null, text = id): M => ({
  id,
  createdAt: at === null ? null : { toMillis: () => at },
  text,
});
const ids = (list: readonly Timed[]) => list.map((x) => x.id);
const added = (doc: M, newIndex: number): Change<M> => ({ type: 'added', oldIndex: -1, newIndex, doc });
const removed = (doc: M, oldIndex: number): Change<M> => ({ type: 'removed', oldIndex, newIndex: -1, doc });

describe('byTime', () => {
  it('orders by time, then by id; a message without a time goes last', () => {
    const list = [m('b', 2), m('z', null), m('a', 2), m('c', 1)];
    expect(ids(list.sort(byTime))).toEqual(['c', 'a', 'b', 'z']);
  });
});

describe('applyChanges', () => {
  // the live window is newest first, as its query (createdAt desc) returns it
  const window = [m('c', 3), m('b', 2), m('a', 1)];

  it('inserts, moves and removes by the indexes Firestore reports', () => {
    const edited = m('b', 2, 'edited');
    const { next, dropped, vanished } = applyChanges(
      window,
      [added(m('d', 4), 0), { type: 'modified', oldIndex: 2, newIndex: 2, doc: edited }],
      new Set(),
    );
    expect(ids(next)).toEqual(['d', 'c', 'b', 'a']);
    expect(next[2]?.text).toBe('edited');
    expect(dropped).toEqual([]);
    expect(vanished).toEqual([]);
  });

  it('a confirmed message pushed out of the window is dropped, to be kept outside it', () => {
    const { next, dropped } = applyChanges(window, [added(m('d', 4), 0), removed(m('a', 1), 3)], new Set());
    expect(ids(next)).toEqual(['d', 'c', 'b']);
    expect(ids(dropped)).toEqual(['a']);
  });

  it('a pending message that leaves the window vanished: the server refused it', () => {
    const { next, dropped, vanished } = applyChanges(window, [removed(m('c', 3), 0)], new Set(['c']));
    expect(ids(next)).toEqual(['b', 'a']);
    expect(dropped).toEqual([]);
    expect(vanished).toEqual(['c']);
  });

  it('leaves the window it was given alone', () => {
    applyChanges(window, [removed(m('c', 3), 0)], new Set());
    expect(ids(window)).toEqual(['c', 'b', 'a']);
  });

  it('a move (modified with a new index) keeps one copy', () => {
    const { next } = applyChanges(
      window,
      [{ type: 'modified', oldIndex: 0, newIndex: 2, doc: m('c', 0.5) }],
      new Set(),
    );
    expect(ids(next)).toEqual(['b', 'a', 'c']);
  });
});

describe('passedUnseen', () => {
  const full = [m('z', 30), m('y', 29), m('x', 28)];

  it('a full window entirely newer than the newest message before: something passed unseen', () => {
    expect(passedUnseen(m('c', 3), full, 3, false)).toBe(true);
  });

  it('not when the window still reaches back to what was there', () => {
    expect(passedUnseen(m('x', 28), full, 3, false)).toBe(false);
  });

  it('not for a window that is not full (the room has fewer messages than it holds)', () => {
    expect(passedUnseen(m('c', 3), full.slice(0, 2), 3, false)).toBe(false);
  });

  it('not from the cache (it may hold only part of what is between), nor for a first snapshot', () => {
    expect(passedUnseen(m('c', 3), full, 3, true)).toBe(false);
    expect(passedUnseen(null, full, 3, false)).toBe(false);
  });
});

describe('mergeLoaded', () => {
  it('keeps one copy of each message, from the first part that has it, oldest first', () => {
    const live = [m('c', 3, 'live copy'), m('b', 2)];
    const older = [m('b', 2, 'older copy'), m('a', 1)];
    const merged = mergeLoaded(live, older);
    expect(ids(merged)).toEqual(['a', 'b', 'c']);
    expect(merged.find((x) => x.id === 'c')?.text).toBe('live copy');
    expect(merged.find((x) => x.id === 'b')?.text).toBe('b');
  });
});

describe('RecentWindows', () => {
  const window = [m('c', 3), m('b', 2), m('a', 1)];

  it('hands a room its window as left, once, without the messages still pending', () => {
    const recent = new RecentWindows<M>(2);
    recent.keep('r1', window, new Set(['c']));
    expect(ids(recent.take('r1') ?? [])).toEqual(['b', 'a']);
    expect(recent.take('r1')).toBeNull();
    expect(recent.take('never-left')).toBeNull();
  });

  it('keeps the rooms left last: the one left longest ago goes first, and leaving again renews', () => {
    const recent = new RecentWindows<M>(2);
    recent.keep('r1', window, new Set());
    recent.keep('r2', window, new Set());
    recent.keep('r1', [m('d', 4)], new Set());
    recent.keep('r3', window, new Set());
    expect(recent.take('r2')).toBeNull();
    expect(ids(recent.take('r1') ?? [])).toEqual(['d']);
    expect(recent.take('r3')).not.toBeNull();
  });

  it('forgets a room left with nothing to show (empty, or its listener failed)', () => {
    const recent = new RecentWindows<M>(2);
    recent.keep('r1', window, new Set());
    recent.keep('r1', [], new Set());
    expect(recent.take('r1')).toBeNull();
  });
});
