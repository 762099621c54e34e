import { onDocumentCreated, writtenAt } from '../lib/trigger.js';
import { db } from '../lib/admin.js';
import { traced } from '../lib/log.js';
import { nameOf, systemText } from '../lib/systemEvents.js';
import { postSystemMessage } from '../lib/systemMessage.js';

/**
 * rooms/{roomId}/bans/{uid} created: "X was banned from the room" as a system message. A ban
 * usually deletes the member document in the same batch, so the name comes from the profile.
 */
export const onBanCreated = onDocumentCreated('rooms/{roomId}/bans/{uid}', async (event) => {
  const { roomId, uid } = event.params;
  await traced('onBanCreated', { eventId: event.id, roomId, uid }, async () => {
    const [member, profile] = await db().getAll(db().doc(`rooms/${roomId}/members/${uid}`), db().doc(`users/${uid}`));
    const name = nameOf(member?.data() ?? profile?.data(), 'A member');
    return postSystemMessage(db(), roomId, event.id, systemText.banned(name), writtenAt(event));
  });
});
