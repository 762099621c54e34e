import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  UnreadCounter,
  knownZero,
  lowerBound,
  toMicros,
  type CountWindow,
  type Timers,
  type UnreadObservation,
} from '../../web/src/lib/unread';

/** Counts that answer when the test says so, in the order it says; `remembered` plays the counts kept over a reload. */
function harness(remembered?: Map<string, { o: UnreadObservation; n: number }>) {
  const calls: {
    roomId: string;
    window: CountWindow;
    resolve: (n: number) => void;
    reject: (e: Error) => void;
    answered: boolean;
  }[] = [];
  const waiting: { run: () => void; ms: number; cleared: boolean }[] = [];
  const timers: Timers = {
    set: (run, ms) => {
      const timer = { run, ms, cleared: false };
      waiting.push(timer);
      return timer;
    },
    clear: (handle) => {
      (handle as { cleared: boolean }).cleared = true;
    },
  };
  const shown = new Map<string, number>();
  const counter = new UnreadCounter({
    count: (roomId, window) =>
      new Promise<number>((resolve, reject) => calls.push({ roomId, window, resolve, reject, answered: false })),
    onCount: (roomId, n) => shown.set(roomId, n),
    timers,
    ...(remembered && {
      recall: (roomId: string, o: UnreadObservation) => {
        const r = remembered.get(roomId);
        return r && JSON.stringify(r.o) === JSON.stringify(o) ? r.n : null;
      },
      remember: (roomId: string, o: UnreadObservation, n: number) => remembered.set(roomId, { o, n }),
    }),
  });
  /** lets the counter see settled promises */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  /** runs the retry timers that are due now, and reports their waits */
  const runTimers = () => {
    const due = waiting.splice(0).filter((t) => !t.cleared);
    for (const t of due) t.run();
    return due.map((t) => t.ms);
  };
  return { counter, calls, shown, settle, runTimers, waiting: () => waiting.filter((t) => !t.cleared) };
}

const obs = (after: number | null, upTo: number | null, version = 1, newestByOthers = true): UnreadObservation => ({
  after,
  upTo,
  version,
  newestByOthers,
});

describe('unread windows', () => {
  it('compares Firestore times to the microsecond', () => {
    expect(toMicros({ seconds: 1_700_000_000, nanoseconds: 123_456_789 })).toBe(1_700_000_000_123_456);
    expect(toMicros(null)).toBeNull();
    // the same millisecond, 1 µs apart: still ordered
    const a = toMicros({ seconds: 10, nanoseconds: 5_000_000 })!;
    const b = toMicros({ seconds: 10, nanoseconds: 5_001_000 })!;
    expect(knownZero({ after: a, upTo: b })).toBe(false);
  });

  it('knows when nothing can be unread without asking the server', () => {
    expect(knownZero({ after: null, upTo: null })).toBe(true);
    expect(knownZero({ after: 10, upTo: 10 })).toBe(true);
    expect(knownZero({ after: 11, upTo: 10 })).toBe(true);
    expect(knownZero({ after: 9, upTo: 10 })).toBe(false);
    expect(knownZero({ after: null, upTo: 10 })).toBe(false);
  });

  it("proves at least 1 when the window ends on someone else's message, nothing for one's own or a notice", () => {
    expect(lowerBound(obs(1, 2, 1, true))).toBe(1);
    expect(lowerBound(obs(1, 2, 1, false))).toBe(0);
    expect(lowerBound(obs(2, 2, 1, true))).toBe(0);
  });
});

