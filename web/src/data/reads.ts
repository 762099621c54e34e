/** The reader's own cursor per room: users/{uid}/reads/{roomId}. */
import { getDoc, serverTimestamp, setDoc, type Firestore, type Timestamp } from 'firebase/firestore';
import { refs, type ReadCursorDoc } from './converters';

export async function getReadCursor(db: Firestore, uid: string, roomId: string): Promise<ReadCursorDoc | null> {
  const snap = await getDoc(refs.read(db, uid, roomId)).catch(() => null);
  return snap?.exists() ? snap.data() : null;
}

/**
 * Moves the cursor to `message`, the newest message the reader has seen. Its time is that
 * message's own, not the time of this write: the write lands a moment (or, offline, a long
 * while) after the reader saw the message, and a message posted meanwhile must stay unread.
 * The rules refuse a cursor that moves back, so callers only move it forward.
 */
export async function writeReadCursor(
  db: Firestore,
  uid: string,
  roomId: string,
  message: { id: string; createdAt: Timestamp },
): Promise<void> {
  await setDoc(refs.read(db, uid, roomId), {
    id: roomId,
    lastReadAt: message.createdAt,
    lastReadId: message.id,
    updatedAt: serverTimestamp(),
  });
}
