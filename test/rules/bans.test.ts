import {
  collection,
  deleteDoc,
  doc,
  getDoc,
  serverTimestamp,
  setDoc,
  writeBatch,
  type DocumentData,
  type Firestore,
} from 'firebase/firestore';
import { MAX_QUERY_LIMIT, MAX_REASON } from '@chat/shared';
import { describe, it } from 'vitest';
import { allowed, as, at, castRoom, denied, list, membershipDocs, removeMembership, rulesSuite, seed } from './support';

const env = await rulesSuite('bans', castRoom('private'));

const ban = (by: string, extra: DocumentData = {}) => ({
  bannedBy: by,
  reason: 'spam',
  createdAt: serverTimestamp(),
  ...extra,
});

/** Ban and kick in one batch, as a moderator does. */
function banAndKick(db: Firestore, actor: string, target: string, data: DocumentData = ban(actor)) {
  const batch = writeBatch(db);
  batch.set(doc(db, 'rooms', 'r1', 'bans', target), data);
  removeMembership(batch, db, 'r1', target);
  batch.set(doc(db, 'rooms', 'r1', 'sanctions', target), { mutedUntil: null, kickedAt: serverTimestamp() });
  return batch.commit();
}

describe('rooms/{roomId}/bans/{uid}', () => {
  it('the owner or an admin bans a lower role together with the kick', async () => {
    await allowed(banAndKick(as(env, 'adi'), 'adi', 'ben'));
    await allowed(banAndKick(as(env, 'ana'), 'ana', 'adi'));
  });

  it('a room admin bans someone who is not a member', async () => {
    await allowed(setDoc(doc(as(env, 'adi'), 'rooms', 'r1', 'bans', 'eve'), ban('adi')));
  });

  it.each<[string, string, string, DocumentData | undefined]>([
    ['an admin bans the owner', 'adi', 'ana', undefined],
    ['a member bans a member', 'ben', 'bob', undefined],
    ['with a forged bannedBy', 'adi', 'ben', ban('ana')],
    [`with a ${MAX_REASON + 1}-character reason`, 'adi', 'ben', ban('adi', { reason: 'r'.repeat(MAX_REASON + 1) })],
    ['with a forged time', 'adi', 'ben', ban('adi', { createdAt: at(-1000) })],
    ['with an extra field', 'adi', 'ben', ban('adi', { until: null })],
  ])('refused: %s', async (_case, actor, target, data) => {
    await denied(banAndKick(as(env, actor), actor, target, data));
  });

  it('a ban without the kick is refused; nobody bans themselves', async () => {
    await denied(setDoc(doc(as(env, 'adi'), 'rooms', 'r1', 'bans', 'ben'), ban('adi')));
    await denied(setDoc(doc(as(env, 'adi'), 'rooms', 'r1', 'bans', 'adi'), ban('adi')));
  });

  it('room admins and the banned user see the ban; others do not', async () => {
    await seed(env, { 'rooms/r1/bans/eve': { bannedBy: 'ana', reason: 'spam', createdAt: at(-1000) } });
    await allowed(getDoc(doc(as(env, 'adi'), 'rooms', 'r1', 'bans', 'eve')));
    await allowed(getDoc(doc(as(env, 'eve'), 'rooms', 'r1', 'bans', 'eve')));
    await allowed(list(collection(as(env, 'ana'), 'rooms', 'r1', 'bans'), MAX_QUERY_LIMIT));
    await denied(list(collection(as(env, 'ana'), 'rooms', 'r1', 'bans'), MAX_QUERY_LIMIT + 1));
    await denied(getDoc(doc(as(env, 'ben'), 'rooms', 'r1', 'bans', 'eve')));
    await denied(list(collection(as(env, 'ben'), 'rooms', 'r1', 'bans'), 10));
  });

  it('room admins lift their own bans and those of lower roles; members cannot', async () => {
    await seed(env, {
      'rooms/r1/bans/eve': { bannedBy: 'adi', reason: 'spam', createdAt: at(-1000) },
      'rooms/r1/bans/fay': { bannedBy: 'adi', reason: 'spam', createdAt: at(-1000) },
      'rooms/r1/bans/gus': { bannedBy: 'gone', reason: 'spam', createdAt: at(-1000) },
    });
    await denied(deleteDoc(doc(as(env, 'ben'), 'rooms', 'r1', 'bans', 'eve')));
    await allowed(deleteDoc(doc(as(env, 'adi'), 'rooms', 'r1', 'bans', 'eve')));
    await allowed(deleteDoc(doc(as(env, 'ana'), 'rooms', 'r1', 'bans', 'fay')));
    // whoever banned has left the room: they rank as nobody
    await allowed(deleteDoc(doc(as(env, 'adi'), 'rooms', 'r1', 'bans', 'gus')));
  });

  it("an admin never lifts the owner's ban, nor another admin's", async () => {
    await seed(env, {
      ...membershipDocs('r1', 'ad2', 'admin', { displayName: 'Ad2', nameLower: 'ad2', joinedAt: at(-1000) }),
      'rooms/r1/bans/eve': { bannedBy: 'ana', reason: 'spam', createdAt: at(-1000) },
      'rooms/r1/bans/fay': { bannedBy: 'ad2', reason: 'spam', createdAt: at(-1000) },
    });
    await denied(deleteDoc(doc(as(env, 'adi'), 'rooms', 'r1', 'bans', 'eve')));
    await denied(deleteDoc(doc(as(env, 'adi'), 'rooms', 'r1', 'bans', 'fay')));
  });
});
