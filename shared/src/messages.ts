import type { AttachmentRef, Message } from './model.js';
import { indexWords } from './words.js';

/** The authorId of system messages (kind 'system'), which only the server writes. */
export const SYSTEM_AUTHOR_ID = 'system';

/**
 * A message as a send stores it: who wrote what and when, the message it replies to, whom it
 * mentions, the file it carries and the thread it replies in (none of them by default), no edit
 * or reactions, and the
 * search words of its text. The app's send builds every message with it, with or without a
 * file; code that writes messages past the client (seeding, benchmarks, tests) spreads over it
 * what a case changes.
 */
export function textMessage<T, A extends AttachmentRef | null = null>({
  authorId,
  authorName,
  text,
  createdAt,
  replyTo = null,
  mentions = [],
  attachment,
  threadId = null,
  inRoom = true,
}: Pick<Message<T>, 'authorId' | 'authorName' | 'text' | 'createdAt'> &
  Partial<Pick<Message<T>, 'replyTo' | 'mentions' | 'threadId' | 'inRoom'>> & { attachment?: A }) {
  return {
    authorId,
    authorName,
    text,
    createdAt,
    kind: 'text',
    replyTo: replyTo ? { id: replyTo.id } : null,
    mentions: [...mentions],
    attachment: (attachment ?? null) as A,
    editedAt: null,
    deleted: false,
    reactions: {} as Record<string, string[]>,
    words: indexWords(text),
    threadId,
    // a room message is always in the room; a thread reply only when also sent there
    inRoom: threadId === null ? true : inRoom,
  } satisfies Message<T>;
}
