import { FieldValue, type DocumentReference, type Firestore, type Transaction } from 'firebase-admin/firestore';

/**
 * Several functions may receive the same event (one document write fans out to every trigger
 * on its path), so the ledger key is the function's name plus the event id.
 */
export function eventRef(store: Firestore, eventId: string, fn: string): DocumentReference {
  return store.collection('processedEvents').doc(`${fn}_${eventId}`.replace(/\//g, '_'));
}

/**
 * Trigger delivery is at least once, so the effect and the claim of the event id commit in
 * one transaction or not at all; a repeat finds the claim and does nothing. Transactions need
 * every read before any write, so this reads first and returns a function that writes the claim,
 * or null when the event was already processed.
 */
export async function readClaim(
  tx: Transaction,
  store: Firestore,
  eventId: string,
  fn: string,
): Promise<(() => void) | null> {
  const ref = eventRef(store, eventId, fn);
  const seen = await tx.get(ref);
  if (seen.exists) return null;
  return () => tx.set(ref, { fn, at: FieldValue.serverTimestamp() });
}
