import { arrayRemove, arrayUnion, setDoc, type Firestore, type Unsubscribe } from 'firebase/firestore';
import { refs } from './converters';
import { listenDoc } from './listen';

/** The user's starred room ids (users/{uid}/settings/sidebar), [] before the first star. */
export function subscribeStarred(
  db: Firestore,
  uid: string,
  onStarred: (roomIds: string[]) => void,
  onError: (error: Error) => void,
): Unsubscribe {
  return listenDoc(refs.sidebarSettings(db, uid), (d) => onStarred(d?.starred ?? []), onError);
}

/**
 * Stars or unstars a room: one write, made with arrayUnion / arrayRemove so it needs no read and
 * two tabs starring at once both count (a merge creates the document with the first star).
 */
export async function setStarred(db: Firestore, uid: string, roomId: string, starred: boolean): Promise<void> {
  await setDoc(
    refs.sidebarSettings(db, uid),
    { starred: (starred ? arrayUnion(roomId) : arrayRemove(roomId)) as never },
    { merge: true },
  );
}
