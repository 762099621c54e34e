import { onDocumentWritten } from '../lib/trigger.js';
import { db } from '../lib/admin.js';
import { flushLater } from '../lib/flushLater.js';
import { traced } from '../lib/log.js';
import { converters, dataOf } from '../lib/typed.js';
import { FN as ACTIVITY, handleThreadActivity } from '../messages/activity.js';
import { FN as CREATED, handleMessageCreated } from '../messages/created.js';
import { redactedAttachmentId, removeAttachmentOf } from '../messages/redacted.js';
import { FN as SCREEN, handleScreen } from '../messages/screen.js';
import { FN as SUMMARY, handleMessageWritten } from '../messages/summary.js';
import { FN as THREAD, changedThread, handleThreadReply } from '../messages/thread.js';

/**
 * rooms/{roomId}/messages/{messageId} created, edited, redacted or deleted, or rewritten by the
 * server (its thread summary, its reaction counts: lib/messageSummary.ts, at most once a second per
 * message): the one trigger on messages, so each write of a message is one invocation (four
 * before: a send ran three). Reactions are the members' own documents under the message
 * (onReactionWritten); the server's write of their counts calls for none of the parts below. It
 * does what the write calls for, each part as it did when it was a trigger of its own:
 * - a new text message: the sender's count of the day and cross-room rate limit (messages/created.ts);
 * - new or edited text, or a message held until screened: moderation (messages/screen.ts);
 * - text, deletion, hiding or release: the room's summary (messages/summary.ts);
 * - a redaction: the removal of the file it carried (messages/redacted.ts);
 * - a new, redacted or hidden thread reply: its thread's summary (messages/thread.ts);
 * - a new reply that stays in its thread: the activity of those it concerns (messages/activity.ts).
 * Each part claims the event under its own name (processedEvents/{name}_{eventId}), or is a no-op
 * when repeated, so when one part fails the event is retried and only what failed takes effect;
 * the parts run side by side and a failure is rethrown once all have ended.
 */
export const onMessageWritten = onDocumentWritten(
  { document: 'rooms/{roomId}/messages/{messageId}', timeoutSeconds: 120 },
  async (event) => {
    const { roomId, messageId } = event.params;
    const before = dataOf(event.data?.before, converters.message);
    const after = dataOf(event.data?.after, converters.message);
    const store = db();
    const fields = { eventId: event.id, roomId, messageId };
    const parts: Promise<unknown>[] = [
      traced(SCREEN, fields, () => handleScreen(store, { eventId: event.id, roomId, messageId, before, after })),
      traced(SUMMARY, fields, () =>
        handleMessageWritten(store, { eventId: event.id, roomId, before, after }, flushLater),
      ),
    ];
    if (!before && after) {
      parts.push(
        traced(CREATED, fields, () => handleMessageCreated(store, { eventId: event.id, roomId, message: after })),
      );
      if (after.threadId && after.inRoom === false) {
        parts.push(traced(ACTIVITY, fields, () => handleThreadActivity(store, { roomId, messageId, message: after })));
      }
    }
    if (changedThread(before, after)) {
      parts.push(
        traced(THREAD, fields, () =>
          handleThreadReply(store, { eventId: event.id, roomId, before, after }, flushLater),
        ),
      );
    }
    const attachmentId = redactedAttachmentId(before, after);
    if (attachmentId) {
      parts.push(
        traced(
          'removeRedactedAttachment',
          { ...fields, attachmentId },
          () => removeAttachmentOf(roomId, messageId, attachmentId, store),
          (deleted) => `deleted:${deleted}`,
        ),
      );
    }
    const failed = (await Promise.allSettled(parts)).find((p) => p.status === 'rejected');
    if (failed) throw failed.reason;
  },
);
