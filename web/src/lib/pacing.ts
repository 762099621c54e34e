/**
 * Send pacing: when my next message may leave so that the server never refuses it for pace.
 *
 * The rules keep a ledger per member and room: send n overwrites slot n % RATE_LIMIT_COUNT and
 * is refused unless the send it overwrites is RATE_LIMIT_WINDOW_MS old (and, in slow mode, the
 * previous send slowModeSec old). A Cloud Function also mutes anyone who sends more than
 * CROSS_ROOM_RATE_COUNT messages in CROSS_ROOM_RATE_WINDOW_MS across all rooms. A person who types
 * in fragments should meet neither: their client holds a message ("sending…") until every window
 * has room, the way Discord's client queues a burst instead of failing it.
 *
 * Times are this client's clock: a send's mark is the moment its commit was acknowledged, which
 * is after the server stamped it, so waiting a full window from the mark is always enough, whatever
 * the skew between the two clocks. A send not acknowledged yet has no mark (null): a window that
 * depends on it waits for the acknowledgement.
 *
 * After a reload the page has no marks of its own, so the pacer is seeded from the room's ledger
 * (`seed`): the server's times of my last sends there. Those are the server's clock, not this
 * one's; they are taken as this clock's times plus CLOCK_MARGIN_MS, which holds while the device
 * clock runs at most that much ahead of the server's (NTP keeps phones and computers well within
 * it). A device clock further ahead can still meet a refusal after a reload in mid-burst. The
 * margin costs at most CLOCK_MARGIN_MS of extra waiting, and only right after a reload in
 * mid-burst: a send more than the window old holds nothing back.
 */
export const CLOCK_MARGIN_MS = 2_000;

export interface Pace {
  /** sends allowed per window in one room */
  count: number;
  windowMs: number;
  /** the room's slow mode: the gap after my previous send in that room (0: off) */
  slowModeMs: number;
}

export interface GlobalPace {
  count: number;
  windowMs: number;
}

/** My sends, oldest first: the acknowledgement time, or null while the commit is under way. */
export type Marks = readonly (number | null)[];

/** A send may go at `at`; or it must wait for an acknowledgement first (`at` null). */
export interface Verdict {
  at: number | null;
}

/** The earliest time a window of `count` per `windowMs` has room again after `marks`. */
function windowOpensAt(marks: Marks, count: number, windowMs: number): number | null {
  if (marks.length < count) return -Infinity;
  const blocking = marks[marks.length - count];
  return blocking === null || blocking === undefined ? null : blocking + windowMs;
}

/**
 * When the next send to a room may go: the latest of the room's window, its slow mode and the
 * cross-room window; `now` when nothing holds it.
 */
export function nextSendAt(room: Marks, all: Marks, now: number, pace: Pace, global: GlobalPace): Verdict {
  const limits = [windowOpensAt(room, pace.count, pace.windowMs), windowOpensAt(all, global.count, global.windowMs)];
  if (pace.slowModeMs > 0 && room.length > 0) {
    const previous = room[room.length - 1];
    limits.push(previous === null || previous === undefined ? null : previous + pace.slowModeMs);
  }
  if (limits.some((t) => t === null)) return { at: null };
  return { at: Math.max(now, ...(limits as number[])) };
}

interface Mark {
  roomId: string;
  at: number | null;
}

/**
 * The page's record of its own sends, and the wait before each next one. `turn(roomId)` resolves
 * when a send to that room may go; the caller then reports the send with `sent`, and its outcome
 * with `acked` or `failed` (a refused write took no slot).
 */
export function createPacer(paceOf: (roomId: string) => Pace, global: GlobalPace, clock: () => number = Date.now) {
  let marks: Mark[] = [];
  const waiting = new Set<() => void>();
  const keep = () => Math.max(global.count, 1);

  function wake() {
    for (const check of [...waiting]) check();
  }

  function turn(roomId: string): Promise<void> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | null = null;
      const check = () => {
        if (timer) clearTimeout(timer);
        timer = null;
        const pace = paceOf(roomId);
        const room = marks.filter((m) => m.roomId === roomId).map((m) => m.at);
        const { at } = nextSendAt(room, marks.map((m) => m.at), clock(), pace, global);
        if (at === null) return; // an acknowledgement wakes it
        const wait = at - clock();
        if (wait <= 0) {
          waiting.delete(check);
          resolve();
        } else timer = setTimeout(check, wait);
      };
      waiting.add(check);
      check();
    });
  }

  function sent(roomId: string): Mark {
    const mark: Mark = { roomId, at: null };
    marks.push(mark);
    // the oldest marks can hold nothing back any more once `keep` newer ones exist
    const perRoom = Math.max(paceOf(roomId).count, 1);
    if (marks.length > keep() + perRoom) marks = marks.slice(marks.length - keep() - perRoom);
    return mark;
  }

  /**
   * What the server recorded of my earlier sends to a room (its ledger's times, server clock),
   * taken once per room before this page's first send there; the page's own marks know better,
   * so a room it has already sent to is left as it is.
   */
  function seed(roomId: string, serverTimes: readonly number[]) {
    if (marks.some((m) => m.roomId === roomId)) return;
    const seeded = [...serverTimes].sort((a, b) => a - b).map((t) => ({ roomId, at: t + CLOCK_MARGIN_MS }));
    // oldest first across rooms; a send not acknowledged yet is the newest
    const time = (m: Mark) => m.at ?? Number.MAX_SAFE_INTEGER;
    marks = [...seeded, ...marks].sort((a, b) => time(a) - time(b));
    wake();
  }

  function acked(mark: Mark) {
    mark.at = clock();
    wake();
  }

  function failed(mark: Mark) {
    marks = marks.filter((m) => m !== mark);
    wake();
  }

  return { turn, sent, acked, failed, seed };
}

export type Pacer = ReturnType<typeof createPacer>;
