import { THREAD_SUMMARY_AUTHORS } from '@chat/shared';
import type { Firestore } from 'firebase-admin/firestore';
import { countTallied, type GrowingSet } from './tally.js';
import { refs, type MessageData } from './typed.js';
import { type ConditionalWrite, writeIfUnchanged } from './writeIfUnchanged.js';

/** Enough of the newest replies to find THREAD_SUMMARY_AUTHORS distinct authors in a usual thread. */
const AUTHOR_SCAN = 20;

type Summary = NonNullable<MessageData['replies']>;

/**
 * The thread's summary recomputed from its replies (a count() aggregation and the newest few), so
 * it is right whatever order events arrive in and however often; null while it has no reply.
 * Redacted replies count (they stay in the thread as placeholders); the authors named are those
 * of replies still shown. A thread of TALLY_FROM replies counts from the tally `previous` keeps
 * (replies are never removed, nor moved to another thread: lib/tally.ts).
 */
export async function computeThreadSummary(
  store: Firestore,
  roomId: string,
  threadId: string,
  previous?: Summary,
): Promise<Summary | null> {
  const replies = refs.messages(store, roomId).where('threadId', '==', threadId);
  // newest first, as the one index of a thread's replies orders them (an order costs a count nothing)
  const newestFirst = replies.orderBy('createdAt', 'desc');
  const all: GrowingSet = {
    all: replies,
    after: (from) => newestFirst.where('createdAt', '>', from),
    upTo: (to) => newestFirst.where('createdAt', '<=', to),
    between: (from, to) => newestFirst.where('createdAt', '>', from).where('createdAt', '<=', to),
  };
  const [newest, counted] = await Promise.all([
    newestFirst.limit(AUTHOR_SCAN).get(),
    countTallied(all, previous?.tally),
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
  const tally = counted.tally ?? previous?.tally;
  return { count: counted.count, lastAt: first.createdAt, authors, ...(tally ? { tally } : {}) };
}

function same(a: Summary | null, b: Summary | undefined): boolean {
  if (!a || !b) return !a && !b;
  return (
    a.count === b.count &&
    (a.tally?.upTo.toMillis() ?? null) === (b.tally?.upTo.toMillis() ?? null) &&
    a.lastAt.isEqual(b.lastAt) &&
    a.authors.length === b.authors.length &&
    a.authors.every((x, i) => x.id === b.authors[i]?.id && x.name === b.authors[i]?.name)
  );
}

/**
 * What the thread's first message needs written for its summary: `{ replies }` recomputed from the
 * replies, or null when it already shows that (or the thread has no reply).
 */
export async function threadSummaryUpdate(
  store: Firestore,
  roomId: string,
  threadId: string,
  parent: MessageData,
): Promise<Pick<MessageData, 'replies'> | null> {
  const summary = await computeThreadSummary(store, roomId, threadId, parent.replies);
  return !summary || same(summary, parent.replies) ? null : { replies: summary };
}

/**
 * Writes the summary onto the thread's first message, on condition the message is unchanged since
 * it was read (writeIfUnchanged: every thread reply's rules read that message, so no transaction
 * holds it), so a summary computed from older replies never lands over a newer one. The coalesced
 * flush writes it with the message's reaction counts, in one write (lib/messageSummary.ts).
 */
export function writeThreadSummary(store: Firestore, roomId: string, threadId: string): Promise<ConditionalWrite> {
  return writeIfUnchanged(refs.message(store, roomId, threadId), (parent) =>
    threadSummaryUpdate(store, roomId, threadId, parent),
  );
}
