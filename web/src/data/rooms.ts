import { DEFAULT_ROOM_ID, MAX_QUERY_LIMIT } from '@chat/shared';
import {
  arrayUnion,
  doc,
  getDoc,
  limit,
  onSnapshot,
  orderBy,
  query,
  runTransaction,
  serverTimestamp,
  where,
  writeBatch,
  type Firestore,
  type Unsubscribe,
} from 'firebase/firestore';
import { refs, type RoomDoc } from './converters';

/**
 * Creates the default public room if no one has yet, with the caller as its owner (room and
 * owner member document in one transaction, as the rules require); racing clients settle on one.
 */
export async function ensureDefaultRoom(db: Firestore, uid: string, displayName: string): Promise<void> {
  const ref = doc(db, 'rooms', DEFAULT_ROOM_ID);
  const existing = await getDoc(ref).catch(() => null);
  if (existing?.exists()) return;
  await runTransaction(db, async (tx) => {
    const snap = await tx.get(ref);
    if (snap.exists()) return;
    tx.set(ref, {
      kind: 'public',
      name: 'general',
      topic: 'Say hello',
      createdBy: uid,
      createdAt: serverTimestamp(),
      memberIds: [uid],
      slowModeSec: 0,
      lastMessage: null,
      lastMessageAt: null,
      messageCount: 0,
    });
    tx.set(doc(db, 'rooms', DEFAULT_ROOM_ID, 'members', uid), {
      uid,
      role: 'owner',
      displayName,
      joinedAt: serverTimestamp(),
      mutedUntil: null,
      via: null,
    });
  });
}

/** Joins a public room: your uid into memberIds and your member document, in one batch. */
export async function joinPublicRoom(db: Firestore, roomId: string, uid: string, displayName: string): Promise<void> {
  const batch = writeBatch(db);
  batch.update(doc(db, 'rooms', roomId), { memberIds: arrayUnion(uid) });
  batch.set(doc(db, 'rooms', roomId, 'members', uid), {
    uid,
    role: 'member',
    displayName,
    joinedAt: serverTimestamp(),
    mutedUntil: null,
    via: null,
  });
  await batch.commit();
}

/** The rooms the user belongs to, most recently active first. */
export function subscribeMyRooms(
  db: Firestore,
  uid: string,
  onRooms: (rooms: RoomDoc[]) => void,
  onError: (error: Error) => void,
): Unsubscribe {
  const q = query(
    refs.rooms(db),
    where('memberIds', 'array-contains', uid),
    orderBy('lastMessageAt', 'desc'),
    limit(MAX_QUERY_LIMIT),
  );
  return onSnapshot(q, (snap) => onRooms(snap.docs.map((d) => d.data())), onError);
}
