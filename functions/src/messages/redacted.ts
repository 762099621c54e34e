import type { Firestore } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { refs, type MessageData } from '../lib/typed.js';

/**
 * Deletes the attachment (meta and chunks) of a message that references one. Only an attachment
 * whose meta names this message is touched, so a message cannot point at someone else's file to
 * have it removed. Deleting what is already gone is a no-op, so a repeated delivery is harmless.
 * Returns how many documents it deleted.
 */
export async function removeAttachmentOf(
  roomId: string,
  messageId: string,
  attachmentId: string,
  store: Firestore = db(),
): Promise<number> {
  const metaRef = refs.attachmentMeta(store, roomId, attachmentId);
  const meta = await metaRef.get();
  if (meta.exists && meta.data()?.messageId !== messageId) return 0;
  // Chunks are listed rather than counted from the meta, so strays of a broken upload go too.
  const chunks = await metaRef.collection('chunks').listDocuments();
  const batch = store.batch();
  for (const chunk of chunks) batch.delete(chunk);
  if (meta.exists) batch.delete(metaRef);
  await batch.commit();
  return chunks.length + (meta.exists ? 1 : 0);
}

/** The attachment id to remove for a message write, or null when there is nothing to do. */
export function redactedAttachmentId(
  before: Pick<MessageData, 'attachment' | 'deleted'> | undefined,
  after: Pick<MessageData, 'attachment' | 'deleted'> | undefined,
): string | null {
  if (after?.deleted !== true) return null;
  const id = before?.attachment?.id ?? after.attachment?.id;
  return typeof id === 'string' && id.length > 0 ? id : null;
}
