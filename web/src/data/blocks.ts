/**
 * Blocking (users/{me}/blocks/{other} with blockedBy/{other}.uids): each change is one batch,
 * because the rules check each document against the other with getAfter/existsAfter.
 */
import {
  arrayRemove,
  arrayUnion,
  getDoc,
  getDocFromServer,
  limit,
  query,
  serverTimestamp,
  writeBatch,
  type Firestore,
} from 'firebase/firestore';
import { refs } from './converters';
import { querySubscription } from './listen';
import { writeOnce } from './writeOnce';

/** The rules let a user list at most this many of their blocks at once. */
export const BLOCKS_LIMIT = 100;

/**
 * Whether I block `other`, as the server (or, offline, the cache) says; null when it is not known.
 * Read before each change: the rules accept a change once (blockedBy/{other} must gain or lose my
 * uid), so the SDK's resend of a change whose answer was lost is refused, and the state before
 * tells a change of this call's that landed from one made earlier (blocking twice stays refused).
 */
function blocking(db: Firestore, me: string, other: string): Promise<boolean | null> {
  return getDoc(refs.block(db, me, other)).then(
    (snap) => snap.exists(),
    () => null,
  );
}

/** Whether my blocks/{other} exists on the server, which the rules keep in step with blockedBy/{other}. */
async function blocksOnServer(db: Firestore, me: string, other: string): Promise<boolean> {
  return (await getDocFromServer(refs.block(db, me, other))).exists();
}

/** Blocks `other`: my blocks/{other} and my uid in blockedBy/{other} (a merge creates it for the first blocker). */
export async function blockUser(db: Firestore, me: string, other: string): Promise<void> {
  const before = await blocking(db, me, other);
  const batch = writeBatch(db);
  batch.set(refs.block(db, me, other), { id: other, createdAt: serverTimestamp() });
  batch.set(refs.blockedBy(db, other), { uids: arrayUnion(me) }, { merge: true });
  await writeOnce(
    () => batch.commit(),
    async () => before === false && (await blocksOnServer(db, me, other)),
  );
}

/** Unblocks `other`: deletes my blocks/{other} and takes my uid out of blockedBy/{other}. */
export async function unblockUser(db: Firestore, me: string, other: string): Promise<void> {
  const before = await blocking(db, me, other);
  const batch = writeBatch(db);
  batch.delete(refs.block(db, me, other));
  batch.set(refs.blockedBy(db, other), { uids: arrayRemove(me) }, { merge: true });
  await writeOnce(
    () => batch.commit(),
    async () => before === true && !(await blocksOnServer(db, me, other)),
  );
}

/** The uids I block, live. */
export const subscribeBlocks = querySubscription(
  (db, me: string) => query(refs.blocks(db, me), limit(BLOCKS_LIMIT)),
  (docs) => docs.map((d) => d.id),
);
