import type { MaybeRefOrGetter } from 'vue';
import { db } from '../firestore';
import type { ReceiptSummaryDoc } from '../data/converters';
import { subscribeReceiptSummary } from '../data/receipts';
import { useSubscription } from './useSubscription';

/** rooms/{roomId}/receipts/summary: members' read cursors, coalesced by the server. */
export function useReceiptSummary(roomId: MaybeRefOrGetter<string | null>) {
  const { data, pending, error } = useSubscription<string, ReceiptSummaryDoc | null>(roomId, null, (id, onData, onError) =>
    subscribeReceiptSummary(db, id, onData, onError),
  );
  return { summary: data, pending, error };
}
