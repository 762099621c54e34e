import { logger } from 'firebase-functions';
import { onDocumentCreated } from 'firebase-functions/v2/firestore';
import { FieldValue } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { readClaim } from '../lib/idempotency.js';

const EXCERPT_LENGTH = 140;

/**
 * rooms/{roomId}/messages/{messageId} created: updates the room's server-owned summary
 * (lastMessage, lastMessageAt, messageCount) exactly once per message.
 */
export const onMessageCreated = onDocumentCreated('rooms/{roomId}/messages/{messageId}', async (event) => {
  const started = Date.now();
  const snap = event.data;
  if (!snap) return;
  const { roomId, messageId } = event.params;
  const message = snap.data();
  const roomRef = db().collection('rooms').doc(roomId);
  const outcome = await db().runTransaction(async (tx) => {
    const claim = await readClaim(tx, event.id, 'onMessageCreated');
    if (!claim) return 'duplicate';
    const room = await tx.get(roomRef);
    if (!room.exists) return 'no-room';
    claim();
    const createdAt = message.createdAt ?? FieldValue.serverTimestamp();
    const current = room.get('lastMessageAt');
    const newer = !current || current.toMillis() <= createdAt.toMillis();
    tx.update(roomRef, {
      messageCount: FieldValue.increment(1),
      ...(newer
        ? {
            lastMessageAt: createdAt,
            lastMessage: {
              id: messageId,
              authorId: message.authorId,
              authorName: message.authorName,
              excerpt: String(message.text ?? '').slice(0, EXCERPT_LENGTH),
              at: createdAt,
            },
          }
        : {}),
    });
    return 'updated';
  });
  logger.info('onMessageCreated', { eventId: event.id, roomId, messageId, outcome, ms: Date.now() - started });
});
