/**
 * The snapshot-to-value step every plain subscription shares: a typed query handed over as its
 * documents (through the reference's converter), a typed document as its data or null.
 * Subscriptions that need snapshot metadata or docChanges (messages, notification settings)
 * call onSnapshot themselves.
 */
import { onSnapshot, type DocumentReference, type Query, type Unsubscribe } from 'firebase/firestore';

export function listen<T>(q: Query<T>, onDocs: (docs: T[]) => void, onError: (error: Error) => void): Unsubscribe {
  return onSnapshot(q, (snap) => onDocs(snap.docs.map((d) => d.data())), onError);
}

export function listenDoc<T>(
  ref: DocumentReference<T>,
  onDoc: (doc: T | null) => void,
  onError: (error: Error) => void,
): Unsubscribe {
  return onSnapshot(ref, (snap) => onDoc(snap.exists() ? snap.data() : null), onError);
}
