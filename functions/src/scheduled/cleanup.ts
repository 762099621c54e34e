import { onSchedule } from 'firebase-functions/v2/scheduler';
import type { Firestore, Query } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { logOutcome } from '../lib/log.js';
import { flushReceipts } from '../lib/receipts.js';
import { flushRoomSummary } from '../lib/roomSummary.js';
import { removeAttachmentOf } from '../triggers/removeRedactedAttachment.js';

export const TYPING_STALE_MS = 60_000;
export const PRESENCE_OFFLINE_MS = 7 * 24 * 3_600_000;
export const EVENTS_KEEP_MS = 7 * 24 * 3_600_000;
/** A day after a mute ends, its strikes are forgiven (the next mute starts short again). */
export const RESTRICTION_FORGET_MS = 24 * 3_600_000;
/** An upload still unfinished a day after it began was abandoned (a closed tab, a lost device). */
export const UPLOAD_ABANDONED_MS = 24 * 3_600_000;

const PAGE = 300;
const MAX_PAGES = 20;

async function deleteAll(store: Firestore, query: Query): Promise<number> {
  let deleted = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const snap = await query.limit(PAGE).get();
    if (snap.empty) break;
    const writer = store.bulkWriter();
    for (const doc of snap.docs) void writer.delete(doc.ref);
    await writer.close();
    deleted += snap.size;
    if (snap.size < PAGE) break;
  }
  return deleted;
}

export interface CleanupResult {
  typing: number;
  presence: number;
  processedEvents: number;
  restrictions: number;
  /** documents (metas and chunks) of abandoned uploads */
  abandonedUploads: number;
  resumedFlushes: number;
}

/** Deletes uploads never completed (meta and chunks); a page per run, the next run takes the rest. */
async function removeAbandonedUploads(store: Firestore, before: Date): Promise<number> {
  const snap = await store
    .collectionGroup('attachments')
    .where('complete', '==', false)
    .where('createdAt', '<', before)
    .limit(PAGE)
    .get();
  let deleted = 0;
  for (const meta of snap.docs) {
    const roomId = meta.ref.parent.parent?.id;
    if (roomId) deleted += await removeAttachmentOf(roomId, String(meta.get('messageId') ?? ''), meta.id, store);
  }
  return deleted;
}

/**
 * Removes typing documents older than a minute, presence documents not seen for a week,
 * idempotency records older than 7 days, restrictions that ended over a day ago and uploads left
 * unfinished for a day (with their chunks), and finishes any coalesced flush that a busy room
 * handed over when it went quiet.
 */
export async function runCleanup(store: Firestore, now = Date.now()): Promise<CleanupResult> {
  const before = (ms: number) => new Date(now - ms);
  const [typing, presence, processedEvents, restrictions, abandonedUploads] = await Promise.all([
    deleteAll(store, store.collectionGroup('typing').where('at', '<', before(TYPING_STALE_MS))),
    deleteAll(store, store.collection('presence').where('lastSeen', '<', before(PRESENCE_OFFLINE_MS))),
    deleteAll(store, store.collection('processedEvents').where('at', '<', before(EVENTS_KEEP_MS))),
    deleteAll(store, store.collection('restrictions').where('mutedUntil', '<', before(RESTRICTION_FORGET_MS))),
    removeAbandonedUploads(store, before(UPLOAD_ABANDONED_MS)),
  ]);
  const handedOver = await store.collection('coalesce').where('handedOverAt', '>', 0).limit(PAGE).get();
  for (const doc of handedOver.docs) {
    await doc.ref.update({ handedOverAt: 0 });
    const [kind, ...rest] = doc.id.split('_');
    const roomId = rest.join('_');
    if (kind === 'roomSummary') await flushRoomSummary(store, roomId);
    if (kind === 'receipts') await flushReceipts(store, roomId);
  }
  return { typing, presence, processedEvents, restrictions, abandonedUploads, resumedFlushes: handedOver.size };
}

/** Every 10 minutes: runCleanup. One instance: a slow run must not overlap the next one's deletes. */
export const cleanup = onSchedule({ schedule: 'every 10 minutes', timeoutSeconds: 300, maxInstances: 1 }, async (event) => {
  const started = Date.now();
  const result = await runCleanup(db());
  logOutcome('cleanup', started, { eventId: event.jobName ?? `cleanup_${started}`, outcome: 'cleaned', ...result });
});
