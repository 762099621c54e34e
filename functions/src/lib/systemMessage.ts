import { SYSTEM_AUTHOR_ID } from '@chat/shared';
import { FieldValue, Timestamp, type Firestore } from 'firebase-admin/firestore';
import type { SystemNotice } from './systemEvents.js';

export { SYSTEM_AUTHOR_ID };
export const SYSTEM_AUTHOR_NAME = 'Firechat';

/**
 * A system message as stored (shared Message with kind 'system'); clients cannot write these.
 * `at`: when what it tells of happened, or the server's time when omitted.
 */
export function systemMessageData({ text, event }: SystemNotice, at?: Timestamp | string): Record<string, unknown> {
  return {
    authorId: SYSTEM_AUTHOR_ID,
    authorName: SYSTEM_AUTHOR_NAME,
    text,
    event,
    createdAt: typeof at === 'string' ? Timestamp.fromDate(new Date(at)) : (at ?? FieldValue.serverTimestamp()),
    kind: 'system',
    replyTo: null,
    mentions: [],
    words: [],
    attachment: null,
    editedAt: null,
    deleted: false,
    reactions: {},
    threadId: null,
    inRoom: true,
  };
}

/** A message id derived from the event, so a redelivered event writes the same message once. */
export function systemMessageId(eventId: string): string {
  return `sys_${eventId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

const ALREADY_EXISTS = 6;

/**
 * Posts a system message for an event; 'duplicate' when the event was already handled. It is
 * dated when what it tells of happened (`at`: the written document's createTime or updateTime,
 * exact to the microsecond; a delete has only the CloudEvent's `time`), not at posting: a
 * trigger runs seconds after the write when its queue is busy, and "Ben joined" must not land
 * after the messages that followed the join (it would become the room's last message and preview).
 */
export async function postSystemMessage(
  store: Firestore,
  roomId: string,
  eventId: string,
  notice: SystemNotice,
  at: Timestamp | string,
): Promise<'posted' | 'duplicate'> {
  try {
    await store.doc(`rooms/${roomId}/messages/${systemMessageId(eventId)}`).create(systemMessageData(notice, at));
    return 'posted';
  } catch (error) {
    if ((error as { code?: unknown }).code === ALREADY_EXISTS) return 'duplicate';
    throw error;
  }
}
