/**
 * Message requests (requests/{roomId}): the consent step of a direct room between two people who
 * share no private room. Written with the room (openDirectRoom); the recipient accepts it here.
 */
import { MAX_QUERY_LIMIT } from '@chat/shared';
import {
  getDoc,
  getDocFromServer,
  limit,
  query,
  serverTimestamp,
  updateDoc,
  where,
  type Firestore,
} from 'firebase/firestore';
import { refs } from './converters';
import { querySubscription } from './listen';
import { writeOnce } from './writeOnce';

/**
 * The request document a new direct room is created with: accepted from the start when `via`
 * names a private room both people are in (the rules check it), pending otherwise.
 */
export function newRequest(from: string, to: string, via: string | null) {
  return { from, to, via, createdAt: serverTimestamp(), acceptedAt: via === null ? null : serverTimestamp() };
}

/**
 * The pending requests on one side of me, live: `to` those sent to me, `from` those I sent.
 * Equality filters only, so Firestore serves it from its single-field indexes. The rules allow
 * at most MAX_QUERY_LIMIT at once: past that many pending requests to one person (each sender may
 * open 10 rooms an hour), the rest would show as ordinary conversations until some are answered.
 */
export const subscribePendingRequests = querySubscription((db, uid: string, side: 'to' | 'from') =>
  // each query written out with its fields: test/deploy/indexes.test.ts reads them to prove the
  // index production needs, and cannot read a field named by a variable
  side === 'to'
    ? query(refs.requests(db), where('to', '==', uid), where('acceptedAt', '==', null), limit(MAX_QUERY_LIMIT))
    : query(refs.requests(db), where('from', '==', uid), where('acceptedAt', '==', null), limit(MAX_QUERY_LIMIT)),
);

/**
 * Accepts a request sent to me: the direct room becomes an ordinary conversation. The rules
 * accept a request once, while it is pending, so the SDK's resend of an accept whose answer was
 * lost is refused: a request pending before and accepted on the server now was accepted by this
 * call (only its recipient may). One accepted before is still refused.
 */
export async function acceptRequest(db: Firestore, roomId: string): Promise<void> {
  const ref = refs.request(db, roomId);
  const pending = await getDoc(ref).then(
    (snap) => snap.data()?.acceptedAt === null,
    () => false,
  );
  await writeOnce(
    () => updateDoc(ref, { acceptedAt: serverTimestamp() }),
    async () => pending && ((await getDocFromServer(ref)).data()?.acceptedAt ?? null) !== null,
  );
}
