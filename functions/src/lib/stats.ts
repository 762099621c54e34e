import { FieldValue, type DocumentReference, type Firestore, type Transaction } from 'firebase-admin/firestore';

/** The UTC day a stats document covers: stats/{yyyy-mm-dd}. */
export function dayKey(at: Date = new Date()): string {
  return at.toISOString().slice(0, 10);
}

export function statsRef(store: Firestore, day = dayKey()): DocumentReference {
  return store.collection('stats').doc(day);
}

export interface StatsDelta {
  messages?: number;
  roomId?: string;
  activeUsers?: number;
  reports?: number;
  moderationActions?: number;
}

/** Adds to the day's figures with increments, so concurrent functions never overwrite each other. */
export function bumpStats(tx: Transaction, store: Firestore, delta: StatsDelta, day = dayKey()): void {
  const data: Record<string, unknown> = {};
  if (delta.messages) {
    data.messages = FieldValue.increment(delta.messages);
    if (delta.roomId) data.messagesByRoom = { [delta.roomId]: FieldValue.increment(delta.messages) };
  }
  if (delta.activeUsers) data.activeUsers = FieldValue.increment(delta.activeUsers);
  if (delta.reports) data.reports = FieldValue.increment(delta.reports);
  if (delta.moderationActions) data.moderationActions = FieldValue.increment(delta.moderationActions);
  if (Object.keys(data).length > 0) tx.set(statsRef(store, day), data, { merge: true });
}
