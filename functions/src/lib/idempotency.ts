import { FieldValue, Timestamp, type DocumentReference, type Firestore, type Transaction } from 'firebase-admin/firestore';

/**
 * How long a claim is kept: past the trigger's retry window (an hour) with room to spare. Firestore
 * deletes it by its TTL policy on expireAt (firestore.indexes.json); neither expireAt nor at is
 * indexed, since both grow with the events of the app that claim (moderation actions, reports),
 * and an indexed one would put them all into one sequential range, which Firestore splits only
 * past ~500 writes a second.
 */
export const EVENTS_KEEP_MS = 7 * 24 * 3_600_000;

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
  return () =>
    tx.set(ref, { fn, at: FieldValue.serverTimestamp(), expireAt: Timestamp.fromMillis(Date.now() + EVENTS_KEEP_MS) });
}
