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
  type Unsubscribe,
} from 'firebase/firestore';
import { refs, type InviteDoc } from './converters';
import { listen } from './listen';

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

/** 'ok' when the code may be used to join, else why not. */
export async function checkInvite(
  db: Firestore,
  roomId: string,
  code: string,
): Promise<'ok' | 'missing' | 'revoked' | 'expired'> {
  const snap = await getDoc(refs.invite(db, roomId, code)).catch(() => null);
  if (!snap?.exists()) return 'missing';
  const invite = snap.data();
  if (invite.revoked) return 'revoked';
  if (invite.expiresAt && invite.expiresAt.toMillis() < Date.now()) return 'expired';
  return 'ok';
}

/** The room's live invites, newest first (owners and admins). */
export function subscribeInvites(
  db: Firestore,
  roomId: string,
  onInvites: (invites: InviteDoc[]) => void,
  onError: (error: Error) => void,
): Unsubscribe {
  const q = query(
    refs.invites(db, roomId),
    where('revoked', '==', false),
    orderBy('createdAt', 'desc'),
    limit(Math.min(20, MAX_QUERY_LIMIT)),
  );
  return listen(q, onInvites, onError);
}