describe('UnreadCounter after a reload (offline too)', () => {
  it('shows the count remembered for the very same window at once, and the server’s when it answers', async () => {
    const h = harness(new Map([['r', { o: obs(0, 10), n: 4 }]]));
    h.counter.observe('r', obs(0, 10));
    expect(h.shown.get('r')).toBe(4);
    h.calls[0]!.resolve(5);
    await h.settle();
    expect(h.shown.get('r')).toBe(5);
  });

  it('keeps the remembered count while the count fails (offline) and keeps trying', async () => {
    const h = harness(new Map([['r', { o: obs(0, 10), n: 4 }]]));
    h.counter.observe('r', obs(0, 10));
    h.calls[0]!.reject(new Error('unavailable'));
    await h.settle();
    expect(h.shown.get('r')).toBe(4);
    expect(h.runTimers()).toEqual([1_000]);
    h.calls[1]!.resolve(4);
    await h.settle();
    expect(h.shown.get('r')).toBe(4);
    expect(h.waiting()).toHaveLength(0);
  });

  it('remembers nothing for a window that moved, and never lets an older answer replace a newer recalled one', async () => {
    const remembered = new Map([['r', { o: obs(0, 20, 2), n: 2 }]]);
    const h = harness(remembered);
    h.counter.observe('r', obs(0, 10));
    expect(h.shown.has('r')).toBe(false);
    h.counter.observe('r', obs(0, 20, 2));
    expect(h.shown.get('r')).toBe(2);
    h.calls[0]!.resolve(1);
    await h.settle();
    expect(h.shown.get('r')).toBe(2);
    h.calls[1]!.resolve(2);
    await h.settle();
    // what was shown is kept for the next reload, with its window
    expect(remembered.get('r')).toEqual({ o: obs(0, 20, 2), n: 2 });
  });
});

describe('UnreadCounter: the orders that used to lose a message', () => {
  it('a late answer for an older summary never overwrites the answer for a newer one', async () => {
    const h = harness();
    h.counter.observe('r', obs(0, 10));
    h.counter.observe('r', obs(0, 20, 2));
    expect(h.calls.map((c) => c.window.upTo)).toEqual([10, 20]);
    h.calls[1]!.resolve(2);
    await h.settle();
    expect(h.shown.get('r')).toBe(2);
    h.calls[0]!.resolve(1);
    await h.settle();
    expect(h.shown.get('r')).toBe(2);
  });

  it('an older answer that arrives first is shown, then replaced by the newer one', async () => {
    const h = harness();
    h.counter.observe('r', obs(0, 10));
    h.counter.observe('r', obs(0, 20, 2));
    h.calls[0]!.resolve(1);
    await h.settle();
    expect(h.shown.get('r')).toBe(1);
    h.calls[1]!.resolve(2);
    await h.settle();
    expect(h.shown.get('r')).toBe(2);
  });

  it('a failed count is taken again with backoff until it succeeds, without waiting for another message', async () => {
    const h = harness();
    h.counter.observe('r', obs(0, 10));
    h.calls[0]!.reject(new Error('unavailable'));
    await h.settle();
    expect(h.shown.has('r')).toBe(false);
    expect(h.runTimers()).toEqual([1_000]);
    expect(h.calls).toHaveLength(2);
    h.calls[1]!.reject(new Error('unavailable'));
    await h.settle();
    expect(h.runTimers()).toEqual([2_000]);
    h.calls[2]!.resolve(3);
    await h.settle();
    expect(h.shown.get('r')).toBe(3);
    expect(h.waiting()).toHaveLength(0);
    // the same window again: nothing to do
    h.counter.observe('r', obs(0, 10));
    expect(h.calls).toHaveLength(3);
  });

  it('a count that misses the message the summary names is taken again', async () => {
    const h = harness();
    h.counter.observe('r', obs(0, 10, 1, true));
    // counted against a state without the newest message
    h.calls[0]!.resolve(0);
    await h.settle();
    expect(h.shown.has('r')).toBe(false);
    h.runTimers();
    h.calls[1]!.resolve(1);
    await h.settle();
    expect(h.shown.get('r')).toBe(1);
  });

  it("a window ending on the reader's own message may count 0", async () => {
    const h = harness();
    h.counter.observe('r', obs(0, 10, 1, false));
    h.calls[0]!.resolve(0);
    await h.settle();
    expect(h.shown.get('r')).toBe(0);
    expect(h.waiting()).toHaveLength(0);
  });

  it('a cursor at the newest message is 0 at once, and drops the count still on its way', async () => {
    const h = harness();
    h.counter.observe('r', obs(0, 10));
    h.counter.observe('r', obs(10, 10));
    expect(h.shown.get('r')).toBe(0);
    expect(h.calls).toHaveLength(1);
    h.calls[0]!.resolve(4);
    await h.settle();
    expect(h.shown.get('r')).toBe(0);
  });

  it('a new summary while a retry waits counts at once and cancels the retry', async () => {
    const h = harness();
    h.counter.observe('r', obs(0, 10));
    h.calls[0]!.reject(new Error('unavailable'));
    await h.settle();
    expect(h.waiting()).toHaveLength(1);
    h.counter.observe('r', obs(0, 20, 2));
    expect(h.waiting()).toHaveLength(0);
    expect(h.calls).toHaveLength(2);
    h.calls[1]!.resolve(2);
    await h.settle();
    expect(h.shown.get('r')).toBe(2);
  });

  it('a redaction that leaves lastMessageAt alone still counts again (messageCount moved)', () => {
    const h = harness();
    h.counter.observe('r', obs(0, 10, 5));
    h.counter.observe('r', obs(0, 10, 4));
    expect(h.calls).toHaveLength(2);
  });

  it('forgets rooms no longer listed: their answers and retries are dropped', async () => {
    const h = harness();
    h.counter.observe('a', obs(0, 10));
    h.counter.observe('b', obs(0, 10));
    h.calls[1]!.reject(new Error('unavailable'));
    await h.settle();
    h.counter.retain(new Set());
    h.calls[0]!.resolve(1);
    await h.settle();
    expect(h.shown.size).toBe(0);
    expect(h.waiting()).toHaveLength(0);
  });

  it('backs off to at most 30 s', async () => {
    const h = harness();
    h.counter.observe('r', obs(0, 10));
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      h.calls.at(-1)!.reject(new Error('unavailable'));
      await h.settle();
      waits.push(...h.runTimers());
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });
});

