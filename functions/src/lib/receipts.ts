import { FieldPath, FieldValue, type Firestore, type Timestamp } from 'firebase-admin/firestore';
import { RECEIPTS_MAX_MEMBERS } from '@chat/shared';
import { type FlushOptions, markPending, requestFlush } from './coalesce.js';
import { converters, dataOf, refs, type MemberData, type ReadCursorData, type ReceiptSummaryData } from './typed.js';

/** Every member listens to the summary: at most one write a second, whatever the number of readers. */
export const RECEIPTS_INTERVAL_MS = 1_000;

export function receiptsKey(roomId: string): string {
  return `receipts_${roomId}`;
}

/** Records that `uid`'s cursor in the room moved: a mark of the event's own, so readers never contend. */
export function markCursorPending(store: Firestore, roomId: string, uid: string, eventId: string): Promise<void> {
  return markPending(store, receiptsKey(roomId), eventId, { uid });
}

const ALREADY_EXISTS = 6;
const FAILED_PRECONDITION = 9;
/** A summary write that keeps losing to another flusher gives up after this many (the task is retried). */
const WRITE_ATTEMPTS = 5;

type ReadEntry = ReceiptSummaryData['reads'][string];
type CursorMove = { uid: string; cursor: ReadCursorData | undefined; member: MemberData | undefined };

/**
 * What the marked cursors change in the summary's entries `reads`: an entry moves forward only
 * (a duplicated or reordered event cannot move a receipt back), takes a renamed member's new name,
 * and goes when its reader is no longer a member.
 */
function receiptPatch(reads: Record<string, ReadEntry>, moves: CursorMove[]): Map<string, ReadEntry | FieldValue> {
  const patch = new Map<string, ReadEntry | FieldValue>();
  for (const { uid, cursor, member } of moves) {
    if (!member) {
      if (reads[uid]) patch.set(uid, FieldValue.delete());
      continue;
    }
    if (!cursor) continue;
    const at = cursor.lastReadAt;
    const name = String(member.displayName ?? '');
    const current = reads[uid];
    if (current && millis(current.at) >= millis(at)) {
      if (current.name !== name) patch.set(uid, { ...current, name });
      continue;
    }
    patch.set(uid, { at, messageId: String(cursor.lastReadId ?? ''), name });
  }
  return patch;
}

function millis(value: Timestamp | undefined): number {
  return typeof value?.toMillis === 'function' ? value.toMillis() : 0;
}

/**
 * Flushes pending cursors into rooms/{roomId}/receipts/summary, coalesced. The cursors are
 * read from their documents (the source of truth), not from the events, and an entry only
 * moves forward, so duplicated or reordered events cannot move a receipt back. A user who is
 * no longer a member drops out of the summary. A room of more than RECEIPTS_MAX_MEMBERS members
 * keeps none. `beforeWrite` lets tests hold the write to drive two flushers' order.
 */
export function flushReceipts(
  store: Firestore,
  roomId: string,
  options: FlushOptions = {},
  beforeWrite?: () => Promise<void>,
) {
  const summaryRef = refs.receiptSummary(store, roomId);
  return requestFlush({
    ...options,
    store,
    key: receiptsKey(roomId),
    minIntervalMs: RECEIPTS_INTERVAL_MS,
    lastWriteMs: async () => (await summaryRef.get()).updateTime?.toMillis() ?? null,
    // Cursors are read after their marks, so what is computed includes every marked move. Two
    // flushers can meet (a delayed task and a quiet-key flush, coalesce.ts), so the summary is
    // written only over the version it was computed from (an entry moves forward only against
    // what is stored): the loser reads the summary again and recomputes.
    flush: async (pending) => {
      const uids = [...new Set(pending.map((mark) => String(mark.data().uid)))];
      if (uids.length === 0) return;
      // one read of them all, of several types: each snapshot goes through its own converter
      const [summarySnap, roomSnap, ...docs] = await store.getAll(
        summaryRef.withConverter(null),
        refs.room(store, roomId).withConverter(null),
        ...uids.map((uid) => refs.readCursor(store, uid, roomId).withConverter(null)),
        ...uids.map((uid) => refs.member(store, roomId, uid).withConverter(null)),
      );
      // a room past RECEIPTS_MAX_MEMBERS keeps no summary (one it had while smaller goes)
      const room = dataOf(roomSnap, converters.room);
      // (a room not yet migrated counts its memberIds)
      if ((room?.memberCount ?? room?.memberIds?.length ?? 0) > RECEIPTS_MAX_MEMBERS) {
        if (summarySnap?.exists) await summaryRef.delete();
        return;
      }
      const moves = uids.map((uid, i) => ({
        uid,
        cursor: dataOf(docs[i], converters.readCursor),
        member: dataOf(docs[uids.length + i], converters.member),
      }));
      let snap = summarySnap!;
      for (let attempt = 1; ; attempt++) {
        const summary = dataOf(snap, converters.receiptSummary);
        const patch = receiptPatch(summary?.reads ?? {}, moves);
        if (patch.size === 0 && summary) return;
        await beforeWrite?.();
        try {
          if (snap.exists) {
            const fields = [...patch].flatMap(([uid, entry]) => [new FieldPath('reads', uid), entry]);
            await summaryRef.update(new FieldPath('updatedAt'), FieldValue.serverTimestamp(), ...fields, {
              lastUpdateTime: snap.updateTime!,
            });
          } else {
            await summaryRef.create({ reads: Object.fromEntries(patch), updatedAt: FieldValue.serverTimestamp() });
          }
          return;
        } catch (error) {
          const code = (error as { code?: unknown }).code;
          if ((code !== FAILED_PRECONDITION && code !== ALREADY_EXISTS) || attempt >= WRITE_ATTEMPTS) throw error;
        }
        snap = await summaryRef.withConverter(null).get();
      }
    },
  });
}
