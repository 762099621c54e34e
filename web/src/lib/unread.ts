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
 * Whether a room's unread count must be counted again: the room got a message after the
 * cursor was last counted, or the cursor moved.
 */
export function needsRecount(
  previous: { lastMessageAtMs: number | null; lastReadAtMs: number | null } | undefined,
  next: { lastMessageAtMs: number | null; lastReadAtMs: number | null },
): boolean {
  return !previous || previous.lastMessageAtMs !== next.lastMessageAtMs || previous.lastReadAtMs !== next.lastReadAtMs;
}

/** Without any message there is nothing to read; with a cursor at or after the last message, nothing unread. */
export function knownZero(lastMessageAtMs: number | null, lastReadAtMs: number | null): boolean {
  return lastMessageAtMs === null || (lastReadAtMs !== null && lastReadAtMs >= lastMessageAtMs);
}

export function totalUnread(counts: Iterable<number>): number {
  let total = 0;
  for (const n of counts) total += Math.max(0, n);
  return total;
}
