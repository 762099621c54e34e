import { MAX_QUERY_LIMIT, type NotifyLevel } from '@chat/shared';
import {
  getDoc,
  limit,
  onSnapshot,
  orderBy,
  query,
  serverTimestamp,
  setDoc,
  updateDoc,
  where,
  type Firestore,
  type Unsubscribe,
} from 'firebase/firestore';
import { prefixRange } from '../lib/search';
import { refs, type UserDoc } from './converters';
import { listen } from './listen';

/** Writes the caller's public profile. */
export async function saveProfile(db: Firestore, uid: string, displayName: string): Promise<void> {
  const name = displayName.trim();
  await setDoc(refs.user(db, uid), {
    id: uid,
    displayName: name,
    nameLower: name.toLowerCase(),
    photoURL: null,
    createdAt: serverTimestamp(),
  });
}

/** Creates the profile of someone who signed in without signing up here (Google), once. */
export async function ensureProfile(db: Firestore, uid: string, displayName: string): Promise<void> {
  const snap = await getDoc(refs.user(db, uid)).catch(() => null);
  if (snap?.exists()) return;
  await saveProfile(db, uid, displayName);
}

export async function renameProfile(db: Firestore, uid: string, displayName: string): Promise<void> {
  const name = displayName.trim();
  await updateDoc(refs.user(db, uid), { displayName: name, nameLower: name.toLowerCase() });
}

/** One profile, live (null while it does not exist). */
export function subscribeProfile(
  db: Firestore,
  uid: string,
  onProfile: (profile: UserDoc | null) => void,
  onError: (error: Error) => void,
): Unsubscribe {
  return onSnapshot(refs.user(db, uid), (snap) => onProfile(snap.exists() ? snap.data() : null), onError);
}

export async function getProfile(db: Firestore, uid: string): Promise<UserDoc | null> {
  const snap = await getDoc(refs.user(db, uid)).catch(() => null);
  return snap?.exists() ? snap.data() : null;
}

/** People whose name starts with the term (case-insensitive). */
export function subscribeUserSearch(
  db: Firestore,
  term: string,
  onUsers: (users: UserDoc[]) => void,
  onError: (error: Error) => void,
  count = 10,
): Unsubscribe {
  const range = prefixRange(term);
  if (!range) {
    onUsers([]);
    return () => {};
  }
  const q = query(
    refs.users(db),
    where('nameLower', '>=', range[0]),
    where('nameLower', '<=', range[1]),
    orderBy('nameLower'),
    limit(Math.min(count, MAX_QUERY_LIMIT)),
  );
  return listen(q, onUsers, onError);
}

export function subscribeNotificationSettings(
  db: Firestore,
  uid: string,
  /** `settled`: the server's state, with no write of this client's still pending */
  onSettings: (rooms: Record<string, NotifyLevel>, settled: boolean) => void,
  onError: (error: Error) => void,
): Unsubscribe {
  return onSnapshot(
    refs.notificationSettings(db, uid),
    { includeMetadataChanges: true },
    (snap) =>
      onSettings(snap.exists() ? (snap.data().rooms ?? {}) : {}, !snap.metadata.hasPendingWrites && !snap.metadata.fromCache),
    onError,
  );
}

export async function setRoomNotifyLevel(
  db: Firestore,
  uid: string,
  roomId: string,
  level: NotifyLevel,
): Promise<void> {
  await setDoc(refs.notificationSettings(db, uid), { rooms: { [roomId]: level } } as never, { merge: true });
}
