import { onDocumentCreated } from '../lib/trigger';
import { db } from '../lib/admin.js';
import { traced } from '../lib/log.js';
import { loadModerationConfig } from '../lib/moderation.js';
import { screenRoomFields } from '../lib/screening.js';
import { converters, dataOf } from '../lib/typed.js';

/**
 * rooms/{roomId} created: the name and topic as the blocklist lets them be shown (a blocked word
 * is masked). Rooms are created rarely (the rules allow ten an hour per person), so this costs
 * little; renames are screened by onRoomRenamed.
 */
export const onRoomCreated = onDocumentCreated('rooms/{roomId}', async (event) => {
  const room = dataOf(event.data, converters.room);
  const { roomId } = event.params;
  await traced('onRoomCreated', { eventId: event.id, roomId }, async () => {
    if (!room || room.kind === 'direct') return 'skipped';
    const masked = screenRoomFields(room, await loadModerationConfig(db(), roomId));
    if (Object.keys(masked).length === 0) return 'clean';
    await db().doc(`rooms/${roomId}`).update(masked);
    return 'masked';
  });
});
