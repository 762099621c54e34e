import { onDocumentUpdated } from '../lib/trigger.js';
import { db } from '../lib/admin.js';
import { traced } from '../lib/log.js';
import { systemText } from '../lib/systemEvents.js';
import { postSystemMessage } from '../lib/systemMessage.js';

/**
 * rooms/{roomId} updated: a rename or a topic change posts a system message. Summary writes by
 * onMessageWritten change neither field, so the system message's own summary update ends here.
 */
export const onRoomUpdated = onDocumentUpdated('rooms/{roomId}', async (event) => {
  const before = event.data?.before.data();
  const after = event.data?.after.data();
  const { roomId } = event.params;
  await traced('onRoomUpdated', { eventId: event.id, roomId }, async () => {
    if (!before || !after || after.kind === 'direct') return 'skipped';
    const posted: string[] = [];
    if (before.name !== after.name) {
      posted.push(
        await postSystemMessage(db(), roomId, `${event.id}_name`, systemText.renamed(String(after.name ?? ''))),
      );
    }
    if (before.topic !== after.topic) {
      posted.push(
        await postSystemMessage(db(), roomId, `${event.id}_topic`, systemText.topic(String(after.topic ?? ''))),
      );
    }
    return posted.length > 0 ? posted.join(',') : 'no-visible-change';
  });
});
