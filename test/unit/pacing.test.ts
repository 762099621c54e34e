import { CROSS_ROOM_RATE_COUNT, CROSS_ROOM_RATE_WINDOW_MS, RATE_LIMIT_COUNT, RATE_LIMIT_WINDOW_MS } from '@chat/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLOCK_MARGIN_MS, createPacer, nextSendAt, type Pace } from '../../web/src/lib/pacing';

const pace: Pace = { count: RATE_LIMIT_COUNT, windowMs: RATE_LIMIT_WINDOW_MS, slowModeMs: 0 };
const global = { count: CROSS_ROOM_RATE_COUNT, windowMs: CROSS_ROOM_RATE_WINDOW_MS };
const times = (n: number, from = 0, step = 250) => Array.from({ length: n }, (_, i) => from + i * step);

describe('nextSendAt', () => {
  it('lets a send go at once while the window has room', () => {
    expect(nextSendAt(times(9), times(9), 3_000, pace, global)).toEqual({ at: 3_000 });
  });

  it('holds the eleventh of a burst until the first is a full window old', () => {
    const ten = times(10); // acknowledged at 0, 250, …, 2250
    expect(nextSendAt(ten, ten, 2_500, pace, global)).toEqual({ at: 10_000 });
    // the twelfth waits for the second
    const eleven = [...ten, 10_050];
    expect(nextSendAt(eleven, eleven, 10_100, pace, global)).toEqual({ at: 10_250 });
  });

  it('waits for an acknowledgement when the send that holds the window has none yet', () => {
    const marks = [null, ...times(9, 250)];
    expect(nextSendAt(marks, marks, 3_000, pace, global)).toEqual({ at: null });
    // a newer unacknowledged send does not matter to the window
    const later = [...times(9), null];
    expect(nextSendAt(later, later, 3_000, pace, global)).toEqual({ at: 10_000 });
  });

  it('keeps slow mode: the previous send in the room must be slowModeMs old', () => {
    const slow = { ...pace, slowModeMs: 30_000 };
    expect(nextSendAt([1_000], [1_000], 2_000, slow, global)).toEqual({ at: 31_000 });
    expect(nextSendAt([null], [null], 2_000, slow, global)).toEqual({ at: null });
    expect(nextSendAt([], [], 2_000, slow, global)).toEqual({ at: 2_000 });
  });

  it('keeps under the cross-room limit that would mute the sender', () => {
    // 30 sends spread over rooms in the last minute: the room itself is quiet
    const all = times(CROSS_ROOM_RATE_COUNT, 0, 1_000);
    expect(nextSendAt([], all, 30_000, pace, global)).toEqual({ at: CROSS_ROOM_RATE_WINDOW_MS });
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

  /** Twelve sends 250 ms apart, each acknowledged 100 ms after it goes; returns when each went. */
  async function burst(count: number, roomId = 'r') {
    const pacer = createPacer(() => pace, global);
    const went: number[] = [];
    let chain = Promise.resolve();
    for (let i = 0; i < count; i++) {
      await vi.advanceTimersByTimeAsync(i === 0 ? 0 : 250);
      chain = chain.then(async () => {
        await pacer.turn(roomId);
        went.push(Date.now());
        const mark = pacer.sent(roomId);
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

  it('frees the slot of a refused send', async () => {
    const pacer = createPacer(() => pace, global);
    for (let i = 0; i < RATE_LIMIT_COUNT; i++) pacer.acked(pacer.sent('r'));
    const refused = pacer.sent('r');
    pacer.failed(refused);
    let ready = false;
    void pacer.turn('r').then(() => (ready = true));
    await vi.advanceTimersByTimeAsync(RATE_LIMIT_WINDOW_MS - 1);
    expect(ready).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(ready).toBe(true);
  });

  it('does not hold one room back for another room’s burst', async () => {
    const pacer = createPacer(() => pace, global);
    for (let i = 0; i < RATE_LIMIT_COUNT; i++) pacer.acked(pacer.sent('busy'));
    let ready = false;
    void pacer.turn('quiet').then(() => (ready = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(ready).toBe(true);
  });

  it('after a reload, holds the next send until the ledger’s oldest send of the window is a window old (plus the clock margin)', async () => {
    // ten sends the server stamped 250 ms apart, the last one 1 s before the page came back
    vi.setSystemTime(5_000);
    const pacer = createPacer(() => pace, global);
    pacer.seed('r', times(10, 1_750).reverse());
    let ready = false;
    void pacer.turn('r').then(() => (ready = true));
    const opens = 1_750 + RATE_LIMIT_WINDOW_MS + CLOCK_MARGIN_MS;
    await vi.advanceTimersByTimeAsync(opens - 5_000 - 1);
    expect(ready).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(ready).toBe(true);
  });

  it('holds nothing back for a ledger older than the window, and keeps the page’s own marks over a later seed', async () => {
    vi.setSystemTime(60_000);
    const pacer = createPacer(() => pace, global);
    pacer.seed('old', times(10, 0));
    let ready = false;
    void pacer.turn('old').then(() => (ready = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(ready).toBe(true);

    for (let i = 0; i < RATE_LIMIT_COUNT; i++) pacer.acked(pacer.sent('mine'));
    pacer.seed('mine', []);
    let held = true;
    void pacer.turn('mine').then(() => (held = false));
    await vi.advanceTimersByTimeAsync(0);
    expect(held).toBe(true);
  });

  it('counts seeded sends toward the cross-room limit', async () => {
    vi.setSystemTime(30_000);
    const pacer = createPacer(() => pace, global);
    // 30 sends over the last half minute, ten in each of three rooms, none in the fourth
    for (const [k, room] of ['a', 'b', 'c'].entries()) pacer.seed(room, times(10, k * 10_000, 1_000));
    let ready = false;
    void pacer.turn('quiet').then(() => (ready = true));
    await vi.advanceTimersByTimeAsync(CROSS_ROOM_RATE_WINDOW_MS + CLOCK_MARGIN_MS - 30_000 - 1);
    expect(ready).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(ready).toBe(true);
  });
});
