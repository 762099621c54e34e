import { MAX_QUERY_LIMIT } from '@chat/shared';
import {
  getDoc,
  limit,
  orderBy,
  query,
  serverTimestamp,
  setDoc,
  updateDoc,
  where,
  type Firestore,
  type Timestamp,
} from 'firebase/firestore';
import { refs } from './converters';
import { querySubscription } from './listen';

/** An owner or admin creates an invite link's code for a private room. */
export async function createInvite(db: Firestore, roomId: string, code: string, uid: string): Promise<void> {
  await setDoc(refs.invite(db, roomId, code), {
    id: code,
    createdBy: uid,
    createdAt: serverTimestamp(),
    expiresAt: null,
    revoked: false,
  });
}

export async function revokeInvite(db: Firestore, roomId: string, code: string): Promise<void> {
  await updateDoc(refs.invite(db, roomId, code), { revoked: true });
}

/**
 * 'ok' when `uid` may use the code to join, else why not: 'kicked' when they were removed from
 * the room after the invite was made (the rules then refuse it; a newer invite lets them in).
 */
export async function checkInvite(
  db: Firestore,
  roomId: string,
  code: string,
  uid: string,
): Promise<'ok' | 'missing' | 'revoked' | 'expired' | 'kicked'> {
  const snap = await getDoc(refs.invite(db, roomId, code)).catch(() => null);
  if (!snap?.exists()) return 'missing';
  const invite = snap.data();
  if (invite.revoked) return 'revoked';
  if (invite.expiresAt && invite.expiresAt.toMillis() < Date.now()) return 'expired';
  const sanction = await getDoc(refs.sanction(db, roomId, uid)).catch(() => null);
  const kickedAt = sanction?.get('kickedAt') as Timestamp | null | undefined;
  if (kickedAt && invite.createdAt && invite.createdAt.toMillis() <= kickedAt.toMillis()) return 'kicked';
  return 'ok';
}

/** The room's live invites, newest first (owners and admins). */
export const subscribeInvites = querySubscription((db, roomId: string) =>
  query(
    refs.invites(db, roomId),
    where('revoked', '==', false),
    orderBy('createdAt', 'desc'),
    limit(Math.min(20, MAX_QUERY_LIMIT)),
  ),
);
