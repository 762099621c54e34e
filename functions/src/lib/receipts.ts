import { FieldValue, type Firestore, type Timestamp } from 'firebase-admin/firestore';
import { RECEIPTS_MAX_MEMBERS } from '@chat/shared';
import { type FlushOptions, markPending, requestFlush } from './coalesce.js';
import { converters, dataOf, refs, type ReceiptSummaryData } from './typed.js';

/** Every member listens to the summary: at most one write a second, whatever the number of readers. */
export const RECEIPTS_INTERVAL_MS = 1_000;

export function receiptsKey(roomId: string): string {
  return `receipts_${roomId}`;
}

/** Records that `uid`'s cursor in the room moved: a mark of the event's own, so readers never contend. */
export function markCursorPending(store: Firestore, roomId: string, uid: string, eventId: string): Promise<void> {
  return markPending(store, receiptsKey(roomId), eventId, { uid });
}

function millis(value: Timestamp | undefined): number {
  return typeof value?.toMillis === 'function' ? value.toMillis() : 0;
}

/**
 * Flushes pending cursors into rooms/{roomId}/receipts/summary, coalesced. The cursors are
 * read from their documents (the source of truth), not from the events, and an entry only
 * moves forward, so duplicated or reordered events cannot move a receipt back. A user who is
 * no longer a member drops out of the summary. A room of more than RECEIPTS_MAX_MEMBERS members
 * keeps none.
 */
export function flushReceipts(store: Firestore, roomId: string, options: FlushOptions = {}) {
  const summaryRef = refs.receiptSummary(store, roomId);
  return requestFlush({
    ...options,
    store,
    key: receiptsKey(roomId),
    minIntervalMs: RECEIPTS_INTERVAL_MS,
    lastWriteMs: async () => (await summaryRef.get()).updateTime?.toMillis() ?? null,
    // Only the lease holder writes the summary, and cursors are read after their marks, so no
    // transaction is needed.
    flush: async (pending) => {
      const uids = [...new Set(pending.map((mark) => String(mark.data().uid)))];
      if (uids.length === 0) return;
      // one read of them all, of several types: each snapshot goes through its own converter
      const [summarySnap, roomSnap, ...docs] = await store.getAll(
        summaryRef.withConverter(null),
        refs.room(store, roomId).withConverter(null),
        ...uids.map((uid) => refs.readCursor(store, uid, roomId).withConverter(null)),
        ...uids.map((uid) => refs.member(store, roomId, uid).withConverter(null)),
      );
      const summary = dataOf(summarySnap, converters.receiptSummary);
      // a room past RECEIPTS_MAX_MEMBERS keeps no summary (one it had while smaller goes)
      const room = dataOf(roomSnap, converters.room);
      // (a room not yet migrated counts its memberIds)
      if ((room?.memberCount ?? room?.memberIds?.length ?? 0) > RECEIPTS_MAX_MEMBERS) {
        if (summary) await summaryRef.delete();
        return;
      }
      const reads = summary?.reads ?? {};
      const patch: Record<string, ReceiptSummaryData['reads'][string] | FieldValue> = {};
      uids.forEach((uid, i) => {
        const cursor = dataOf(docs[i], converters.readCursor);
        const member = dataOf(docs[uids.length + i], converters.member);
        if (!member) {
          if (reads[uid]) patch[uid] = FieldValue.delete();
          return;
        }
        if (!cursor) return;
        const at = cursor.lastReadAt;
        const name = String(member.displayName ?? '');
        const current = reads[uid];
        if (current && millis(current.at) >= millis(at)) {
          if (current.name !== name) patch[uid] = { ...current, name };
          return;
        }
        patch[uid] = { at, messageId: String(cursor.lastReadId ?? ''), name };
      });
      if (Object.keys(patch).length > 0 || !summary) {
        await summaryRef.set({ reads: patch, updatedAt: FieldValue.serverTimestamp() }, { merge: true });
      }
    },
  });
}
