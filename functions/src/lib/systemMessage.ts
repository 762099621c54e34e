import { SYSTEM_AUTHOR_ID } from '@chat/shared';
import { FieldValue, type Firestore } from 'firebase-admin/firestore';

export { SYSTEM_AUTHOR_ID };
export const SYSTEM_AUTHOR_NAME = 'Firechat';

/** A system message as stored (shared Message with kind 'system'); clients cannot write these. */
export function systemMessageData(text: string): Record<string, unknown> {
  return {
    authorId: SYSTEM_AUTHOR_ID,
    authorName: SYSTEM_AUTHOR_NAME,
    text,
    createdAt: FieldValue.serverTimestamp(),
    kind: 'system',
    replyTo: null,
    mentions: [],
    words: [],
    attachment: null,
    editedAt: null,
    deleted: false,
    reactions: {},
  };
}

/** A message id derived from the event, so a redelivered event writes the same message once. */
export function systemMessageId(eventId: string): string {
  return `sys_${eventId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

const ALREADY_EXISTS = 6;

/** Posts a system message for an event; 'duplicate' when the event was already handled. */
export async function postSystemMessage(store: Firestore, roomId: string, eventId: string, text: string): Promise<'posted' | 'duplicate'> {
  try {
    await store.doc(`rooms/${roomId}/messages/${systemMessageId(eventId)}`).create(systemMessageData(text));
    return 'posted';
  } catch (error) {
    if ((error as { code?: unknown }).code === ALREADY_EXISTS) return 'duplicate';
    throw error;
  }
}
