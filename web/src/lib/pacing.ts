import { CROSS_ROOM_RATE_COUNT, CROSS_ROOM_RATE_WINDOW_MS, RATE_LIMIT_COUNT, RATE_LIMIT_WINDOW_MS } from '@chat/shared';

/**
 * Send pacing: when my next message may leave so that the server never refuses it for pace.
 *
 * The rules keep one send ledger per person (ledgers/{uid}), for all rooms together: send n
 * overwrites slot n % RATE_LIMIT_COUNT and is refused unless the send it overwrites is
 * RATE_LIMIT_WINDOW_MS old. A room in slow mode also wants my previous send there
 * (rooms/{roomId}/slowMode/{uid}) slowModeSec old. A Cloud Function mutes anyone who sends more
 * than CROSS_ROOM_RATE_COUNT messages in CROSS_ROOM_RATE_WINDOW_MS. A person who types in
 * fragments should meet none of these: their client holds a message ("sending…") until every
 * window has room, the way Discord's client queues a burst instead of failing it.
 *
 * Times are this client's clock: a send's mark is the moment its commit was acknowledged, which
 * is after the server stamped it, so waiting a full window from the mark is always enough, whatever
 * the skew between the two clocks. A send not acknowledged yet has no mark (null): a window that
 * depends on it waits for the acknowledgement.
 *
 * After a reload the page has no marks of its own, so the pacer is seeded from the ledger (`seed`:
 * the server's times of my last RATE_LIMIT_COUNT sends, in any room) and, for a room in slow mode,
 * from its stamp (`seedRoom`). Those are the server's clock; they are taken as this clock's times
 * plus CLOCK_MARGIN_MS, which holds while the device clock runs at most that much ahead of the
 * server's (NTP keeps phones and computers well within it). A device clock further ahead can still
 * meet a refusal after a reload in mid-burst. The margin costs at most CLOCK_MARGIN_MS of extra
 * waiting, and only right after a reload in mid-burst. The ledger keeps only the last
 * RATE_LIMIT_COUNT times, so after a reload the function's longer window knows only those.
 */
export const CLOCK_MARGIN_MS = 2_000;

/** At most `count` sends in any `windowMs`, across all rooms. */
export interface Window {
  count: number;
  windowMs: number;
}

/** The windows every send keeps to: the rules' ledger and the function's cross-room limit. */
export const SEND_WINDOWS: readonly Window[] = [
  { count: RATE_LIMIT_COUNT, windowMs: RATE_LIMIT_WINDOW_MS },
  { count: CROSS_ROOM_RATE_COUNT, windowMs: CROSS_ROOM_RATE_WINDOW_MS },
];

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
 * When the next send to a room may go: the latest of every window over all my sends (`all`)
 * and the room's slow mode after my previous send there (`previous`: undefined when none is
 * known); `now` when nothing holds it.
 */
export function nextSendAt(
  all: Marks,
  previous: number | null | undefined,
  now: number,
  slowModeMs: number,
  windows: readonly Window[],
): Verdict {
  const limits = windows.map((w) => windowOpensAt(all, w.count, w.windowMs));
  if (slowModeMs > 0 && previous !== undefined) limits.push(previous === null ? null : previous + slowModeMs);
  if (limits.some((t) => t === null)) return { at: null };
  return { at: Math.max(now, ...(limits as number[])) };
}

export interface Mark {
  roomId: string | null;
  at: number | null;
}

/**
 * The page's record of its own sends, and the wait before each next one. `turn(roomId)` resolves
 * when a send to that room may go, with its mark already taken (so two rooms whose turns come at
 * once cannot both take the window's last place); the caller reports its outcome with `acked` or
 * `failed` (a refused write took no slot).
 */
export function createPacer(slowModeOf: (roomId: string) => number, windows: readonly Window[], clock: () => number = Date.now) {
  let marks: Mark[] = [];
  /** a room's last send before this page, from its slow-mode stamp (this clock's time) */
  const stamps = new Map<string, number>();
  const waiting = new Set<() => void>();
  const keep = () => Math.max(1, ...windows.map((w) => w.count));

  function wake() {
    for (const check of [...waiting]) check();
  }

  function previousIn(roomId: string): number | null | undefined {
    for (let i = marks.length - 1; i >= 0; i--) if (marks[i]!.roomId === roomId) return marks[i]!.at;
    return stamps.get(roomId);
  }

  function turn(roomId: string): Promise<Mark> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | null = null;
      const check = () => {
        if (timer) clearTimeout(timer);
        timer = null;
        const all = marks.map((m) => m.at);
        const { at } = nextSendAt(all, previousIn(roomId), clock(), slowModeOf(roomId), windows);
        if (at === null) return; // an acknowledgement wakes it
        const wait = at - clock();
        if (wait <= 0) {
          waiting.delete(check);
          resolve(take(roomId));
        } else timer = setTimeout(check, wait);
      };
      waiting.add(check);
      check();
    });
  }

  function take(roomId: string): Mark {
    const mark: Mark = { roomId, at: null };
    marks.push(mark);
    // the oldest marks can hold nothing back any more once `keep` newer ones exist; a room's
    // last send (for slow mode) is kept apart when it falls out
    if (marks.length > keep()) {
      for (const old of marks.slice(0, marks.length - keep())) {
        if (old.roomId !== null && old.at !== null) stamps.set(old.roomId, old.at);
      }
      marks = marks.slice(marks.length - keep());
    }
    return mark;
  }

  /**
   * What the server recorded of my earlier sends (the ledger's times, server clock), taken
   * before this page's first send; the page's own marks know better once it has any.
   */
  function seed(serverTimes: readonly number[]) {
    if (marks.length > 0) return;
    marks = [...serverTimes].sort((a, b) => a - b).map((t) => ({ roomId: null, at: t + CLOCK_MARGIN_MS }));
    wake();
  }

  /** A room's slow-mode stamp (server clock): my last send there before this page. */
  function seedRoom(roomId: string, serverTime: number) {
    if (marks.some((m) => m.roomId === roomId)) return;
    stamps.set(roomId, serverTime + CLOCK_MARGIN_MS);
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

  return { turn, acked, failed, seed, seedRoom };
}

export type Pacer = ReturnType<typeof createPacer>;
