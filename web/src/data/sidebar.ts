import { arrayRemove, arrayUnion, setDoc, type Firestore } from 'firebase/firestore';
import { refs } from './converters';
import { docSubscription } from './listen';

/** The user's starred room ids (users/{uid}/settings/sidebar), [] before the first star. */
export const subscribeStarred = docSubscription(
  (db, uid: string) => refs.sidebarSettings(db, uid),
  (settings) => settings?.starred ?? [],
);

/**
 * Stars or unstars a room: one write, made with arrayUnion / arrayRemove so it needs no read and
 * two tabs starring at once both count (a merge creates the document with the first star).
 */
export async function setStarred(db: Firestore, uid: string, roomId: string, starred: boolean): Promise<void> {
  await setDoc(
    refs.sidebarSettings(db, uid),
    { starred: starred ? arrayUnion(roomId) : arrayRemove(roomId) },
    { merge: true },
  );
}
