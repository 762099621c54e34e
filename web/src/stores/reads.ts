import { READ_CURSOR_MIN_GAP_MS } from '@chat/shared';
import { defineStore } from 'pinia';
import type { Timestamp } from 'firebase/firestore';
import { db } from '../firestore';
import type { ReadCursorDoc } from '../data/converters';
import { getReadCursor, writeReadCursor } from '../data/reads';
import { toMicros } from '../lib/unread';
import { useAuthStore } from './auth';

/** Wait this long after the newest message was seen, so a burst of arrivals costs one write. */
const COALESCE_MS = 1500;
/** Between the client's clock reading an answer and the server's time of the next write. */
const SERVER_CLOCK_MARGIN_MS = 250;

interface Seen {
  id: string;
  createdAt: Timestamp;
}

/** The reader's read cursors: read once on entering a room, written coalesced as they read. */
export const useReadsStore = defineStore('reads', () => {
  const auth = useAuthStore();
  /** per room, the cursor as stored (read, or written by us): a write only ever moves it forward */
  const stored = new Map<string, Seen>();
  const queued = new Map<string, Seen>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const after = (a: Seen, b: Seen | undefined) => !b || (toMicros(a.createdAt) ?? 0) > (toMicros(b.createdAt) ?? 0);

  async function cursor(roomId: string): Promise<ReadCursorDoc | null> {
    if (!auth.uid) return null;
    const found = await getReadCursor(db, auth.uid, roomId);
    const known = found ? { id: found.lastReadId, createdAt: found.lastReadAt } : undefined;
    if (known && after(known, stored.get(roomId))) stored.set(roomId, known);
    return found;
  }

  /** when the server last answered a cursor write per room: the rules time the next from it */
  const answeredAt = new Map<string, number>();
  const inFlight = new Set<string>();
  /** messages already written once and refused: tried once more after the gap, then left */
  const triedAgain = new Set<string>();

  function flush() {
    timer = null;
    const uid = auth.uid;
    if (!uid) return;
    let nextMs: number | null = null;
    for (const [roomId, message] of queued) {
      if (inFlight.has(roomId)) continue; // its answer flushes again
      // The rules refuse a cursor write within READ_CURSOR_MIN_GAP_MS of the previous one, by the
      // server's clock: wait from the previous answer, not from when it was sent, or a slow answer
      // followed by a quick one is refused on a busy connection.
      const wait = (answeredAt.get(roomId) ?? 0) + READ_CURSOR_MIN_GAP_MS + SERVER_CLOCK_MARGIN_MS - Date.now();
      if (wait > 0) {
        nextMs = Math.min(nextMs ?? wait, wait);
        continue;
      }
      queued.delete(roomId);
      const before = stored.get(roomId);
      if (!after(message, before)) continue;
      stored.set(roomId, message);
      inFlight.add(roomId);
      writeReadCursor(db, uid, roomId, message)
        .catch(async () => {
          // refused (another device read further, or wrote within the gap) or failed: learn what
          // is stored, and if this message is still ahead of it, write it once more
          if (stored.get(roomId) === message) stored.delete(roomId);
          await cursor(roomId).catch(() => null);
          if (!triedAgain.has(message.id) && after(message, stored.get(roomId))) {
            triedAgain.add(message.id);
            if (!queued.has(roomId)) queued.set(roomId, message);
          }
        })
        .finally(() => {
          answeredAt.set(roomId, Date.now());
          inFlight.delete(roomId);
          if (queued.has(roomId)) timer ??= setTimeout(flush, 0);
        });
    }
    if (nextMs !== null) timer ??= setTimeout(flush, nextMs);
  }

  /**
   * The reader has seen `message`, the newest message of the room, on screen. The cursor takes
   * that message's time, so messages that arrive before the write lands stay unread.
   */
  function seen(roomId: string, message: Seen) {
    if (!after(message, queued.get(roomId) ?? stored.get(roomId))) return;
    queued.set(roomId, message);
    timer ??= setTimeout(flush, COALESCE_MS);
  }

  return { cursor, seen };
});
