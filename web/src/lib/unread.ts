/** Unread counts and the order of the room list. */

/** What the badge says: nothing for 0, the exact number up to 99, then "99+". */
export function formatUnread(count: number): string {
  if (count <= 0) return '';
  return count > 99 ? '99+' : String(count);
}

/** Counts are taken with limit(UNREAD_CAP): a result of UNREAD_CAP means "more than 99". */
export const UNREAD_CAP = 100;

export interface Activity {
  id: string;
  lastMessageAtMs: number | null;
  createdAtMs: number | null;
}

/** Latest activity first; a room without messages counts from its creation. Ties keep a stable order by id. */
export function byActivity<T extends Activity>(rooms: readonly T[]): T[] {
  const key = (r: T) => r.lastMessageAtMs ?? r.createdAtMs ?? 0;
  return rooms.slice().sort((a, b) => key(b) - key(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * A moment in Firestore time in microseconds, Firestore's own precision (a number holds it
 * exactly). Milliseconds are too coarse: a cursor and a message in the same millisecond would
 * compare equal, and the message would read as read.
 */
export type Micros = number;

export function toMicros(t: { seconds: number; nanoseconds: number } | null | undefined): Micros | null {
  return t ? t.seconds * 1_000_000 + Math.floor(t.nanoseconds / 1_000) : null;
}

/**
 * What the reader's unread count of a room depends on, as last seen in the room summary and the
 * read cursor. A count is taken over the window (after, upTo]: the messages after the cursor up
 * to the summary's newest. The summary is computed from messages already stored, so the server
 * holds every message of the window whenever the count runs, and the result is a fact about
 * this observation, not about the moment of counting.
 */
export interface UnreadObservation {
  /** the reader's cursor: the time of the newest message they have seen; null before any */
  after: Micros | null;
  /** the summary's lastMessageAt; null while the room has no message */
  upTo: Micros | null;
  /**
   * the summary's messageCount: it moves with every message posted or redacted, also when
   * lastMessageAt does not (two messages stamped out of commit order, a redaction in the middle)
   */
  version: number;
  /** the summary's newest message is text by someone else, so a window holding it counts at least 1 */
  newestByOthers: boolean;
}

/** Nothing can be unread: no message yet, or the cursor at or after the newest one. */
export function knownZero(o: Pick<UnreadObservation, 'after' | 'upTo'>): boolean {
  return o.upTo === null || (o.after !== null && o.after >= o.upTo);
}

/** The least a true count of the window can be: 1 when it ends on someone else's message. */
export function lowerBound(o: UnreadObservation): number {
  return !knownZero(o) && o.newestByOthers ? 1 : 0;
}

function same(a: UnreadObservation, b: UnreadObservation): boolean {
  return a.after === b.after && a.upTo === b.upTo && a.version === b.version && a.newestByOthers === b.newestByOthers;
}

export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** An observation that can hold something unread: it has a newest message. */
export type CountWindow = UnreadObservation & { upTo: Micros };

export interface UnreadCounterOptions {
  /** counts the reader's unread messages in the window: others' text, after < createdAt <= upTo */
  count(roomId: string, window: CountWindow): Promise<number>;
  /** the room's count changed to a result that is newer than any shown before */
  onCount(roomId: string, count: number): void;
  /**
   * A count taken earlier (before a reload) of exactly this observation, or null: shown at once
   * while the server's count is on its way or cannot be had (offline), then replaced by it.
   */
  recall?(roomId: string, observed: UnreadObservation): number | null;
  /** every count shown, with the observation it is a fact about, for `recall` after a reload */
  remember?(roomId: string, observed: UnreadObservation, count: number): void;
  /** wait before counting again after a failed or implausible count; doubles up to maxRetryMs */
  retryMs?: number;
  maxRetryMs?: number;
  timers?: Timers;
}

interface Tracked {
  /** bumped on every change of the observation: results are ordered by it, not by arrival */
  seq: number;
  observed: UnreadObservation;
  /** the seq of the result on screen; -1 before any */
  shownSeq: number;
  /** what is on screen for shownSeq was recalled, not counted: the server's count still replaces it */
  recalled: boolean;
  retry: unknown;
  failures: number;
}

const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Keeps each room's unread count converging on the truth whatever order the summary, the cursor
 * and the counts arrive in:
 * - every change of the observation starts a count of its own window, tagged with a sequence
 *   number, and a result is shown only when it is newer than the one on screen, so a late
 *   answer never overwrites a newer one;
 * - a count that fails, or that comes back below what the summary proves (0 for a window ending
 *   on someone else's message), is taken again with backoff until one succeeds or the
 *   observation moves on, instead of waiting for the next message;
 * - a window that cannot hold anything unread is 0 without asking the server.
 */
export class UnreadCounter {
  private readonly rooms = new Map<string, Tracked>();
  private readonly retryMs: number;
  private readonly maxRetryMs: number;
  private readonly timers: Timers;

  constructor(private readonly options: UnreadCounterOptions) {
    this.retryMs = options.retryMs ?? 1_000;
    this.maxRetryMs = options.maxRetryMs ?? 30_000;
    this.timers = options.timers ?? realTimers;
  }

  /** The room's summary or the reader's cursor as they are now; a repeat of the last one does nothing. */
  observe(roomId: string, observed: UnreadObservation): void {
    let room = this.rooms.get(roomId);
    if (room && same(room.observed, observed)) return;
    if (!room) {
      room = { seq: 0, observed, shownSeq: -1, recalled: false, retry: null, failures: 0 };
      this.rooms.set(roomId, room);
    }
    room.seq += 1;
    room.observed = observed;
    this.stopRetry(room);
    if (observed.upTo === null || knownZero(observed)) this.show(roomId, room, room.seq, 0, observed);
    else {
      const recalled = this.options.recall?.(roomId, observed) ?? null;
      if (recalled !== null) {
        room.shownSeq = room.seq;
        room.recalled = true;
        this.options.onCount(roomId, recalled);
      }
      this.start(roomId, room, { ...observed, upTo: observed.upTo });
    }
  }

  /** Forgets the rooms not listed (left, removed): their late results are dropped. */
  retain(roomIds: ReadonlySet<string>): void {
    for (const [roomId, room] of this.rooms) {
      if (roomIds.has(roomId)) continue;
      this.stopRetry(room);
      this.rooms.delete(roomId);
    }
  }

  clear(): void {
    this.retain(new Set());
  }

  private start(roomId: string, room: Tracked, window: CountWindow): void {
    const seq = room.seq;
    this.options.count(roomId, window).then(
      (n) => {
        if (this.rooms.get(roomId) !== room || seq < room.shownSeq) return;
        if (seq === room.shownSeq && !room.recalled) return;
        // below what the summary proves: the count missed a message the summary has seen
        if (n < lowerBound(window)) return this.failed(roomId, room, seq, window);
        room.failures = 0;
        this.show(roomId, room, seq, n, window);
      },
      () => {
        if (this.rooms.get(roomId) === room) this.failed(roomId, room, seq, window);
      },
    );
  }

  private failed(roomId: string, room: Tracked, seq: number, window: CountWindow): void {
    // a newer observation has a count of its own on the way
    if (seq !== room.seq) return;
    room.failures += 1;
    const wait = Math.min(this.maxRetryMs, this.retryMs * 2 ** (room.failures - 1));
    this.stopRetry(room);
    room.retry = this.timers.set(() => {
      room.retry = null;
      if (this.rooms.get(roomId) === room && room.seq === seq && (room.shownSeq < seq || room.recalled)) {
        this.start(roomId, room, window);
      }
    }, wait);
  }

  private show(roomId: string, room: Tracked, seq: number, count: number, observed: UnreadObservation): void {
    room.shownSeq = seq;
    room.recalled = false;
    this.options.onCount(roomId, count);
    this.options.remember?.(roomId, observed, count);
  }

  private stopRetry(room: Tracked): void {
    if (room.retry === null) return;
    this.timers.clear(room.retry);
    room.retry = null;
  }
}

export function totalUnread(counts: Iterable<number>): number {
  let total = 0;
  for (const n of counts) total += Math.max(0, n);
  return total;
}
