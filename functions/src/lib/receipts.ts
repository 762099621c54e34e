import { FieldValue, type Firestore, type Timestamp, type Transaction } from 'firebase-admin/firestore';
import { RECEIPTS_MAX_MEMBERS } from '@chat/shared';
import { type FlushOptions, markPending, requestFlush } from './coalesce.js';

/** Every member listens to the summary: at most one write a second, whatever the number of readers. */
export const RECEIPTS_INTERVAL_MS = 1_000;

export function receiptsKey(roomId: string): string {
  return `receipts_${roomId}`;
}

/** Records that `uid`'s cursor in the room moved: a mark of the event's own, so readers never contend. */
export function markCursorPending(tx: Transaction, store: Firestore, roomId: string, uid: string, eventId: string): void {
  markPending(tx, store, receiptsKey(roomId), eventId, { uid });
}

function millis(value: unknown): number {
  return value && typeof (value as Timestamp).toMillis === 'function' ? (value as Timestamp).toMillis() : 0;
}

/**
 * Flushes pending cursors into rooms/{roomId}/receipts/summary, coalesced. The cursors are
 * read from their documents (the source of truth), not from the events, and an entry only
 * moves forward, so duplicated or reordered events cannot move a receipt back. A user who is
 * no longer a member drops out of the summary. A room of more than RECEIPTS_MAX_MEMBERS members
 * keeps none.
 */
export function flushReceipts(store: Firestore, roomId: string, options: FlushOptions = {}) {
  const summaryRef = store.doc(`rooms/${roomId}/receipts/summary`);
  return requestFlush({
    ...options,
    store,
    key: receiptsKey(roomId),
    minIntervalMs: RECEIPTS_INTERVAL_MS,
    lastWriteMs: async () => (await summaryRef.get()).updateTime?.toMillis() ?? null,
    // Only the lease holder writes the summary, and cursors are read after their marks, so no
    // transaction is needed.
    flush: async (pending) => {
      const uids = [...new Set(pending.map((mark) => String(mark.get('uid'))))];
      if (uids.length === 0) return;
      const [summary, room, ...docs] = await store.getAll(
        summaryRef,
        store.doc(`rooms/${roomId}`),
        ...uids.map((uid) => store.doc(`users/${uid}/reads/${roomId}`)),
        ...uids.map((uid) => store.doc(`rooms/${roomId}/members/${uid}`)),
      );
      // a room past RECEIPTS_MAX_MEMBERS keeps no summary (one it had while smaller goes)
      const memberIds = room?.get('memberIds') as unknown;
      if (Array.isArray(memberIds) && memberIds.length > RECEIPTS_MAX_MEMBERS) {
        if (summary?.exists) await summaryRef.delete();
        return;
      }
      const reads = (summary?.get('reads') as Record<string, { at: Timestamp; messageId: string; name: string }> | undefined) ?? {};
      const patch: Record<string, unknown> = {};
      uids.forEach((uid, i) => {
        const cursor = docs[i];
        const member = docs[uids.length + i];
        if (!member?.exists) {
          if (reads[uid]) patch[uid] = FieldValue.delete();
          return;
        }
        if (!cursor?.exists) return;
        const at = cursor.get('lastReadAt') as Timestamp;
        const name = String(member.get('displayName') ?? '');
        const current = reads[uid];
        if (current && millis(current.at) >= millis(at)) {
          if (current.name !== name) patch[uid] = { ...current, name };
          return;
        }
        patch[uid] = { at, messageId: String(cursor.get('lastReadId') ?? ''), name };
      });
      if (Object.keys(patch).length > 0 || !summary?.exists) {
        await summaryRef.set({ reads: patch, updatedAt: FieldValue.serverTimestamp() }, { merge: true });
      }
    },
  });
}
