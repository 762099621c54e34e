import { onDocumentWritten, writtenAt } from '../lib/trigger.js';
import { db } from '../lib/admin.js';
import { traced } from '../lib/log.js';
import { loadModerationConfig, screenName } from '../lib/moderation.js';
import { systemText } from '../lib/systemEvents.js';
import { postSystemMessage } from '../lib/systemMessage.js';
import { converters, dataOf, refs } from '../lib/typed.js';
import { writeIfUnchanged } from '../lib/writeIfUnchanged.js';

/**
 * rooms/{roomId}/renames/{uid} written: an admin changed the room's name or topic, and the rules
 * made them record the fields they changed in the same batch. Each is masked in the room if the
 * blocklist says so (unless a later change replaced it meanwhile) and announced with a system
 * message, as it is shown. A rename has a document of its own so that this is the only trigger
 * on the room's settings: one on rooms/{roomId} ran on every summary write too (half of the
 * invocations a message caused, doing nothing).
 */
export const onRoomRenamed = onDocumentWritten('rooms/{roomId}/renames/{uid}', async (event) => {
  const rename = dataOf(event.data?.after, converters.rename);
  const { roomId } = event.params;
  await traced('onRoomRenamed', { eventId: event.id, roomId }, async () => {
    if (!rename) return 'skipped';
    const config = await loadModerationConfig(db(), roomId);
    const shown = {
      name: rename.name === undefined ? undefined : screenName(rename.name, config),
      topic: rename.topic === undefined ? undefined : screenName(rename.topic, config),
    };
    if (shown.name !== rename.name || shown.topic !== rename.topic) {
      await writeIfUnchanged(refs.room(db(), roomId), async (room) => {
        const masked: { name?: string; topic?: string } = {};
        if (shown.name !== rename.name && room.name === rename.name) masked.name = shown.name;
        if (shown.topic !== rename.topic && room.topic === rename.topic) masked.topic = shown.topic;
        return Object.keys(masked).length > 0 ? masked : null;
      });
    }
    const posted: string[] = [];
    if (shown.name !== undefined) {
      posted.push(
        await postSystemMessage(db(), roomId, `${event.id}_name`, systemText.renamed(shown.name), writtenAt(event)),
      );
    }
    if (shown.topic !== undefined) {
      posted.push(
        await postSystemMessage(db(), roomId, `${event.id}_topic`, systemText.topic(shown.topic), writtenAt(event)),
      );
    }
    return posted.join(',') || 'nothing-changed';
  });
});
