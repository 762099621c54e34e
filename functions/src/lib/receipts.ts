import { FieldValue, type Firestore, type Timestamp, type Transaction } from 'firebase-admin/firestore';
import { coalesceRef, requestFlush } from './coalesce.js';

/** Every member listens to the summary: at most one write a second, whatever the number of readers. */
export const RECEIPTS_INTERVAL_MS = 1_000;

export function receiptsKey(roomId: string): string {
  return `receipts_${roomId}`;
}

/** Records that `uid`'s cursor in the room moved (a blind, order-free write: no contention between readers). */
export function markCursorPending(tx: Transaction, store: Firestore, roomId: string, uid: string): void {
  tx.set(coalesceRef(store, receiptsKey(roomId)), { pending: { [uid]: true } }, { merge: true });
}

function millis(value: unknown): number {
  return value && typeof (value as Timestamp).toMillis === 'function' ? (value as Timestamp).toMillis() : 0;
}

/**
 * Flushes pending cursors into rooms/{roomId}/receipts/summary, coalesced. The cursors are
 * read from their documents (the source of truth), not from the events, and an entry only
 * moves forward, so duplicated or reordered events cannot move a receipt back. A user who is
 * no longer a member drops out of the summary.
 */
export function flushReceipts(store: Firestore, roomId: string) {
  const state = coalesceRef(store, receiptsKey(roomId));
  const summaryRef = store.doc(`rooms/${roomId}/receipts/summary`);
  return requestFlush({
    store,
    key: receiptsKey(roomId),
    minIntervalMs: RECEIPTS_INTERVAL_MS,
    lastWriteMs: async () => (await summaryRef.get()).updateTime?.toMillis() ?? null,
    pending: async () => Object.keys(((await state.get()).get('pending') as object | undefined) ?? {}).length > 0,
    flush: async () => {
      await store.runTransaction(async (tx) => {
        const s = await tx.get(state);
        const uids = Object.keys((s.get('pending') as Record<string, unknown> | undefined) ?? {});
        if (uids.length === 0) return;
        const [summary, ...docs] = await tx.getAll(
          summaryRef,
          ...uids.map((uid) => store.doc(`users/${uid}/reads/${roomId}`)),
          ...uids.map((uid) => store.doc(`rooms/${roomId}/members/${uid}`)),
        );
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
          tx.set(summaryRef, { reads: patch, updatedAt: FieldValue.serverTimestamp() }, { merge: true });
        }
        tx.set(state, { pending: Object.fromEntries(uids.map((uid) => [uid, FieldValue.delete()])) }, { merge: true });
      });
    },
  });
}
