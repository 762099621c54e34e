/**
 * What receipts are derived from: the room's server-owned summary of members' read cursors
 * and the members' presence heartbeats. Nothing here writes.
 */
import { documentId, limit, onSnapshot, query, where, type Firestore, type Unsubscribe } from 'firebase/firestore';
import { refs, type PresenceDoc, type ReceiptSummaryDoc } from './converters';

/** Firestore's bound on the values of one `in` filter. */
export const PRESENCE_BATCH = 30;

export function subscribeReceiptSummary(
  db: Firestore,
  roomId: string,
  onSummary: (summary: ReceiptSummaryDoc | null) => void,
  onError: (error: Error) => void,
): Unsubscribe {
  return onSnapshot(refs.receiptSummary(db, roomId), (snap) => onSummary(snap.exists() ? snap.data() : null), onError);
}

/** Presence of up to PRESENCE_BATCH users in one listener. */
export function subscribePresenceOf(
  db: Firestore,
  uids: string[],
  onPresence: (presence: PresenceDoc[]) => void,
  onError: (error: Error) => void,
): Unsubscribe {
  const batch = uids.slice(0, PRESENCE_BATCH);
  if (batch.length === 0) {
    onPresence([]);
    return () => undefined;
  }
  const q = query(refs.presences(db), where(documentId(), 'in', batch), limit(PRESENCE_BATCH));
  return onSnapshot(q, (snap) => onPresence(snap.docs.map((d) => d.data())), onError);
}
