import { serverTimestamp, setDoc, type Firestore } from 'firebase/firestore';
import { refs } from './converters';

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
