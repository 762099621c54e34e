/**
 * What receipts are derived from: the room's server-owned summary of members' read cursors.
 * The members' presence, the other half, comes from data/presence. Nothing here writes.
 */
import type { Firestore, Unsubscribe } from 'firebase/firestore';
import { refs, type ReceiptSummaryDoc } from './converters';
import { listenDoc } from './listen';

export function subscribeReceiptSummary(
  db: Firestore,
  roomId: string,
  onSummary: (summary: ReceiptSummaryDoc | null) => void,
  onError: (error: Error) => void,
): Unsubscribe {
  return listenDoc(refs.receiptSummary(db, roomId), onSummary, onError);
}
