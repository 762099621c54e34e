import { CROSS_ROOM_RATE_COUNT, CROSS_ROOM_RATE_WINDOW_MS, RATE_LIMIT_COUNT, RATE_LIMIT_WINDOW_MS } from '@chat/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLOCK_MARGIN_MS, createPacer, nextSendAt, type Window } from '../../web/src/lib/pacing';

/** the rules' one ledger for all rooms, and the function's cross-room mute */
const windows: Window[] = [
  { count: RATE_LIMIT_COUNT, windowMs: RATE_LIMIT_WINDOW_MS },
  { count: CROSS_ROOM_RATE_COUNT, windowMs: CROSS_ROOM_RATE_WINDOW_MS },
];
const times = (n: number, from = 0, step = 250) => Array.from({ length: n }, (_, i) => from + i * step);

describe('nextSendAt', () => {
  it('lets a send go at once while the window has room', () => {
    expect(nextSendAt(times(9), undefined, 3_000, 0, windows)).toEqual({ at: 3_000 });
  });

  it('holds the eleventh of a burst until the first is a full window old', () => {
    const ten = times(10); // acknowledged at 0, 250, …, 2250
    expect(nextSendAt(ten, 2_250, 2_500, 0, windows)).toEqual({ at: 10_000 });
    // the twelfth waits for the second
    const eleven = [...ten, 10_050];
    expect(nextSendAt(eleven, 10_050, 10_100, 0, windows)).toEqual({ at: 10_250 });
  });

  it('waits for an acknowledgement when the send that holds the window has none yet', () => {
    const marks = [null, ...times(9, 250)];
    expect(nextSendAt(marks, undefined, 3_000, 0, windows)).toEqual({ at: null });
    // a newer unacknowledged send does not matter to the window
    const later = [...times(9), null];
    expect(nextSendAt(later, undefined, 3_000, 0, windows)).toEqual({ at: 10_000 });
  });

  it('keeps slow mode: the previous send in the room must be slowModeMs old', () => {
    expect(nextSendAt([1_000], 1_000, 2_000, 30_000, windows)).toEqual({ at: 31_000 });
    expect(nextSendAt([null], null, 2_000, 30_000, windows)).toEqual({ at: null });
    // a send to another room does not count for this room's slow mode
    expect(nextSendAt([1_000], undefined, 2_000, 30_000, windows)).toEqual({ at: 2_000 });
  });

  it('keeps under the cross-room limit that would mute the sender', () => {
    const all = times(CROSS_ROOM_RATE_COUNT, 0, 1_000);
    expect(nextSendAt(all, undefined, 30_000, 0, windows)).toEqual({ at: CROSS_ROOM_RATE_WINDOW_MS });
  });
});

