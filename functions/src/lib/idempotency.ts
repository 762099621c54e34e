import { FieldValue, type DocumentReference, type Transaction } from 'firebase-admin/firestore';
import { db } from './admin.js';

export function eventRef(eventId: string): DocumentReference {
  return db().collection('processedEvents').doc(eventId);
}

/**
 * Trigger delivery is at least once, so the effect and the claim of the event id commit in
 * one transaction or not at all; a repeat finds the claim and does nothing. Transactions need
 * every read before any write, so this reads first and returns a function that writes the claim,
 * or null when the event was already processed.
 */
export async function readClaim(tx: Transaction, eventId: string, fn: string): Promise<(() => void) | null> {
  const ref = eventRef(eventId);
  const seen = await tx.get(ref);
  if (seen.exists) return null;
  return () => tx.set(ref, { fn, at: FieldValue.serverTimestamp() });
}
