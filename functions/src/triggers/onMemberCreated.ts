import { memberNameLower } from '@chat/shared';
import { onDocumentCreated, writtenAt } from '../lib/trigger.js';
import { db } from '../lib/admin.js';
import { traced } from '../lib/log.js';
import { loadGlobalConfig, screenName } from '../lib/moderation.js';
import { announcesMembership, nameOf, systemText } from '../lib/systemEvents.js';
import { noticeMarkPath, postMembershipNotice } from '../lib/membershipNotices.js';
import { converters, dataOf, getAll, refs } from '../lib/typed.js';
import { flushLater } from '../lib/flushLater.js';
import { recountMembers } from '../lib/memberCount.js';

/**
 * rooms/{roomId}/members/{uid} created: "X joined the room" as a system message, except for the
 * room's creator, in direct rooms, in big rooms (announcesMembership) and when X's last join was
 * announced there within the hour (postMembershipNotice); and the room's
 * memberCount counted again. The message id comes from the event, so it posts once. A name that
 * joined before its profile was screened is masked here too (nameLower with it).
 */
export const onMemberCreated = onDocumentCreated('rooms/{roomId}/members/{uid}', async (event) => {
  const member = dataOf(event.data, converters.member);
  const { roomId, uid } = event.params;
  await traced('onMemberCreated', { eventId: event.id, roomId, uid }, async () => {
    if (!member) return 'skipped';
    const name = nameOf(member);
    const shown = screenName(name, await loadGlobalConfig(db()));
    // nameLower follows the name: the @mention search finds the member by what others see
    if (shown !== name)
      await refs.member(db(), roomId, uid).update({ displayName: shown, nameLower: memberNameLower(shown) });
    if (member.role === 'owner') return 'skipped';
    const [roomSnap, mark] = await getAll(db(), refs.room(db(), roomId), db().doc(noticeMarkPath(roomId, uid)));
    const room = roomSnap.data();
    if (!room || room.kind === 'direct') return 'skipped';
    // the count read is from before this join is counted
    if (!announcesMembership(room.memberCount + 1)) {
      await recountMembers(db(), roomId, event.id, flushLater);
      return 'quiet:big-room';
    }
    const posted = await postMembershipNotice(db(), {
      roomId,
      uid,
      change: 'joined',
      eventId: event.id,
      notice: systemText.joined(shown),
      at: writtenAt(event),
      mark,
    });
    await recountMembers(db(), roomId, event.id, flushLater);
    return posted;
  });
});