describe('createPacer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** `count` sends 250 ms apart to `rooms` in turn, each acknowledged 100 ms after it goes; returns when each went. */
  async function burst(count: number, rooms = ['r']) {
    const pacer = createPacer(() => 0, windows);
    const went: number[] = [];
    let chain = Promise.resolve();
    for (let i = 0; i < count; i++) {
      await vi.advanceTimersByTimeAsync(i === 0 ? 0 : 250);
      chain = chain.then(async () => {
        const mark = await pacer.turn(rooms[i % rooms.length]!);
        went.push(Date.now());
        setTimeout(() => pacer.acked(mark), 100);
      });
    }
    await vi.advanceTimersByTimeAsync(30_000);
    await chain;
    return went;
  }

  it('sends the first ten of a burst at once and the rest as the window opens, none refused', async () => {
    const went = await burst(12);
    expect(went.slice(0, 10)).toEqual(times(10));
    // the eleventh waits until the first send's acknowledgement (at 100 ms) is a window old
    expect(went[10]).toBe(100 + RATE_LIMIT_WINDOW_MS);
    expect(went[11]).toBe(350 + RATE_LIMIT_WINDOW_MS);
    // no window of RATE_LIMIT_WINDOW_MS holds more than RATE_LIMIT_COUNT sends
    for (const t of went) expect(went.filter((u) => u >= t && u < t + RATE_LIMIT_WINDOW_MS).length).toBeLessThanOrEqual(RATE_LIMIT_COUNT);
  });

  it('paces a burst spread over rooms as one: the ledger counts every room together', async () => {
    const went = await burst(12, ['a', 'b', 'c']);
    expect(went[10]).toBe(100 + RATE_LIMIT_WINDOW_MS);
  });

  it('gives the window’s last place to one room when two rooms’ turns come at once', async () => {
    const pacer = createPacer(() => 0, windows);
    for (let i = 0; i < RATE_LIMIT_COUNT - 1; i++) pacer.acked(await pacer.turn('a'));
    const went: string[] = [];
    void pacer.turn('a').then(() => went.push('a'));
    void pacer.turn('b').then(() => went.push('b'));
    await vi.advanceTimersByTimeAsync(0);
    expect(went).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(RATE_LIMIT_WINDOW_MS);
    expect(went).toEqual(['a', 'b']);
  });

  it('frees the slot of a refused send', async () => {
    const pacer = createPacer(() => 0, windows);
    for (let i = 0; i < RATE_LIMIT_COUNT; i++) pacer.acked(await pacer.turn('r'));
    let ready = false;
    void pacer.turn('r').then(() => (ready = true));
    await vi.advanceTimersByTimeAsync(RATE_LIMIT_WINDOW_MS - 1);
    expect(ready).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(ready).toBe(true);

    const refused = createPacer(() => 0, windows);
    for (let i = 0; i < RATE_LIMIT_COUNT - 1; i++) refused.acked(await refused.turn('r'));
    refused.failed(await refused.turn('r'));
    let again = false;
    void refused.turn('r').then(() => (again = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(again).toBe(true);
  });

  it('holds one room in slow mode without holding back another', async () => {
    const pacer = createPacer((roomId) => (roomId === 'slow' ? 30_000 : 0), windows);
    pacer.acked(await pacer.turn('slow'));
    const went: string[] = [];
    void pacer.turn('slow').then(() => went.push('slow'));
    void pacer.turn('quiet').then(() => went.push('quiet'));
    await vi.advanceTimersByTimeAsync(0);
    expect(went).toEqual(['quiet']);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(went).toEqual(['quiet', 'slow']);
  });

  it('after a reload, holds the next send until the ledger’s oldest send of the window is a window old (plus the clock margin)', async () => {
    // ten sends (in any rooms) the server stamped 250 ms apart, the last one 1 s before the page came back
    vi.setSystemTime(5_000);
    const pacer = createPacer(() => 0, windows);
    pacer.seed(times(10, 1_750).reverse());
    let ready = false;
    void pacer.turn('r').then(() => (ready = true));
    const opens = 1_750 + RATE_LIMIT_WINDOW_MS + CLOCK_MARGIN_MS;
    await vi.advanceTimersByTimeAsync(opens - 5_000 - 1);
    expect(ready).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(ready).toBe(true);
  });

  it('after a reload, keeps slow mode from the room’s stamp', async () => {
    vi.setSystemTime(10_000);
    const pacer = createPacer(() => 30_000, windows);
    pacer.seed([]);
    pacer.seedRoom('slow', 5_000);
    let ready = false;
    void pacer.turn('slow').then(() => (ready = true));
    await vi.advanceTimersByTimeAsync(5_000 + 30_000 + CLOCK_MARGIN_MS - 10_000 - 1);
    expect(ready).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(ready).toBe(true);
  });

  it('holds nothing back for a ledger older than the window, and keeps the page’s own marks over a later seed', async () => {
    vi.setSystemTime(60_000);
    const pacer = createPacer(() => 0, windows);
    pacer.seed(times(10, 0));
    let ready = false;
    void pacer.turn('old').then(() => (ready = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(ready).toBe(true);

    const mine = createPacer(() => 0, windows);
    for (let i = 0; i < RATE_LIMIT_COUNT; i++) mine.acked(await mine.turn('mine'));
    mine.seed([]);
    let held = true;
    void mine.turn('mine').then(() => (held = false));
    await vi.advanceTimersByTimeAsync(0);
    expect(held).toBe(true);
  });
});
