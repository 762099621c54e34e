import { onDocumentWritten } from '../lib/trigger.js';
import type { Firestore } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { claimMarkAndFlush } from '../lib/coalesce.js';
import { traced } from '../lib/log.js';
import { flushLater, type Scheduler } from '../lib/flushLater.js';
import { flushRoomSummary, markSummaryStale, summaryKey } from '../lib/roomSummary.js';
import { converters, dataOf, type MessageData } from '../lib/typed.js';

const FN = 'onMessageWritten';

export interface MessageWrite {
  eventId: string;
  roomId: string;
  before: MessageData | undefined;
  after: MessageData | undefined;
}

/** Only text, deletion, hiding and release after screening change a summary; reactions and the like do not. */
function affectsSummary(before: MessageData | undefined, after: MessageData | undefined): boolean {
  if (!before || !after) return true;
  return (
    before.text !== after.text ||
    before.deleted !== after.deleted ||
    before.hidden !== after.hidden ||
    before.screened !== after.screened
  );
}

/**
 * Marks the room's summary stale (claiming the event in the same transaction) and asks for a
 * coalesced flush, which recomputes lastMessage, lastMessageAt and messageCount from the
 * messages: nothing is ever counted twice, order does not matter, and a busy room's document
 * is written about once a second at most. The summary write changes the room, not a message,
 * so it never triggers this function again. With `schedule` (the deployed trigger), a flush that
 * is not due yet is left to a delayed task rather than waited for; without, it is waited for.
 */
export async function handleMessageWritten(
  store: Firestore,
  { eventId, roomId, before, after }: MessageWrite,
  schedule?: Scheduler,
): Promise<string> {
  if (!affectsSummary(before, after)) return 'unchanged';
  return claimMarkAndFlush(
    store,
    eventId,
    FN,
    (tx) => markSummaryStale(tx, store, roomId, eventId),
    () => flushRoomSummary(store, roomId, { later: schedule?.(summaryKey(roomId)) }),
  );
}

/** rooms/{roomId}/messages/{messageId} created, edited or deleted: the room's summary (see handleMessageWritten). */
export const onMessageWritten = onDocumentWritten(
  { document: 'rooms/{roomId}/messages/{messageId}', timeoutSeconds: 120 },
  async (event) => {
    const { roomId, messageId } = event.params;
    await traced(FN, { eventId: event.id, roomId, messageId }, () =>
      handleMessageWritten(
        db(),
        {
          eventId: event.id,
          roomId,
          before: dataOf(event.data?.before, converters.message),
          after: dataOf(event.data?.after, converters.message),
        },
        flushLater,
      ),
    );
  },
);
