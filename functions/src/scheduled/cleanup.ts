import { onSchedule } from 'firebase-functions/v2/scheduler';
import { Timestamp, type Firestore, type Query, type QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { logOutcome } from '../lib/log.js';
import { flushKey } from '../lib/flushLater.js';
import { removeAttachmentOf } from '../messages/redacted.js';
import { handleScreen } from '../messages/screen.js';
import { converter, getAll, refs, type MessageData } from '../lib/typed.js';

/** A day after a mute ends, its strikes are forgiven (the next mute starts short again). */
export const RESTRICTION_FORGET_MS = 24 * 3_600_000;
/** An upload still unfinished a day after it began was abandoned (a closed tab, a lost device). */
export const UPLOAD_ABANDONED_MS = 24 * 3_600_000;
/** A finished upload no message carries a day after it began was never sent (or its send failed). */
export const UPLOAD_UNSENT_MS = 24 * 3_600_000;
/**
 * A message still held until screened this long after it was written missed its screening: its
 * event was dropped (older than the trigger's retry window) or the function failed every retry.
 * The screening takes seconds (about 15 s on a cold start), so this is never a race with it.
 */
export const HELD_UNSCREENED_MS = 5 * 60_000;

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
  restrictions: number;
  /** documents (metas and chunks) of abandoned uploads */
  abandonedUploads: number;
  /** documents (metas and chunks) of finished uploads no message references */
  unsentUploads: number;
  /** messages held until screened whose screening never came, screened (and released) here */
  screenedHeld: number;
  resumedFlushes: number;
}

/** Deletes uploads never completed (meta and chunks); a page per run, the next run takes the rest. */
async function removeAbandonedUploads(store: Firestore, before: Date): Promise<number> {
  const snap = await refs
    .allAttachmentMetas(store)
    .where('complete', '==', false)
    .where('createdAt', '<', before)
    .limit(PAGE)
    .get();
  let deleted = 0;
  for (const meta of snap.docs) {
    const roomId = meta.ref.parent.parent?.id;
    if (roomId) deleted += await removeAttachmentOf(roomId, String(meta.data().messageId ?? ''), meta.id, store);
  }
  return deleted;
}

/** sweeps/attachments: the creation time the sweep of unsent uploads has reached. */
const sweepCursor = converter<{ after: Timestamp }>();

/**
 * Removes finished uploads that no message carries (neither the message they were made for, nor
 * its moderation queue item while it is hidden), a page per run. A cursor in
 * sweeps/attachments remembers the creation time reached, so each upload is looked at once.
 */
export async function removeUnsentUploads(store: Firestore, before: Date): Promise<number> {
  const cursorRef = store.doc('sweeps/attachments').withConverter(sweepCursor);
  const after = (await cursorRef.get()).data()?.after ?? Timestamp.fromMillis(0);
  const snap = await refs
    .allAttachmentMetas(store)
    .where('complete', '==', true)
    .where('createdAt', '>', after)
    .where('createdAt', '<', before)
    .orderBy('createdAt')
    .limit(PAGE)
    .get();
  let deleted = 0;
  for (const meta of snap.docs) {
    const roomId = meta.ref.parent.parent?.id;
    const messageId = String(meta.data().messageId ?? '');
    if (!roomId || !/^[A-Za-z0-9_-]{1,200}$/.test(messageId)) continue;
    const [message, queued] = await getAll(
      store,
      refs.message(store, roomId, messageId),
      refs.queueItem(store, roomId, messageId),
    );
    const carried = message.data()?.attachment?.id === meta.id || queued.data()?.attachment?.id === meta.id;
    if (!carried) deleted += await removeAttachmentOf(roomId, messageId, meta.id, store);
  }
  const last = snap.docs[snap.size - 1];
  if (last) await cursorRef.set({ after: last.data().createdAt });
  return deleted;
}

/**
 * Screens the messages held until screened whose own screening never came, a page per run: the
 * trigger's handler on the message as it is stored, so the verdict (mask, hide, or clean) is the
 * one the trigger would have given, and the message is released with it. Without this a message
 * whose event was lost would stay "Checking this message…" for everyone else forever.
 */
export async function screenStaleHeld(store: Firestore, before: Date): Promise<number> {
  let screened = 0;
  let after: QueryDocumentSnapshot<MessageData> | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    // Held messages by their flag alone, in document order: an index of (screened, createdAt)
    // across every room would take the whole app's held messages into one sequential range.
    // Few are held at a time (seconds each), so the young ones are skipped here.
    let query = refs.allMessages(store).where('screened', '==', false).limit(PAGE);
    if (after) query = query.startAfter(after);
    const snap = await query.get();
    for (const message of snap.docs) {
      const roomId = message.ref.parent.parent?.id;
      const data = message.data();
      const { createdAt, editedAt } = data;
      // young, or an old message held again by a fresh edit: its own event judges it
      if (!roomId || !createdAt || createdAt.toDate() >= before || (editedAt && editedAt.toDate() >= before)) continue;
      const outcome = await handleScreen(store, {
        // one sweep's claim per stored version of the message
        eventId: `sweepHeld_${roomId}_${message.id}_${message.updateTime.toMillis()}`,
        roomId,
        messageId: message.id,
        // an edited message is judged as an edit (a hidden one stays hidden), a new one as new
        before: editedAt ? data : undefined,
        after: data,
      });
      if (outcome !== 'duplicate' && outcome !== 'superseded') screened++;
    }
    if (snap.size < PAGE) break;
    after = snap.docs[snap.size - 1];
  }
  return screened;
}

/**
 * Removes restrictions that ended over a day ago, uploads left unfinished for a day and finished ones no
 * message carries a day on (with their chunks), screens messages held for screening that missed
 * it, and finishes any coalesced flush that a busy room handed over when it went quiet.
 * Idempotency records (processedEvents) and typing documents are Firestore's TTL policies' to
 * delete (firestore.indexes.json): a range scan of every typist's `at` across the app was one
 * sequential index range written by every keystroke throttle. Presence documents stay, one per
 * account (the account's deletion removes it): a scan of `lastSeen` was a range every heartbeat
 * of the app wrote, and `lastSeen` is not indexed now.
 */
export async function runCleanup(store: Firestore, now = Date.now()): Promise<CleanupResult> {
  const before = (ms: number) => new Date(now - ms);
  const [restrictions, abandonedUploads, unsentUploads, screenedHeld] = await Promise.all([
    deleteAll(store, store.collection('restrictions').where('mutedUntil', '<', before(RESTRICTION_FORGET_MS))),
    removeAbandonedUploads(store, before(UPLOAD_ABANDONED_MS)),
    removeUnsentUploads(store, before(UPLOAD_UNSENT_MS)),
    screenStaleHeld(store, before(HELD_UNSCREENED_MS)),
  ]);
  const handedOver = await store.collection('coalesce').where('handedOverAt', '>', 0).limit(PAGE).get();
  for (const doc of handedOver.docs) {
    await doc.ref.update({ handedOverAt: 0 });
    await flushKey(store, doc.id);
  }
  return {
    restrictions,
    abandonedUploads,
    unsentUploads,
    screenedHeld,
    resumedFlushes: handedOver.size,
  };
}

/** Every 10 minutes: runCleanup. One instance: a slow run must not overlap the next one's deletes. */
export const cleanup = onSchedule(
  { schedule: 'every 10 minutes', timeoutSeconds: 300, maxInstances: 1 },
  async (event) => {
    const started = Date.now();
    const result = await runCleanup(db());
    logOutcome('cleanup', started, { eventId: event.jobName ?? `cleanup_${started}`, outcome: 'cleaned', ...result });
  },
);
