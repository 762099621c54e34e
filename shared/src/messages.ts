import type { Message } from './model.js';
import { indexWords } from './words.js';

/** The authorId of system messages (kind 'system'), which only the server writes. */
export const SYSTEM_AUTHOR_ID = 'system';

/**
 * A text message as a send stores it: who wrote what and when, with no reply, mentions,
 * attachment, edit or reactions, and the search words of its text. For code that writes
 * messages past the client (seeding, benchmarks, tests): spread over it what a case changes.
 */
export function textMessage<T>({
  authorId,
  authorName,
  text,
  createdAt,
}: Pick<Message<T>, 'authorId' | 'authorName' | 'text' | 'createdAt'>) {
  return {
    authorId,
    authorName,
    text,
    createdAt,
    kind: 'text',
    replyTo: null,
    mentions: [] as string[],
    attachment: null,
    editedAt: null,
    deleted: false,
    reactions: {} as Record<string, string[]>,
    words: indexWords(text),
  } satisfies Message<T>;
}
