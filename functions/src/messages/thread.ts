import type { Firestore } from 'firebase-admin/firestore';
import type { Scheduler } from '../lib/flushLater.js';
import { flushMessageSummary, markThreadStale, messageKey } from '../lib/messageSummary.js';
import type { MessageData } from '../lib/typed.js';

/** the name its claims and log lines carry */
export const FN = 'threadSummary';

export interface ThreadWrite {
  eventId: string;
  roomId: string;
  before: MessageData | undefined;
  after: MessageData | undefined;
}

/**
 * The thread whose summary a write of a reply changes: a new reply, or one redacted, hidden or put
 * back (the summary names the authors of replies still shown); null for room messages and for
 * edits and the server's writes of reaction counts, which leave the summary as it is.
 */
export function changedThread(before: MessageData | undefined, after: MessageData | undefined): string | null {
  const threadId = after?.threadId ?? before?.threadId ?? null;
  if (!threadId) return null;
  if (!before || !after) return threadId;
  return before.deleted !== after.deleted || before.hidden !== after.hidden ? threadId : null;
}

/**
 * Marks the thread's summary stale (a mark named by the event, under the first message's key) and
 * asks for a coalesced flush, which recomputes the count, the newest reply's time and its latest
 * authors from the replies and writes them onto the thread's first message (lib/threadSummary.ts),
 * in the same write as any reaction counts pending on it (lib/messageSummary.ts).
 */
export async function handleThreadReply(
  store: Firestore,
  { eventId, roomId, before, after }: ThreadWrite,
  schedule?: Scheduler,
): Promise<string> {
  const threadId = changedThread(before, after);
  if (!threadId) return 'not-a-thread-change';
  await markThreadStale(store, roomId, threadId, eventId);
  return flushMessageSummary(store, roomId, threadId, { later: schedule?.(messageKey(roomId, threadId)) });
}
