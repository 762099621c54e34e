import { onDocumentCreated } from '../lib/trigger.js';
import { db } from '../lib/admin.js';
import { traced } from '../lib/log.js';
import { nameOf, systemText } from '../lib/systemEvents.js';
import { postSystemMessage } from '../lib/systemMessage.js';

/**
 * rooms/{roomId}/members/{uid} created: "X joined the room" as a system message, except for the
 * room's creator and in direct rooms. The message id comes from the event, so it posts once.
 */
export const onMemberCreated = onDocumentCreated('rooms/{roomId}/members/{uid}', async (event) => {
  const member = event.data?.data();
  const { roomId, uid } = event.params;
  await traced('onMemberCreated', { eventId: event.id, roomId, uid }, async () => {
    if (!member || member.role === 'owner') return 'skipped';
    const room = await db().doc(`rooms/${roomId}`).get();
    if (!room.exists || room.get('kind') === 'direct') return 'skipped';
    return postSystemMessage(db(), roomId, event.id, systemText.joined(nameOf(member)));
  });
});
