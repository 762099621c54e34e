import type { Firestore } from 'firebase-admin/firestore';
import { type FlushOptions, markPendingNow, requestFlush } from './coalesce.js';
import { refs } from './typed.js';

/**
 * The room document has listeners in every member's room list, and a busy room's summary is
 * written up to once a second already: its member count is flushed no more often than that,
 * measured from the room document's last write of either kind, so joins add no write rate of their
 * own to a room that is being written anyway.
 */
export const MEMBER_COUNT_INTERVAL_MS = 1_000;
const NOT_FOUND = 5;

export function memberCountKey(roomId: string): string {
  return `memberCount_${roomId}`;
}

/**
 * Records that the room's membership changed: a mark of the event's own, so joins never contend.
 * A count is right however often it is taken, so the event is not claimed (markPendingNow).
 */
export function markMembersChanged(store: Firestore, roomId: string, eventId: string): Promise<void> {
  return markPendingNow(store, memberCountKey(roomId), eventId);
}

/**
 * Writes rooms/{roomId}.memberCount as a count() aggregation of its member documents (billed as
 * one read per 1,000 of them), so it is right whatever order joins and leaves arrive in and
 * however often an event is delivered. A room without members/ documents of its own, or gone,
 * is left alone.
 */
export async function writeMemberCount(store: Firestore, roomId: string): Promise<'written' | 'unchanged' | 'gone'> {
  const roomRef = refs.room(store, roomId);
  const room = await roomRef.get();
  if (!room.exists) return 'gone';
  // every membership change marked before the flush read its marks is in this count
  const count = (await refs.members(store, roomId).count().get()).data().count;
  if (room.data()?.memberCount === count) return 'unchanged';
  try {
    await roomRef.update({ memberCount: count });
    return 'written';
  } catch (error) {
    if ((error as { code?: unknown }).code === NOT_FOUND) return 'gone';
    throw error;
  }
}

/** Flushes the room's member count, coalesced; see requestFlush. */
export function flushMemberCount(store: Firestore, roomId: string, options: FlushOptions = {}) {
  const roomRef = store.doc(`rooms/${roomId}`);
  return requestFlush({
    ...options,
    store,
    key: memberCountKey(roomId),
    minIntervalMs: MEMBER_COUNT_INTERVAL_MS,
    lastWriteMs: async () => (await roomRef.get()).updateTime?.toMillis() ?? null,
    flush: async () => {
      await writeMemberCount(store, roomId);
    },
  });
}
