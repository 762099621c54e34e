/** The reader's own cursor per room: users/{uid}/reads/{roomId}. */
import { getDoc, serverTimestamp, setDoc, type Firestore } from 'firebase/firestore';
import { refs, type ReadCursorDoc } from './converters';

export async function getReadCursor(db: Firestore, uid: string, roomId: string): Promise<ReadCursorDoc | null> {
  const snap = await getDoc(refs.read(db, uid, roomId)).catch(() => null);
  return snap?.exists() ? snap.data() : null;
}

/** Moves the cursor to `messageId`; its time is the server's, so it only ever moves forward. */
export async function writeReadCursor(db: Firestore, uid: string, roomId: string, messageId: string): Promise<void> {
  await setDoc(refs.read(db, uid, roomId), {
    id: roomId,
    lastReadAt: serverTimestamp(),
    lastReadId: messageId,
    updatedAt: serverTimestamp(),
  });
}