describe('UnreadCounter converges whatever the order', () => {
  interface Message {
    at: number;
    mine: boolean;
  }
  type Op =
    | { kind: 'post'; mine: boolean }
    | { kind: 'summary' }
    | { kind: 'read' }
    | { kind: 'answer'; pick: number; fail: boolean }
    | { kind: 'retry' };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('post' as const), mine: fc.boolean() }),
    fc.constant({ kind: 'summary' as const }),
    fc.constant({ kind: 'read' as const }),
    fc.record({
      kind: fc.constant('answer' as const),
      pick: fc.nat(),
      fail: fc.boolean(),
    }),
    fc.constant({ kind: 'retry' as const }),
  );

  it('shows the true count of the latest summary and cursor once the answers are in', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
        const h = harness();
        const messages: Message[] = [];
        let summary = { upTo: null as number | null, version: 0, newestByOthers: false };
        let cursor: number | null = null;
        let clock = 0;
        const truth = (w: CountWindow) =>
          messages.filter((m) => !m.mine && (w.after === null || m.at > w.after) && m.at <= w.upTo).length;
        const observe = () => h.counter.observe('r', { after: cursor, ...summary });
        const pending = () => h.calls.filter((c) => !c.answered);
        // The window ends at a summary, which the server computed from stored messages: a true
        // answer is the same whenever it is given.
        const answer = (call: (typeof h.calls)[number], fail: boolean) => {
          call.answered = true;
          if (fail) call.reject(new Error('unavailable'));
          else call.resolve(truth(call.window));
        };
        for (const step of ops) {
          if (step.kind === 'post') messages.push({ at: (clock += 10), mine: step.mine });
          else if (step.kind === 'summary') {
            const newest = messages.at(-1);
            summary = {
              upTo: newest?.at ?? null,
              version: messages.length,
              newestByOthers: newest ? !newest.mine : false,
            };
            observe();
          } else if (step.kind === 'read') {
            cursor = summary.upTo;
            observe();
          } else if (step.kind === 'answer') {
            const open = pending();
            if (open.length > 0) answer(open[step.pick % open.length]!, step.fail);
            await h.settle();
          } else h.runTimers();
        }
        // the summary catches up with the messages; then every count is answered truly
        const newest = messages.at(-1);
        summary = { upTo: newest?.at ?? null, version: messages.length, newestByOthers: newest ? !newest.mine : false };
        observe();
        for (let round = 0; round < 100 && (pending().length > 0 || h.waiting().length > 0); round++) {
          for (const call of pending()) answer(call, false);
          await h.settle();
          h.runTimers();
        }
        const expected = summary.upTo === null ? 0 : truth({ after: cursor, ...summary, upTo: summary.upTo });
        expect(h.shown.get('r')).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});
