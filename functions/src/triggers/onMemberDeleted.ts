import { onDocumentDeleted, writtenAt } from '../lib/trigger.js';
import { db } from '../lib/admin.js';
import { traced } from '../lib/log.js';
import { announcesMembership, nameOf, systemText } from '../lib/systemEvents.js';
import { postSystemMessage } from '../lib/systemMessage.js';
import { converters, dataOf, getAll, refs } from '../lib/typed.js';
import { flushLater } from '../lib/flushLater.js';
import { recountMembers } from '../lib/memberCount.js';

/**
 * rooms/{roomId}/members/{uid} deleted: "X left the room", except in direct rooms, in a room
 * being deleted, in big rooms (announcesMembership), and for a ban (onBanCreated
 * says that instead); and the room's memberCount counted again.
 */
export const onMemberDeleted = onDocumentDeleted('rooms/{roomId}/members/{uid}', async (event) => {
  const member = dataOf(event.data, converters.member);
  const { roomId, uid } = event.params;
  await traced('onMemberDeleted', { eventId: event.id, roomId, uid }, async () => {
    const [room, ban] = await getAll(db(), refs.room(db(), roomId), db().doc(`rooms/${roomId}/bans/${uid}`));
    if (!room.exists || room.data()?.kind === 'direct') return 'skipped';
    // the count read still counts the one who left
    const announced = announcesMembership(room.data()?.memberCount ?? 0);
    const outcome = ban.exists
      ? 'banned'
      : !announced
        ? 'quiet:big-room'
        : await postSystemMessage(db(), roomId, event.id, systemText.left(nameOf(member)), writtenAt(event));
    await recountMembers(db(), roomId, event.id, flushLater);
    return outcome;
  });
});
