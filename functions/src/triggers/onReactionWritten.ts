import type { Firestore } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { flushLater, type Scheduler } from '../lib/flushLater.js';
import { traced } from '../lib/log.js';
import { flushMessageSummary, markReactionsStale, messageKey } from '../lib/messageSummary.js';
import { touchedEmojis } from '../lib/reactions.js';
import { onDocumentWritten } from '../lib/trigger.js';
import { converters, dataOf, type ReactionData } from '../lib/typed.js';

const FN = 'onReactionWritten';

export interface ReactionWrite {
  eventId: string;
  roomId: string;
  messageId: string;
  before: ReactionData | undefined;
  after: ReactionData | undefined;
}

/**
 * Marks the emojis a member gave or took back (a mark named by the event, holding them, under the
 * message's key) and asks for a coalesced flush, which counts each of them again from the reaction
 * documents and writes the message's `reactions` and `reactionCounts` (lib/reactions.ts), at most
 * once per THREAD_SUMMARY_INTERVAL_MS together with its thread summary (lib/messageSummary.ts).
 * No claim: the flush recomputes from the source, so a redelivered event marks the same again and
 * changes nothing. A write that changes no emoji (a repeated give, a created `[]`) does nothing.
 * `schedule`: as in handleMessageWritten.
 */
export async function handleReactionWritten(
  store: Firestore,
  { eventId, roomId, messageId, before, after }: ReactionWrite,
  schedule?: Scheduler,
): Promise<string> {
  const touched = touchedEmojis(before, after);
  if (touched.length === 0) return 'unchanged';
  await markReactionsStale(store, roomId, messageId, eventId, touched);
  return flushMessageSummary(store, roomId, messageId, { later: schedule?.(messageKey(roomId, messageId)) });
}

/** rooms/{roomId}/messages/{messageId}/reactions/{uid} written: the message's reactions (see handleReactionWritten). */
export const onReactionWritten = onDocumentWritten(
  { document: 'rooms/{roomId}/messages/{messageId}/reactions/{uid}', timeoutSeconds: 120 },
  async (event) => {
    const { roomId, messageId, uid } = event.params;
    await traced(FN, { eventId: event.id, roomId, messageId, uid }, () =>
      handleReactionWritten(
        db(),
        {
          eventId: event.id,
          roomId,
          messageId,
          before: dataOf(event.data?.before, converters.reaction),
          after: dataOf(event.data?.after, converters.reaction),
        },
        flushLater,
      ),
    );
  },
);
