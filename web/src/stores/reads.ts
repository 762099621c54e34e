import { defineStore } from 'pinia';
import type { Timestamp } from 'firebase/firestore';
import { db } from '../firestore';
import type { ReadCursorDoc } from '../data/converters';
import { getReadCursor, writeReadCursor } from '../data/reads';
import { toMicros } from '../lib/unread';
import { useAuthStore } from './auth';

/** Wait this long after the newest message was seen, so a burst of arrivals costs one write. */
const COALESCE_MS = 1500;

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

  function flush() {
    timer = null;
    const uid = auth.uid;
    if (!uid) return;
    for (const [roomId, message] of queued) {
      const before = stored.get(roomId);
      if (!after(message, before)) continue;
      stored.set(roomId, message);
      writeReadCursor(db, uid, roomId, message).catch(() => {
        // refused (another device read further) or failed: learn what is stored before the next try
        if (stored.get(roomId) === message) stored.delete(roomId);
        void cursor(roomId);
      });
    }
    queued.clear();
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
