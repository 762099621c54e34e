/** Typing indicators: rooms/{roomId}/typing/{uid} {at == request.time, displayName, threadId}. */
import { deleteDoc, limit, orderBy, query, serverTimestamp, setDoc, type Firestore } from 'firebase/firestore';
import { refs } from './converters';
import { querySubscription } from './listen';

/** The most typists a room shows; beyond that "N people are typing" is all anyone reads. */
const TYPISTS_SHOWN = 20;

/** The person is typing in the room, or in one of its threads (threadId: the thread's first message). */
export async function setTyping(
  db: Firestore,
  roomId: string,
  uid: string,
  displayName: string,
  threadId: string | null = null,
): Promise<void> {
  await setDoc(refs.typist(db, roomId, uid), { id: uid, at: serverTimestamp(), displayName, threadId });
}

export async function clearTyping(db: Firestore, roomId: string, uid: string): Promise<void> {
  await deleteDoc(refs.typist(db, roomId, uid));
}

/** The room's most recent typing documents; the caller decides which are still recent. */
export const subscribeTyping = querySubscription((db, roomId: string) =>
  query(refs.typing(db, roomId), orderBy('at', 'desc'), limit(TYPISTS_SHOWN)),
);
