/**
 * Blocking (users/{me}/blocks/{other} with blockedBy/{other}.uids): each change is one batch,
 * because the rules check each document against the other with getAfter/existsAfter.
 */
import {
  arrayRemove,
  arrayUnion,
  doc,
  limit,
  query,
  serverTimestamp,
  writeBatch,
  type Firestore,
} from 'firebase/firestore';
import { refs } from './converters';
import { querySubscription } from './listen';

/** The rules let a user list at most this many of their blocks at once. */
export const BLOCKS_LIMIT = 100;

const blockRef = (db: Firestore, me: string, other: string) => doc(db, 'users', me, 'blocks', other);
const blockedByRef = (db: Firestore, other: string) => doc(db, 'blockedBy', other);

/** Blocks `other`: my blocks/{other} and my uid in blockedBy/{other} (a merge creates it for the first blocker). */
export async function blockUser(db: Firestore, me: string, other: string): Promise<void> {
  const batch = writeBatch(db);
  batch.set(blockRef(db, me, other), { createdAt: serverTimestamp() });
  batch.set(blockedByRef(db, other), { uids: arrayUnion(me) }, { merge: true });
  await batch.commit();
}

/** Unblocks `other`: deletes my blocks/{other} and takes my uid out of blockedBy/{other}. */
export async function unblockUser(db: Firestore, me: string, other: string): Promise<void> {
  const batch = writeBatch(db);
  batch.delete(blockRef(db, me, other));
  batch.set(blockedByRef(db, other), { uids: arrayRemove(me) }, { merge: true });
  await batch.commit();
}

/** The uids I block, live. */
export const subscribeBlocks = querySubscription(
  (db, me: string) => query(refs.blocks(db, me), limit(BLOCKS_LIMIT)),
  (docs) => docs.map((d) => d.id),
);
