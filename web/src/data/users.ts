import { MAX_QUERY_LIMIT, RENAME_COUNT, RENAME_WINDOW_MS, type NotifyLevel } from '@chat/shared';
import {
  getDoc,
  limit,
  onSnapshot,
  orderBy,
  query,
  runTransaction,
  serverTimestamp,
  setDoc,
  where,
  type Firestore,
  type Unsubscribe,
} from 'firebase/firestore';
import { prefixRange } from '../lib/search';
import { refs, type UserDoc } from './converters';
import { nextRingEntry } from './ledger';
import { docSubscription, listen, readDoc } from './listen';

/**
 * Writes the caller's public profile at sign-up. The server makes a profile too, at once, for
 * every new account (functions: onUserCreated), and either may land first: when the server's
 * came first, the create is refused (the rules let a profile be created once) and the typed name
 * replaces the one the server gave it.
 */
export async function saveProfile(db: Firestore, uid: string, displayName: string): Promise<void> {
  const name = displayName.trim();
  try {
    await setDoc(refs.user(db, uid), {
      id: uid,
      displayName: name,
      nameLower: name.toLowerCase(),
      photoURL: null,
      createdAt: serverTimestamp(),
    });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'permission-denied') throw error;
    // refused as a create of an existing profile, or for the name itself: a rename tells which
    // (it fails alike for a bad name, and when there is no profile)
    await renameProfile(db, uid, name);
  }
}

/**
 * The caller's profile name, making the profile first when there is none (someone who signed in
 * with Google, whose profile the server may not have made yet). A read that fails is an error,
 * not "no profile": writing one then could rename a profile the server had masked.
 */
export async function ensureProfile(db: Firestore, uid: string, displayName: string): Promise<string> {
  const snap = await getDoc(refs.user(db, uid));
  const existing = snap.data();
  if (existing) return existing.displayName;
  await saveProfile(db, uid, displayName);
  return displayName.trim();
}

/**
 * Renames the caller's profile, counted in their name ledger (nameLedgers/{uid}) in the same
 * transaction: the rules allow RENAME_COUNT renames per RENAME_WINDOW_MS and accept neither write
 * without the other, since the server copies each rename onto every member document of theirs.
 * The same name again writes nothing.
 */
export async function renameProfile(db: Firestore, uid: string, displayName: string): Promise<void> {
  const name = displayName.trim();
  await runTransaction(db, async (tx) => {
    const profileRef = refs.user(db, uid);
    const profile = await tx.get(profileRef);
    if (!profile.exists()) throw new Error(`There is no profile to rename for ${uid}`);
    if (profile.data().displayName === name) return;
    const ledgerRef = refs.nameLedger(db, uid);
    const { freesAt, entry } = nextRingEntry((await tx.get(ledgerRef)).data(), RENAME_COUNT, RENAME_WINDOW_MS);
    if (freesAt) throw new RenameLimitReached(freesAt);
    tx.update(profileRef, { displayName: name, nameLower: name.toLowerCase() });
    tx.set(ledgerRef, entry, { merge: true });
  });
}

/** The rules' refusal of a rename past RENAME_COUNT in RENAME_WINDOW_MS; `retryAt`: when one frees up. */
export class RenameLimitReached extends Error {
  override name = 'RenameLimitReached';
  constructor(readonly retryAt: Date) {
    super(`At most ${RENAME_COUNT} renames an hour; the next at ${retryAt.toISOString()}`);
  }
}

/** One profile, live (null while it does not exist). */
export const subscribeProfile = docSubscription((db, uid: string) => refs.user(db, uid));

/**
 * One profile, or null when there is none (or the rules refuse it): never null from a read that
 * failed for want of a connection (readDoc waits for one), which showed a person as "Someone" for
 * good and called a conversation's partner an account that no longer exists.
 */
export async function getProfile(db: Firestore, uid: string): Promise<UserDoc | null> {
  const snap = await readDoc(refs.user(db, uid)).catch(() => null);
  return snap?.exists() ? snap.data() : null;
}

/** People whose name starts with the term (case-insensitive). */
export function subscribeUserSearch(
  db: Firestore,
  term: string,
  onUsers: (users: UserDoc[]) => void,
  onError: (error: Error) => void,
  count = 10,
): Unsubscribe {
  const range = prefixRange(term);
  if (!range) {
    onUsers([]);
    return () => {};
  }
  const q = query(
    refs.users(db),
    where('nameLower', '>=', range[0]),
    where('nameLower', '<=', range[1]),
    orderBy('nameLower'),
    limit(Math.min(count, MAX_QUERY_LIMIT)),
  );
  return listen(q, onUsers, onError);
}

export function subscribeNotificationSettings(
  db: Firestore,
  uid: string,
  /** `settled`: the server's state, with no write of this client's still pending */
  onSettings: (rooms: Record<string, NotifyLevel>, settled: boolean) => void,
  onError: (error: Error) => void,
): Unsubscribe {
  return onSnapshot(
    refs.notificationSettings(db, uid),
    { includeMetadataChanges: true },
    (snap) =>
      onSettings(
        snap.exists() ? (snap.data().rooms ?? {}) : {},
        !snap.metadata.hasPendingWrites && !snap.metadata.fromCache,
      ),
    onError,
  );
}

export async function setRoomNotifyLevel(
  db: Firestore,
  uid: string,
  roomId: string,
  level: NotifyLevel,
): Promise<void> {
  await setDoc(refs.notificationSettings(db, uid), { rooms: { [roomId]: level } }, { merge: true });
}
