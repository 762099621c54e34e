import { onDocumentDeleted } from '../lib/trigger';
import type { Firestore } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { traced } from '../lib/log.js';

/** Deletes what is left under a deleted attachment meta; returns how many chunks went. */
export async function removeOrphanChunks(store: Firestore, roomId: string, attachmentId: string): Promise<number> {
  const chunks = await store.collection(`rooms/${roomId}/attachments/${attachmentId}/chunks`).listDocuments();
  if (chunks.length === 0) return 0;
  const batch = store.batch();
  for (const chunk of chunks) batch.delete(chunk);
  await batch.commit();
  return chunks.length;
}

/**
 * rooms/{roomId}/attachments/{attachmentId} deleted (a cancelled upload; the clean-up of an
 * abandoned one): its chunks go too, so none is left without the meta whose rules guard it. The
 * client deletes them in the same batch when it can; this catches a cancel cut short.
 */
export const removeChunksOfDeletedUpload = onDocumentDeleted(
  'rooms/{roomId}/attachments/{attachmentId}',
  async (event) => {
    const { roomId, attachmentId } = event.params;
    await traced('removeChunksOfDeletedUpload', { eventId: event.id, roomId, attachmentId }, async () =>
      String(await removeOrphanChunks(db(), roomId, attachmentId)),
    );
  },
);
