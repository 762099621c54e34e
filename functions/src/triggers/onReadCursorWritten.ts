import { onDocumentWritten } from '../lib/trigger.js';
import type { Firestore } from 'firebase-admin/firestore';
import { isDirectRoomId } from '@chat/shared';
import { db } from '../lib/admin.js';
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
 * Marks the reader's cursor pending for the room (a mark named by the event, holding the reader)
 * and asks for a coalesced flush into rooms/{roomId}/receipts/summary {reads: {uid: {at,
 * messageId, name}}, updatedAt}. A reader's update costs one small write whatever the number of
 * messages, and the summary that every member listens to is written about once a second at most.
 * A direct room keeps no summary: the other of the pair reads the cursor itself (the rules let
 * them), which is one write per read instead of a cursor, a mark and a summary.
 * `schedule`: as in handleMessageWritten.
 */
export async function handleCursorWritten(
  store: Firestore,
  { eventId, uid, roomId }: CursorInput,
  schedule?: Scheduler,
): Promise<string> {
  if (isDirectRoomId(roomId)) return 'direct';
  await markCursorPending(store, roomId, uid, eventId);
  return flushReceipts(store, roomId, { later: schedule?.(receiptsKey(roomId)) });
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
