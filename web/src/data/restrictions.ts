import { refs } from './converters';
import { docSubscription } from './listen';

/** My user-wide mute (set by the cross-room rate limiter), live; null when there is none. */
export const subscribeRestriction = docSubscription((db, uid: string) => refs.restriction(db, uid));
