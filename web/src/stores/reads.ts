import { defineStore } from 'pinia';
import { db } from '../firestore';
import type { ReadCursorDoc } from '../data/converters';
import { getReadCursor, writeReadCursor } from '../data/reads';
import { useAuthStore } from './auth';

/** Wait this long after the newest message was seen, so a burst of arrivals costs one write. */
const COALESCE_MS = 1500;

/** The reader's read cursors: read once on entering a room, written coalesced as they read. */
export const useReadsStore = defineStore('reads', () => {
  const auth = useAuthStore();
  const written = new Map<string, string>();
  const queued = new Map<string, string>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  async function cursor(roomId: string): Promise<ReadCursorDoc | null> {
    if (!auth.uid) return null;
    const found = await getReadCursor(db, auth.uid, roomId);
    if (found) written.set(roomId, found.lastReadId);
    return found;
  }

  function flush() {
    timer = null;
    const uid = auth.uid;
    if (!uid) return;
    for (const [roomId, messageId] of queued) {
      if (written.get(roomId) === messageId) continue;
      written.set(roomId, messageId);
      writeReadCursor(db, uid, roomId, messageId).catch(() => written.delete(roomId));
    }
    queued.clear();
  }

  /** The reader has seen `messageId`, the newest message of the room. */
  function seen(roomId: string, messageId: string) {
    if (written.get(roomId) === messageId) return;
    queued.set(roomId, messageId);
    timer ??= setTimeout(flush, COALESCE_MS);
  }

  return { cursor, seen };
});
