import { onDocumentWritten } from '../lib/trigger.js';
import type { Firestore } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { readClaim } from '../lib/idempotency.js';
import { traced } from '../lib/log.js';
import { flushLater, type Scheduler } from '../lib/flushLater.js';
import { flushReceipts, markCursorPending, receiptsKey } from '../lib/receipts.js';

const FN = 'onReadCursorWritten';

export interface CursorInput {
  eventId: string;
  uid: string;
  roomId: string;
}

/**
 * Marks the reader's cursor pending for the room (claiming the event in the same transaction)
 * and asks for a coalesced flush into rooms/{roomId}/receipts/summary {reads: {uid: {at,
 * messageId, name}}, updatedAt}. A reader's update costs one small write whatever the number of
 * messages, and the summary that every member listens to is written about once a second at most.
 * `schedule`: as in handleMessageWritten.
 */
export async function handleCursorWritten(
  store: Firestore,
  { eventId, uid, roomId }: CursorInput,
  schedule?: Scheduler,
): Promise<string> {
  const claimed = await store.runTransaction(async (tx) => {
    const claim = await readClaim(tx, store, eventId, FN);
    if (!claim) return false;
    claim();
    markCursorPending(tx, store, roomId, uid, eventId);
    return true;
  });
  // A redelivered event (its first run claimed and marked, then failed) still flushes: the marks
  // are waiting, and a flush is idempotent, so the retry finishes the work instead of dropping it.
  const outcome = await flushReceipts(store, roomId, { later: schedule?.(receiptsKey(roomId)) });
  return claimed ? outcome : 'duplicate';
}

/** users/{uid}/reads/{roomId} written: the room's receipt summary (see handleCursorWritten). */
export const onReadCursorWritten = onDocumentWritten(
  { document: 'users/{uid}/reads/{roomId}', timeoutSeconds: 120 },
  async (event) => {
    const { uid, roomId } = event.params;
    await traced(FN, { eventId: event.id, roomId, uid }, () =>
      handleCursorWritten(db(), { eventId: event.id, uid, roomId }, flushLater),
    );
  },
);
