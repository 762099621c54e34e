/** How far the user has read each thread: users/{uid}/threadReads/{roomId}:{threadId}. */
import { limit, query, serverTimestamp, setDoc, where, type Firestore } from 'firebase/firestore';
import { refs } from './converters';
import { querySubscription } from './listen';

/** The user's read marks of a room's threads (the hundred a room may list; older threads show no mark). */
export const subscribeThreadReads = querySubscription((db, uid: string, roomId: string) =>
  query(refs.threadReads(db, uid), where('roomId', '==', roomId), limit(100)),
);

/** The user has read the thread's replies up to now (the server's time of the write). */
export async function markThreadRead(db: Firestore, uid: string, roomId: string, threadId: string): Promise<void> {
  await setDoc(refs.threadRead(db, uid, roomId, threadId), {
    id: `${roomId}:${threadId}`,
    roomId,
    threadId,
    lastReadAt: serverTimestamp(),
  });
}
