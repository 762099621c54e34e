import type { Firestore, Timestamp } from 'firebase-admin/firestore';
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
  await traced('onRoomRenamed', { eventId: event.id, roomId }, () =>
    rename
      ? handleRename(db(), { eventId: event.id, roomId, rename, at: writtenAt(event) })
      : Promise.resolve('skipped'),
  );
});

export interface Rename {
  eventId: string;
  roomId: string;
  /** the record as written: the fields changed, as the admin typed them */
  rename: { name?: string; topic?: string };
  /** when the rename was written: the system messages are dated by it */
  at: Timestamp | string;
}

/**
 * Screens a rename's fields, masks in the room each the blocklist catches that the room still
 * shows (a later rename wins), and posts a system message per field as shown; ids from the event,
 * so a redelivery posts nothing twice.
 */
export async function handleRename(store: Firestore, { eventId, roomId, rename, at }: Rename): Promise<string> {
  const config = await loadModerationConfig(store, roomId);
  const shown = {
    name: rename.name === undefined ? undefined : screenName(rename.name, config),
    topic: rename.topic === undefined ? undefined : screenName(rename.topic, config),
  };
  if (shown.name !== rename.name || shown.topic !== rename.topic) {
    await writeIfUnchanged(refs.room(store, roomId), async (room) => {
      const masked: { name?: string; topic?: string } = {};
      if (shown.name !== rename.name && room.name === rename.name) masked.name = shown.name;
      if (shown.topic !== rename.topic && room.topic === rename.topic) masked.topic = shown.topic;
      return Object.keys(masked).length > 0 ? masked : null;
    });
  }
  const posted: string[] = [];
  if (shown.name !== undefined) {
    posted.push(await postSystemMessage(store, roomId, `${eventId}_name`, systemText.renamed(shown.name), at));
  }
  if (shown.topic !== undefined) {
    posted.push(await postSystemMessage(store, roomId, `${eventId}_topic`, systemText.topic(shown.topic), at));
  }
  return posted.join(',') || 'nothing-changed';
}
