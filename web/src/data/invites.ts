import { MAX_QUERY_LIMIT } from '@chat/shared';
import {
  getDoc,
  getDocFromServer,
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
import { writeOnce } from './writeOnce';

/**
 * An owner or admin creates an invite link's code for a private room. An invite is created once
 * (a second write is an update, which may only revoke it), so the SDK's resend of a creation whose
 * answer was lost is refused: the invite found on the server as it was sent is the one made. The
 * code is the caller's, new and random (lib/search newInviteCode), so it is no one else's.
 */
export async function createInvite(db: Firestore, roomId: string, code: string, uid: string): Promise<void> {
  const ref = refs.invite(db, roomId, code);
  await writeOnce(
    () =>
      setDoc(ref, {
        id: code,
        createdBy: uid,
        createdAt: serverTimestamp(),
        expiresAt: null,
        revoked: false,
      }),
    async () => {
      const invite = (await getDocFromServer(ref)).data();
      return invite?.createdBy === uid && invite.expiresAt === null && !invite.revoked;
    },
  );
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
