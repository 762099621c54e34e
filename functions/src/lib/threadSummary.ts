import { THREAD_SUMMARY_AUTHORS, THREAD_SUMMARY_INTERVAL_MS } from '@chat/shared';
import type { Firestore } from 'firebase-admin/firestore';
import { type FlushOptions, markPending, requestFlush } from './coalesce.js';
import { refs, type MessageData } from './typed.js';
import { type ConditionalWrite, writeIfUnchanged } from './writeIfUnchanged.js';

/** Enough of the newest replies to find THREAD_SUMMARY_AUTHORS distinct authors in a usual thread. */
const AUTHOR_SCAN = 20;

/** The coalescing key of a thread: ids are `[A-Za-z0-9_-]`, so the ':' between them is unambiguous. */
export function threadKey(roomId: string, threadId: string): string {
  return `thread_${roomId}:${threadId}`;
}

/** The room and thread a key names, or null when it is not a thread's key. */
export function parseThreadKey(key: string): { roomId: string; threadId: string } | null {
  const match = /^thread_([A-Za-z0-9_-]+):([A-Za-z0-9_-]+)$/.exec(key);
  return match ? { roomId: match[1]!, threadId: match[2]! } : null;
}

/** Records that a thread's summary is stale: a mark of the event's own. */
export function markThreadStale(store: Firestore, roomId: string, threadId: string, eventId: string): Promise<void> {
  return markPending(store, threadKey(roomId, threadId), eventId);
}

type Summary = NonNullable<MessageData['replies']>;

/**
 * The thread's summary recomputed from its replies (a count() aggregation and the newest few), so
 * it is right whatever order events arrive in and however often; null while it has no reply.
 * Redacted replies count (they stay in the thread as placeholders); the authors named are those
 * of replies still shown.
 */
export async function computeThreadSummary(store: Firestore, roomId: string, threadId: string): Promise<Summary | null> {
  const replies = refs.messages(store, roomId).where('threadId', '==', threadId);
  const [newest, count] = await Promise.all([
    replies.orderBy('createdAt', 'desc').limit(AUTHOR_SCAN).get(),
    replies.count().get(),
  ]);
  const first = newest.docs[0]?.data();
  if (!first) return null;
  const authors: Summary['authors'] = [];
  for (const doc of newest.docs) {
    const { authorId, authorName, deleted, hidden } = doc.data();
    if (deleted || hidden || authors.some((a) => a.id === authorId)) continue;
    authors.push({ id: authorId, name: authorName });
    if (authors.length === THREAD_SUMMARY_AUTHORS) break;
  }
  return { count: count.data().count, lastAt: first.createdAt, authors };
}

function same(a: Summary | null, b: Summary | undefined): boolean {
  if (!a || !b) return !a && !b;
  return (
    a.count === b.count &&
    a.lastAt.isEqual(b.lastAt) &&
    a.authors.length === b.authors.length &&
    a.authors.every((x, i) => x.id === b.authors[i]?.id && x.name === b.authors[i]?.name)
  );
}

/**
 * Writes the summary onto the thread's first message, on condition the message is unchanged since
 * it was read (writeIfUnchanged: every thread reply's rules read that message, so no transaction
 * holds it), so a summary computed from older replies never lands over a newer one.
 */
export function writeThreadSummary(store: Firestore, roomId: string, threadId: string): Promise<ConditionalWrite> {
  return writeIfUnchanged(refs.message(store, roomId, threadId), async (parent) => {
    const summary = await computeThreadSummary(store, roomId, threadId);
    return !summary || same(summary, parent.replies) ? null : { replies: summary };
  });
}

/**
 * Flushes a thread's summary, coalesced: at most one write of the first message per
 * THREAD_SUMMARY_INTERVAL_MS however busy the thread, each write followed by one more event of
 * onMessageWritten on that message, which finds nothing to do.
 */
export function flushThreadSummary(store: Firestore, roomId: string, threadId: string, options: FlushOptions = {}) {
  const ref = refs.message(store, roomId, threadId);
  return requestFlush({
    ...options,
    store,
    key: threadKey(roomId, threadId),
    minIntervalMs: THREAD_SUMMARY_INTERVAL_MS,
    lastWriteMs: async () => (await ref.get()).updateTime?.toMillis() ?? null,
    flush: async () => {
      await writeThreadSummary(store, roomId, threadId);
    },
  });
}
