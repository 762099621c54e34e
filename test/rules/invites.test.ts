import { collection, doc, getDoc, serverTimestamp, setDoc, updateDoc, type DocumentData } from 'firebase/firestore';
import { MAX_QUERY_LIMIT } from '@chat/shared';
import { describe, it } from 'vitest';
import { allowed, as, at, castRoom, denied, inviteDoc, list, rulesSuite, seed, seedRoom } from './support';

const env = await rulesSuite('invites', castRoom('private'));

const CODE = 'invite-code-0123456789';
/** An invite as the client writes it. */
const invite = (by: string, extra: DocumentData = {}) => inviteDoc(by, { createdAt: serverTimestamp(), ...extra });
const ref = (uid: string | null, code = CODE, roomId = 'r1') => doc(as(env, uid), 'rooms', roomId, 'invites', code);

describe('rooms/{roomId}/invites/{code}', () => {
  it('the owner or an admin of a private room creates an invite, open-ended or expiring', async () => {
    await allowed(setDoc(ref('ana'), invite('ana')));
    await allowed(setDoc(ref('adi', 'other-code-0123456789'), invite('adi', { expiresAt: at(86_400_000) })));
  });

  it.each<[string, string, string, DocumentData]>([
    ['by a member', 'ben', CODE, invite('ben')],
    ['with a short code', 'ana', 'short', invite('ana')],
    ['with a code of odd characters', 'ana', 'invite code with spaces!', invite('ana')],
    ['with a forged creator', 'ana', CODE, invite('adi')],
    ['with a forged time', 'ana', CODE, invite('ana', { createdAt: at(-1000) })],
    ['already expired', 'ana', CODE, invite('ana', { expiresAt: at(-1000) })],
    ['with an expiry that is not a time', 'ana', CODE, invite('ana', { expiresAt: 'never' })],
    ['already revoked', 'ana', CODE, invite('ana', { revoked: true })],
    ['with an extra field', 'ana', CODE, invite('ana', { uses: 0 })],
  ])('an invite is refused %s', async (_case, uid, code, data) => {
    await denied(setDoc(ref(uid, code), data));
  });

  it('public rooms have no invites', async () => {
    await seedRoom(env, 'pub', 'public', { ana: 'owner' });
    await denied(setDoc(ref('ana', CODE, 'pub'), invite('ana')));
  });

  it('anyone signed in looks up a code; only room admins list them, with a limit', async () => {
    await seed(env, { [`rooms/r1/invites/${CODE}`]: { ...invite('ana'), createdAt: at(-1000) } });
    await allowed(getDoc(ref('eve')));
    await allowed(list(collection(as(env, 'adi'), 'rooms', 'r1', 'invites'), MAX_QUERY_LIMIT));
    await denied(list(collection(as(env, 'adi'), 'rooms', 'r1', 'invites'), MAX_QUERY_LIMIT + 1));
    await denied(list(collection(as(env, 'ben'), 'rooms', 'r1', 'invites'), 10));
    await denied(getDoc(ref(null)));
  });

  it('room admins revoke an invite; nothing else about it changes', async () => {
    await seed(env, { [`rooms/r1/invites/${CODE}`]: { ...invite('ana'), createdAt: at(-1000) } });
    await denied(updateDoc(ref('ben'), { revoked: true }));
    await denied(updateDoc(ref('ana'), { expiresAt: at(86_400_000) }));
    await denied(updateDoc(ref('ana'), { revoked: true, createdBy: 'adi' }));
    await allowed(updateDoc(ref('ana'), { revoked: true }));
    await denied(updateDoc(ref('ana'), { revoked: false }));
  });

  it("an admin revokes their own invites and a lower role's, never the owner's", async () => {
    await seed(env, {
      [`rooms/r1/invites/${CODE}`]: { ...invite('ana'), createdAt: at(-1000) },
      'rooms/r1/invites/admins-code-0123456789': { ...invite('adi'), createdAt: at(-1000) },
      'rooms/r1/invites/leavers-code-012345678': { ...invite('gone'), createdAt: at(-1000) },
    });
    await denied(updateDoc(ref('adi'), { revoked: true }));
    await allowed(updateDoc(ref('adi', 'admins-code-0123456789'), { revoked: true }));
    await allowed(updateDoc(ref('adi', 'leavers-code-012345678'), { revoked: true }));
  });
});
