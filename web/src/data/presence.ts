import type { PresenceState } from '@chat/shared';
import {
  documentId,
  limit,
  onSnapshot,
  query,
  serverTimestamp,
  setDoc,
  where,
  type Firestore,
  type Unsubscribe,
} from 'firebase/firestore';
import { refs, type PresenceDoc } from './converters';

/** A heartbeat: the state and lastSeen = the server's time. */
export async function writePresence(db: Firestore, uid: string, state: PresenceState): Promise<void> {
  await setDoc(refs.presence(db, uid), { id: uid, state, lastSeen: serverTimestamp() });
}

/** Presence of up to 30 people (Firestore's limit for `in`). */
export function subscribePresence(
  db: Firestore,
  uids: string[],
  onPresence: (docs: PresenceDoc[]) => void,
  onError: (error: Error) => void,
): Unsubscribe {
  const ids = uids.slice(0, 30);
  if (ids.length === 0) {
    onPresence([]);
    return () => {};
  }
  const q = query(refs.presences(db), where(documentId(), 'in', ids), limit(ids.length));
  return onSnapshot(q, (snap) => onPresence(snap.docs.map((d) => d.data())), onError);
}
