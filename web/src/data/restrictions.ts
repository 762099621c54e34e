import type { Firestore, Unsubscribe } from 'firebase/firestore';
import { refs, type RestrictionDoc } from './converters';
import { listenDoc } from './listen';

/** My user-wide mute (set by the cross-room rate limiter), live; null when there is none. */
export function subscribeRestriction(
  db: Firestore,
  uid: string,
  onRestriction: (restriction: RestrictionDoc | null) => void,
  onError: (error: Error) => void,
): Unsubscribe {
  return listenDoc(refs.restriction(db, uid), onRestriction, onError);
}
