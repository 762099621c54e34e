/**
 * Moderation beyond a message's text, as plain functions the message, room, member and profile
 * triggers call (so they can be folded into one trigger per path without moving the logic):
 * names, titles and file names are masked where the blocklist matches; a hidden message takes
 * its file out of sight (the file is readable again only by its uploader and the room's admins)
 * and brings it back on restore.
 */
import type { DocumentReference, Firestore, Transaction } from 'firebase-admin/firestore';
import type { AttachmentRef, ModerationConfig } from '@chat/shared';
import { screenName } from './moderation.js';
import { refs, type AttachmentMetaData, type MessageData, type QueueItemData, type RoomData } from './typed.js';

/** Masked versions of what a new message shows besides its text; empty when all is clean. */
export function screenMessageExtras(
  message: Pick<MessageData, 'authorName' | 'attachment'>,
  config: ModerationConfig,
): Record<string, string> {
  const out: Record<string, string> = {};
  const authorName = String(message.authorName ?? '');
  const maskedAuthor = screenName(authorName, config);
  if (maskedAuthor !== authorName) out.authorName = maskedAuthor;
  const fileName = typeof message.attachment?.name === 'string' ? message.attachment.name : null;
  if (fileName !== null) {
    const masked = screenName(fileName, config);
    if (masked !== fileName) out['attachment.name'] = masked;
  }
  return out;
}

/** A room's name and topic as they may be shown; only the fields that change. */
export function screenRoomFields(
  room: Pick<RoomData, 'name' | 'topic'>,
  config: ModerationConfig,
): { name?: string; topic?: string } {
  const out: { name?: string; topic?: string } = {};
  for (const field of ['name', 'topic'] as const) {
    const stored = room[field];
    const value = typeof stored === 'string' ? stored : '';
    const masked = screenName(value, config);
    if (masked !== value) out[field] = masked;
  }
  return out;
}

export function attachmentRef(
  store: Firestore,
  roomId: string,
  message: { attachment?: AttachmentRef | null },
): DocumentReference<AttachmentMetaData> | null {
  const id = message.attachment?.id;
  return typeof id === 'string' && /^[A-Za-z0-9_-]{1,200}$/.test(id) ? refs.attachmentMeta(store, roomId, id) : null;
}

/**
 * What hiding a message writes besides its text: the message drops its attachment (kept in the
 * queue item to restore it) and the file is marked hidden. Call after the transaction's reads,
 * with `metaExists` from them.
 */
export function hideAttachment(
  tx: Transaction,
  meta: DocumentReference<AttachmentMetaData> | null,
  metaExists: boolean,
  metaChanges: Record<string, unknown> = {},
): { attachment: null } | Record<string, never> {
  if (!meta) return {};
  if (metaExists) tx.update(meta, { ...metaChanges, hidden: true });
  return { attachment: null };
}

/** The reverse on restore: the file comes back to the message and out of hiding. */
export function restoreAttachment(
  tx: Transaction,
  store: Firestore,
  roomId: string,
  queued: QueueItemData | undefined,
  metaExists: boolean,
): { attachment: AttachmentRef } | Record<string, never> {
  const attachment = queued?.attachment;
  if (!attachment) return {};
  const meta = attachmentRef(store, roomId, { attachment });
  if (meta && metaExists) tx.update(meta, { hidden: false });
  return { attachment };
}
