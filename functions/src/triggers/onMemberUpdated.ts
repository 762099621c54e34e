import { onDocumentUpdated, writtenAt, writtenAtMs } from '../lib/trigger.js';
import type { Timestamp } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { traced } from '../lib/log.js';
import { nameOf, systemText } from '../lib/systemEvents.js';
import { postSystemMessage } from '../lib/systemMessage.js';
import { converters, dataOf } from '../lib/typed.js';

function millis(value: Timestamp | null | undefined): number {
  return typeof value?.toMillis === 'function' ? value.toMillis() : 0;
}

/**
 * rooms/{roomId}/members/{uid} updated: a room admin setting mutedUntil to a later time posts
 * "X was muted for N minutes"; clearing it early posts "X can post again".
 */
export const onMemberUpdated = onDocumentUpdated('rooms/{roomId}/members/{uid}', async (event) => {
  const before = dataOf(event.data?.before, converters.member);
  const after = dataOf(event.data?.after, converters.member);
  const { roomId, uid } = event.params;
  await traced('onMemberUpdated', { eventId: event.id, roomId, uid }, async () => {
    if (!before || !after) return 'skipped';
    const was = millis(before.mutedUntil);
    const now = millis(after.mutedUntil);
    // when the change was written: the notice is dated then, and a mute's length counts from then
    const when = writtenAt(event);
    const at = writtenAtMs(event);
    if (now > at && now !== was)
      return postSystemMessage(db(), roomId, event.id, systemText.muted(nameOf(after), now - at), when);
    if (was > at && now <= at)
      return postSystemMessage(db(), roomId, event.id, systemText.unmuted(nameOf(after)), when);
    return 'no-mute-change';
  });
});
