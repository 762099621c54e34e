/**
 * Blocking (users/{me}/blocks/{other} with blockedBy/{other}.uids): each change is one batch,
 * because the rules check each document against the other with getAfter/existsAfter.
 */
import { arrayRemove, arrayUnion, limit, query, serverTimestamp, writeBatch, type Firestore } from 'firebase/firestore';
import { refs } from './converters';
import { querySubscription } from './listen';

/** The rules let a user list at most this many of their blocks at once. */
export const BLOCKS_LIMIT = 100;

/** Blocks `other`: my blocks/{other} and my uid in blockedBy/{other} (a merge creates it for the first blocker). */
export async function blockUser(db: Firestore, me: string, other: string): Promise<void> {
  const batch = writeBatch(db);
  batch.set(refs.block(db, me, other), { id: other, createdAt: serverTimestamp() });
  batch.set(refs.blockedBy(db, other), { uids: arrayUnion(me) }, { merge: true });
  await batch.commit();
}

/** Unblocks `other`: deletes my blocks/{other} and takes my uid out of blockedBy/{other}. */
export async function unblockUser(db: Firestore, me: string, other: string): Promise<void> {
  const batch = writeBatch(db);
  batch.delete(refs.block(db, me, other));
  batch.set(refs.blockedBy(db, other), { uids: arrayRemove(me) }, { merge: true });
  await batch.commit();
}

/** The uids I block, live. */
export const subscribeBlocks = querySubscription(
  (db, me: string) => query(refs.blocks(db, me), limit(BLOCKS_LIMIT)),
  (docs) => docs.map((d) => d.id),
);
