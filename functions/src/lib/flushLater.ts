import { createHash } from 'node:crypto';
import type { Firestore } from 'firebase-admin/firestore';
import { getFunctions } from 'firebase-admin/functions';
import type { FlushOptions } from './coalesce.js';
import { logger } from 'firebase-functions';
import { flushMessageSummary, parseLegacyThreadKey, parseMessageKey } from './messageSummary.js';
import { flushReceipts, receiptsKey } from './receipts.js';
import { flushRoomSummary, summaryKey } from './roomSummary.js';
import { REGION } from './trigger.js';

/** The task queue function that runs delayed flushes (tasks/flushCoalesced.ts). */
export const FLUSH_TASK = 'flushCoalesced';

/** A delayed flush: the key, and the time it was asked for (absent on tasks queued before it was sent). */
export type FlushTask = { key: string; dueMs?: number };

/** Asks for a flush of a coalesced key at a time; see Coalescer.later. */
export type Scheduler = (key: string) => (dueMs: number) => Promise<boolean>;

/**
 * The task's id: one per key and due time, so every caller between two flushes asks for the same
 * task and Cloud Tasks keeps one. It starts with a hash because Cloud Tasks spreads tasks by
 * name and sequential names (a timestamp first) would crowd one range.
 */
export function flushTaskId(key: string, dueMs: number): string {
  const hash = createHash('sha256').update(`${key}@${dueMs}`).digest('hex').slice(0, 12);
  return `${hash}-${key.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 400)}-${dueMs}`;
}

/** Cloud Tasks answers ALREADY_EXISTS for a taken id; the emulator answers a bare 409. */
function alreadyQueued(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === 'functions/task-already-exists' || /status: 409\b/.test(String(message));
}

/**
 * Enqueues flushCoalesced for `key` at `dueMs`; true when it is queued (now or by an earlier
 * caller). A refusal (the Cloud Tasks API off, or the functions' service account without
 * roles/cloudtasks.enqueuer: README, Deploy) is logged as an error and answers false, so the
 * caller waits for the interval itself, as it did before tasks: slower, never lost.
 */
export const flushLater: Scheduler = (key) => async (dueMs) => {
  const queue = getFunctions().taskQueue<FlushTask>(`locations/${REGION.value()}/functions/${FLUSH_TASK}`);
  try {
    await queue.enqueue({ key, dueMs }, { scheduleTime: new Date(dueMs), id: flushTaskId(key, dueMs) });
    return true;
  } catch (error) {
    if (alreadyQueued(error)) return true;
    logger.error(FLUSH_TASK, { fn: FLUSH_TASK, key, outcome: 'not-queued', error: error instanceof Error ? error.message : String(error) });
    return false;
  }
};

/**
 * Flushes whatever a coalesced key (`roomSummary_{roomId}`, `receipts_{roomId}`,
 * `message_{roomId}:{messageId}`: a message's thread summary and reactions) has pending: as the
 * task asked for at `dueMs` (without the lease, see coalesce.ts flushAsTask), or, for the clean-up
 * and tasks queued before dueMs was sent, waiting out the interval and another flusher's lease.
 * A `thread_{roomId}:{threadId}` key (the thread summary's before it shared the message's) still
 * flushes the marks left under it.
 */
export async function flushKey(store: Firestore, key: string, dueMs?: number): Promise<string> {
  const options: FlushOptions =
    dueMs === undefined ? { leaseWaitMs: 15_000 } : { dueMs, later: flushLater(key) };
  const message = parseMessageKey(key) ?? parseLegacyThreadKey(key);
  if (message) return flushMessageSummary(store, message.roomId, message.messageId, options, key);
  const [kind, ...rest] = key.split('_');
  const roomId = rest.join('_');
  if (key === summaryKey(roomId)) return flushRoomSummary(store, roomId, options);
  if (key === receiptsKey(roomId)) return flushReceipts(store, roomId, options);
  return `unknown-kind:${kind}`;
}
