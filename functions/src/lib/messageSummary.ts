/**
 * What the server keeps on a message from other documents: its thread's summary (`replies`, on a
 * thread's first message: lib/threadSummary.ts) and its reactions (`reactions`, `reactionCounts`:
 * lib/reactions.ts). Both go through one coalescing key per message, so a message that is a busy
 * thread's first message and a popular reaction target at once is still written at most once per
 * THREAD_SUMMARY_INTERVAL_MS, in one write carrying both.
 */
import { THREAD_SUMMARY_INTERVAL_MS } from '@chat/shared';
import type { Firestore } from 'firebase-admin/firestore';
import { type FlushOptions, markPending, type PendingMark, requestFlush } from './coalesce.js';
import { recountReactions } from './reactions.js';
import { threadSummaryUpdate } from './threadSummary.js';
import { refs } from './typed.js';
import { type ConditionalWrite, writeIfUnchanged } from './writeIfUnchanged.js';

/** The coalescing key of a message: ids are `[A-Za-z0-9_-]`, so the ':' between them is unambiguous. */
export function messageKey(roomId: string, messageId: string): string {
  return `message_${roomId}:${messageId}`;
}

/** The room and message a key names, or null when it is not a message's key. */
export function parseMessageKey(key: string): { roomId: string; messageId: string } | null {
  const match = /^message_([A-Za-z0-9_-]+):([A-Za-z0-9_-]+)$/.exec(key);
  return match ? { roomId: match[1]!, messageId: match[2]! } : null;
}

/**
 * A key of the thread summary's own from before it shared the message's (`thread_{roomId}:{threadId}`):
 * marks left under it when the functions were updated are still flushed (flushLater.ts flushKey).
 */
export function parseLegacyThreadKey(key: string): { roomId: string; messageId: string } | null {
  const match = /^thread_([A-Za-z0-9_-]+):([A-Za-z0-9_-]+)$/.exec(key);
  return match ? { roomId: match[1]!, messageId: match[2]! } : null;
}

/** Records that a thread's summary is stale: a mark of the event's own, without emojis. */
export function markThreadStale(store: Firestore, roomId: string, threadId: string, eventId: string): Promise<void> {
  return markPending(store, messageKey(roomId, threadId), eventId);
}

/** Records that these emojis of a message are to be counted again: a mark of the event's own. */
export function markReactionsStale(
  store: Firestore,
  roomId: string,
  messageId: string,
  eventId: string,
  emojis: string[],
): Promise<void> {
  return markPending(store, messageKey(roomId, messageId), eventId, { emojis });
}

/** What a flush recomputes: the thread's summary (any mark without emojis) and the emojis marked. */
export interface MessageParts {
  thread: boolean;
  emojis: string[];
}

export function partsOf(pending: readonly Pick<PendingMark, 'emojis'>[]): MessageParts {
  return {
    thread: pending.some((mark) => mark.emojis === undefined),
    emojis: [...new Set(pending.flatMap((mark) => mark.emojis ?? []))].sort(),
  };
}

/**
 * Writes what `parts` asks for onto the message in one write, recomputed from the source documents
 * (the replies, the reaction documents) after reading the message, on condition the message is
 * unchanged since (writeIfUnchanged: every thread reply's rules read it, so no transaction holds
 * it). Recomputed, not added up: a redelivered event, a replayed flush or events out of order
 * change nothing. Emojis not marked keep what the message shows. `beforeWrite` lets tests hold the
 * write.
 */
export function writeMessageSummary(
  store: Firestore,
  roomId: string,
  messageId: string,
  parts: MessageParts,
  beforeWrite?: () => Promise<void>,
): Promise<ConditionalWrite> {
  return writeIfUnchanged(
    refs.message(store, roomId, messageId),
    async (message) => {
      const [thread, reactions] = await Promise.all([
        parts.thread ? threadSummaryUpdate(store, roomId, messageId, message) : null,
        recountReactions(store, roomId, messageId, message, parts.emojis),
      ]);
      const update = { ...thread, ...reactions };
      return Object.keys(update).length > 0 ? update : null;
    },
    beforeWrite,
  );
}

/**
 * Flushes a message's summaries, coalesced: at most one write of the message per
 * THREAD_SUMMARY_INTERVAL_MS however busy its thread and its reactions, each write followed by one
 * more event of onMessageWritten on that message, which finds nothing to do. `key` is the
 * message's, or a legacy thread key whose marks are left (parseLegacyThreadKey).
 */
export function flushMessageSummary(
  store: Firestore,
  roomId: string,
  messageId: string,
  options: FlushOptions = {},
  key: string = messageKey(roomId, messageId),
) {
  const ref = refs.message(store, roomId, messageId);
  return requestFlush({
    ...options,
    store,
    key,
    minIntervalMs: THREAD_SUMMARY_INTERVAL_MS,
    lastWriteMs: async () => (await ref.get()).updateTime?.toMillis() ?? null,
    // every marked event was committed before it was marked, so what is computed after the marks
    // were read includes them all
    flush: async (pending) => {
      await writeMessageSummary(store, roomId, messageId, partsOf(pending.map((mark) => mark.data())));
    },
  });
}
