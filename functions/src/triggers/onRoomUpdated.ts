import { onDocumentUpdated, writtenAt } from '../lib/trigger.js';
import { db } from '../lib/admin.js';
import { traced } from '../lib/log.js';
import { loadModerationConfig, screenName } from '../lib/moderation.js';
import { screenRoomFields } from '../lib/screening.js';
import { systemText } from '../lib/systemEvents.js';
import { postSystemMessage } from '../lib/systemMessage.js';
import { converters, dataOf } from '../lib/typed.js';

/**
 * rooms/{roomId} updated: a rename or a topic change posts a system message, with the name or
 * topic as the blocklist lets it be shown (a blocked word is masked in the room first). Summary
 * writes by onMessageWritten change neither field, so the system message's own summary update
 * ends here, and so does the masking write (its masked text is what was already announced).
 */
export const onRoomUpdated = onDocumentUpdated('rooms/{roomId}', async (event) => {
  const before = dataOf(event.data?.before, converters.room);
  const after = dataOf(event.data?.after, converters.room);
  const { roomId } = event.params;
  await traced('onRoomUpdated', { eventId: event.id, roomId }, async () => {
    if (!before || !after || after.kind === 'direct') return 'skipped';
    if (before.name === after.name && before.topic === after.topic) return 'no-visible-change';
    const config = await loadModerationConfig(db(), roomId);
    const masked = screenRoomFields(after, config);
    if (Object.keys(masked).length > 0) await db().doc(`rooms/${roomId}`).update(masked);
    const shown = { name: masked.name ?? String(after.name ?? ''), topic: masked.topic ?? String(after.topic ?? '') };
    // our own masking write: the masked text was announced with the change it masked
    const ownMask = (field: 'name' | 'topic') => after[field] === screenName(String(before[field] ?? ''), config);
    const posted: string[] = [];
    if (before.name !== after.name && !ownMask('name')) {
      posted.push(
        await postSystemMessage(db(), roomId, `${event.id}_name`, systemText.renamed(shown.name), writtenAt(event)),
      );
    }
    if (before.topic !== after.topic && !ownMask('topic')) {
      posted.push(
        await postSystemMessage(db(), roomId, `${event.id}_topic`, systemText.topic(shown.topic), writtenAt(event)),
      );
    }
    return posted.length > 0 ? posted.join(',') : 'masked';
  });
});
