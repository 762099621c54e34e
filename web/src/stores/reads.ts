import { READ_CURSOR_MIN_GAP_MS } from '@chat/shared';
import { defineStore } from 'pinia';
import type { Timestamp } from 'firebase/firestore';
import { db } from '../firestore';
import type { ReadCursorDoc } from '../data/converters';
import { getReadCursor, writeReadCursor } from '../data/reads';
import { errorCode } from '../lib/errors';
import { SERVER_CLOCK_MARGIN_MS, cursorDelay, recentSeen } from '../lib/readPacing';
import { trace } from '../lib/trace';
import { toMicros } from '../lib/unread';
import { useAuthStore } from './auth';

interface Seen {
  id: string;
  createdAt: Timestamp;
}

/**
 * The reader's read cursors: read once on entering a room, written as they read, at once in a
 * quiet conversation and once per few seconds in a busy room (lib/readPacing), and at once when
 * they leave the room or hide the page.
 */
export const useReadsStore = defineStore('reads', () => {
  const auth = useAuthStore();
  /** per room, the cursor as stored (read, or written by us): a write only ever moves it forward */
  const stored = new Map<string, Seen>();
  /** per room, the newest message seen and not written yet, and when its write is due (Date.now()) */
  const queued = new Map<string, Seen>();
  const dueAt = new Map<string, number>();
  /** per room, when the reader last saw new messages: what tells a busy room from a quiet one */
  const seenTimes = new Map<string, number[]>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let timerAt = Infinity;

  /** Runs flush in `ms`, unless it already runs sooner. */
  function schedule(ms: number) {
    const at = Date.now() + ms;
    if (timer !== null && timerAt <= at) return;
    if (timer !== null) clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(flush, ms);
  }

  const after = (a: Seen, b: Seen | undefined) => !b || (toMicros(a.createdAt) ?? 0) > (toMicros(b.createdAt) ?? 0);

  /**
   * per room, a cursor read under way. No write for the room goes out before it answers: a read
   * answered after our own write would return that write (the SDK lays pending writes over what
   * it reads), and the "New messages" marker, placed from the cursor read on entering, would move
   * to the end of the history the reader has not read yet.
   */
  const reading = new Map<string, Promise<ReadCursorDoc | null>>();

  function cursor(roomId: string): Promise<ReadCursorDoc | null> {
    const uid = auth.uid;
    if (!uid) return Promise.resolve(null);
    const read = getReadCursor(db, uid, roomId)
      .then((found) => {
        const known = found ? { id: found.lastReadId, createdAt: found.lastReadAt } : undefined;
        if (known && after(known, stored.get(roomId))) stored.set(roomId, known);
        return found;
      })
      .finally(() => {
        if (reading.get(roomId) !== read) return;
        reading.delete(roomId);
        if (queued.has(roomId)) schedule(0);
      });
    reading.set(roomId, read);
    return read;
  }

  /** when the server last answered a cursor write per room: the rules time the next from it */
  const answeredAt = new Map<string, number>();
  const inFlight = new Set<string>();
  /** messages already written once and refused: tried once more after the gap, then left */
  const triedAgain = new Set<string>();

  function flush() {
    timer = null;
    timerAt = Infinity;
    const uid = auth.uid;
    if (!uid) return;
    let nextMs: number | null = null;
    for (const [roomId, message] of queued) {
      if (inFlight.has(roomId) || reading.has(roomId)) continue; // its answer flushes again
      const due = (dueAt.get(roomId) ?? 0) - Date.now();
      if (due > 0) {
        nextMs = Math.min(nextMs ?? due, due);
        continue;
      }
      // The rules refuse a cursor write within READ_CURSOR_MIN_GAP_MS of the previous one, by the
      // server's clock: wait from the previous answer, not from when it was sent, or a slow answer
      // followed by a quick one is refused on a busy connection.
      const wait = (answeredAt.get(roomId) ?? 0) + READ_CURSOR_MIN_GAP_MS + SERVER_CLOCK_MARGIN_MS - Date.now();
      if (wait > 0) {
        nextMs = Math.min(nextMs ?? wait, wait);
        continue;
      }
      queued.delete(roomId);
      dueAt.delete(roomId);
      const before = stored.get(roomId);
      if (!after(message, before)) continue;
      stored.set(roomId, message);
      inFlight.add(roomId);
      writeReadCursor(db, uid, roomId, message)
        .catch(async (error: unknown) => {
          // refused (another device read further, or wrote within the gap) or failed: learn what
          // is stored, and if this message is still ahead of it, write it once more
          if (stored.get(roomId) === message) stored.delete(roomId);
          await cursor(roomId).catch(() => null);
          const again = !triedAgain.has(message.id) && after(message, stored.get(roomId));
          trace(
            `the read cursor of ${roomId} at ${message.id} was not written (${errorCode(error) ?? String(error)}); ${again ? 'writing it once more' : 'left as stored'}`,
          );
          if (again) {
            triedAgain.add(message.id);
            if (!queued.has(roomId)) queued.set(roomId, message);
          }
        })
        .finally(() => {
          answeredAt.set(roomId, Date.now());
          inFlight.delete(roomId);
          if (queued.has(roomId)) schedule(0);
        });
    }
    if (nextMs !== null) schedule(nextMs);
  }

  /**
   * The reader has seen `message`, the newest message of the room, on screen. The cursor takes
   * that message's time, so messages that arrive before the write lands stay unread. A write
   * already due keeps its time: a reader keeping up with a busy room writes once per delay.
   */
  function seen(roomId: string, message: Seen) {
    if (!after(message, queued.get(roomId) ?? stored.get(roomId))) return;
    const now = Date.now();
    const recent = recentSeen(seenTimes.get(roomId) ?? [], now);
    seenTimes.set(roomId, recent);
    const delay = cursorDelay(recent);
    queued.set(roomId, message);
    if (!dueAt.has(roomId)) dueAt.set(roomId, now + delay);
    schedule(Math.max(0, dueAt.get(roomId)! - now));
  }

  /** Writes what is pending now (within the rules' gap): the reader left the room, or hid the page. */
  function flushNow(roomId?: string) {
    for (const id of roomId === undefined ? [...queued.keys()] : [roomId]) if (queued.has(id)) dueAt.set(id, 0);
    if (queued.size > 0) schedule(0);
  }

  return { cursor, seen, flushNow };
});
