import type { Firestore } from 'firebase-admin/firestore';
import type { Scheduler } from '../lib/flushLater.js';
import { flushRoomSummary, markSummaryStale, summaryKey } from '../lib/roomSummary.js';
import type { MessageData } from '../lib/typed.js';

/** the name its claims and log lines carry */
export const FN = 'onMessageWritten';

export interface MessageWrite {
  eventId: string;
  roomId: string;
  before: MessageData | undefined;
  after: MessageData | undefined;
}

/**
 * Only text, deletion, hiding and release after screening change a summary; reactions (the counts
 * the server writes onto the message), a thread's summary and the like do not.
 */
function affectsSummary(before: MessageData | undefined, after: MessageData | undefined): boolean {
  // a reply that stays in its thread is not in the room's history, so not in its summary
  if ((after ?? before)?.inRoom === false) return false;
  if (!before || !after) return true;
  return (
    before.text !== after.text ||
    before.deleted !== after.deleted ||
    before.hidden !== after.hidden ||
    before.screened !== after.screened
  );
}

/**
 * Asks for a coalesced flush of the room's summary, which recomputes lastMessage, lastMessageAt
 * and messageCount from the messages: nothing is ever counted twice, order does not matter, and a
 * busy room's document is written once per SUMMARY_INTERVAL_MS (1.2 s) at most. The message is
 * in what the flush reads, so its event marks nothing unless it must (coalesce.ts, `mark`: a mark
 * named by the event, so a redelivery marks the same); a redaction always marks, saying so, since
 * only a flush with such a mark recounts the redacted. The summary write changes the room, not a
 * message, so it never triggers this function again. With `schedule` (the deployed trigger), a flush that is not
 * due yet is left to a delayed task rather than waited for; without, it is waited for.
 */
export async function handleMessageWritten(
  store: Firestore,
  { eventId, roomId, before, after }: MessageWrite,
  schedule?: Scheduler,
): Promise<string> {
  if (!affectsSummary(before, after)) return 'unchanged';
  const later = schedule?.(summaryKey(roomId));
  if (before?.deleted !== true && after?.deleted === true) {
    await markSummaryStale(store, roomId, eventId, true);
    return flushRoomSummary(store, roomId, { later });
  }
  return flushRoomSummary(store, roomId, { later, mark: () => markSummaryStale(store, roomId, eventId) });
}
