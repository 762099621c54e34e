import { onDocumentDeleted, writtenAt } from '../lib/trigger.js';
import { db } from '../lib/admin.js';
import { traced } from '../lib/log.js';
import { announcesMembership, nameOf, systemText } from '../lib/systemEvents.js';
import { noticeMarkPath, postMembershipNotice } from '../lib/membershipNotices.js';
import { converters, dataOf, getAll, refs } from '../lib/typed.js';
import { flushLater } from '../lib/flushLater.js';
import { recountMembers } from '../lib/memberCount.js';

/**
 * rooms/{roomId}/members/{uid} deleted: "X left the room", except in direct rooms, in a room
 * being deleted, in big rooms (announcesMembership), for a ban (onBanCreated says that instead)
 * and when X's last leave was announced there within the hour (postMembershipNotice); and the
 * room's memberCount counted again. The leave of a deleted account leaves no notice mark.
 */
export const onMemberDeleted = onDocumentDeleted('rooms/{roomId}/members/{uid}', async (event) => {
  const member = dataOf(event.data, converters.member);
  const { roomId, uid } = event.params;
  await traced('onMemberDeleted', { eventId: event.id, roomId, uid }, async () => {
    const [room, ban, mark, tombstone] = await getAll(
      db(),
      refs.room(db(), roomId),
      db().doc(`rooms/${roomId}/bans/${uid}`),
      db().doc(noticeMarkPath(roomId, uid)),
      db().doc(`deletedAccounts/${uid}`),
    );
    if (!room.exists || room.data()?.kind === 'direct') return 'skipped';
    // the count read still counts the one who left
    const announced = announcesMembership(room.data()?.memberCount ?? 0);
    const outcome = ban.exists
      ? 'banned'
      : !announced
        ? 'quiet:big-room'
        : await postMembershipNotice(db(), {
            roomId,
            uid,
            change: 'left',
            eventId: event.id,
            notice: systemText.left(nameOf(member)),
            at: writtenAt(event),
            mark,
            record: !tombstone.exists,
          });
    await recountMembers(db(), roomId, event.id, flushLater);
    return outcome;
  });
});
