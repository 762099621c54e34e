/** Thread replies the user should hear of: users/{uid}/activity/{messageId}, written by the server. */
import { limit, orderBy, query } from 'firebase/firestore';
import { refs } from './converters';
import { querySubscription } from './listen';

/** The newest few: the app notifies of what arrives while it is open, not of the backlog. */
export const subscribeActivity = querySubscription((db, uid: string) =>
  query(refs.activity(db, uid), orderBy('at', 'desc'), limit(20)),
);
