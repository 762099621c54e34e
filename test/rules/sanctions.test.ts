/**
 * rooms/{roomId}/sanctions/{uid}: the room's mute and last kick of a person, kept when they leave.
 * Joining copies the mute onto the member document, sending reads it, and an invite made before
 * the last kick no longer lets the person in.
 */
import {
  collection,
  deleteDoc,
  doc,
  getDoc,
  serverTimestamp,
  setDoc,
  updateDoc,
  writeBatch,
  type DocumentData,
  type Firestore,
} from 'firebase/firestore';
import { MAX_QUERY_LIMIT } from '@chat/shared';
import { describe, it } from 'vitest';
import {
  addMembership,
  allowed,
  as,
  at,
  CAST,
  denied,
  inviteDoc,
  joinBatch,
  kickStamp,
  leaveBatch,
  ledgerAfter,
  list,
  listingPath,
  memberDoc,
  newMember,
  newMessage,
  newRoom,
  roomDoc,
  roomLedgerEntry,
  rulesSuite,
  seed,
  seedRoom,
  sendBatch,
} from './support';

const OLD_CODE = 'old-code-0123456789abcdef';
const NEW_CODE = 'new-code-0123456789abcdef';

const env = await rulesSuite('sanctions', async (env) => {
  await seedRoom(env, 'pub', 'public', CAST);
  await seedRoom(env, 'priv', 'private', { ana: 'owner', adi: 'admin', ben: 'member' });
  await seed(env, {
    [`rooms/priv/invites/${OLD_CODE}`]: inviteDoc('ana', { createdAt: at(-7_200_000) }),
    [`rooms/priv/invites/${NEW_CODE}`]: inviteDoc('ana'),
    'users/cid': { displayName: 'Name cid', nameLower: 'name cid', photoURL: null, createdAt: at(-86_400_000) },
  });
});

const sanction = (mutedUntil: unknown = null, kickedAt: unknown = null) => ({ mutedUntil, kickedAt });

/** A mute as a moderator writes it: the sanction and its mirror on the member document. */
function mute(db: Firestore, roomId: string, uid: string, data: DocumentData, mirror: unknown = data.mutedUntil) {
  const batch = writeBatch(db);
  batch.set(doc(db, 'rooms', roomId, 'sanctions', uid), data);
  batch.update(doc(db, 'rooms', roomId, 'members', uid), { mutedUntil: mirror });
  return batch.commit();
}

/** A kick as a moderator writes it: the member document, its room-list entry and the sanction's stamp. */
const kick = (db: Firestore, roomId: string, uid: string, data: DocumentData | null = kickStamp()) =>
  leaveBatch(db, roomId, uid, data);

/** `uid` left `roomId` (past the rules): their member document and room-list entry are gone. */
const gone = (roomId: string, uid: string) =>
  env.withSecurityRulesDisabled(async (c) => {
    await deleteDoc(doc(c.firestore(), `rooms/${roomId}/members/${uid}`));
    await deleteDoc(doc(c.firestore(), listingPath(uid, roomId)));
  });

/** ben was kicked from the private room a minute ago (with `mutedUntil` still on record). */
async function benKicked(mutedUntil: unknown = null) {
  await gone('priv', 'ben');
  await seed(env, {
    'rooms/priv': roomDoc('private', 'ana', ['ana', 'adi']),
    'rooms/priv/sanctions/ben': sanction(mutedUntil, at(-60_000)),
  });
}

const sanctionRef = (uid: string | null, roomId: string, target: string) =>
  doc(as(env, uid), 'rooms', roomId, 'sanctions', target);

describe('rooms/{roomId}/sanctions: reading', () => {
  it('the person sees their own sanction and the room admins see all; nobody else', async () => {
    await seed(env, { 'rooms/pub/sanctions/ben': sanction(at(60_000)) });
    await allowed(getDoc(sanctionRef('ben', 'pub', 'ben')));
    await allowed(getDoc(sanctionRef('adi', 'pub', 'ben')));
    await allowed(list(collection(as(env, 'adi'), 'rooms', 'pub', 'sanctions'), MAX_QUERY_LIMIT));
    await denied(getDoc(sanctionRef('bob', 'pub', 'ben')));
    await denied(getDoc(sanctionRef('eve', 'pub', 'ben')));
    await denied(list(collection(as(env, 'bob'), 'rooms', 'pub', 'sanctions'), 10));
    await denied(list(collection(as(env, 'adi'), 'rooms', 'pub', 'sanctions'), MAX_QUERY_LIMIT + 1));
  });
});

describe('rooms/{roomId}/sanctions: mutes', () => {
  it('an admin mutes a member and lifts it, the sanction and the member document together', async () => {
    await allowed(mute(as(env, 'adi'), 'pub', 'ben', sanction(at(600_000))));
    await allowed(mute(as(env, 'adi'), 'pub', 'ben', sanction(null)));
  });

  it('an admin mutes someone who has left: the sanction alone', async () => {
    await gone('pub', 'bob');
    await allowed(setDoc(sanctionRef('adi', 'pub', 'bob'), sanction(at(600_000))));
  });

  it.each<[string, string, string, DocumentData, unknown]>([
    ['a member mutes a member', 'ben', 'bob', sanction(at(600_000)), undefined],
    ['an admin mutes themselves away', 'adi', 'adi', sanction(null), undefined],
    ['an admin mutes the owner', 'adi', 'ana', sanction(at(600_000)), undefined],
    ['the mirror differs from the sanction', 'adi', 'ben', sanction(at(600_000)), at(60_000)],
    ['a date string', 'adi', 'ben', sanction('tomorrow'), 'tomorrow'],
    ['an extra field', 'adi', 'ben', { ...sanction(at(600_000)), reason: 'x' }, undefined],
    ['a kick stamped on a member who stays', 'adi', 'ben', sanction(null, serverTimestamp()), null],
  ])('refused: %s', async (_case, actor, target, data, mirror) => {
    await denied(mute(as(env, actor), 'pub', target, data, mirror === undefined ? data.mutedUntil : mirror));
  });

  it('a muted member cannot send; once the mute runs out they can', async () => {
    await seed(env, {
      'rooms/pub/sanctions/ben': sanction(at(600_000)),
      'rooms/pub/members/ben': memberDoc('ben', 'member', { mutedUntil: at(600_000) }),
      'ledgers/ben': ledgerAfter(3, () => 60_000),
    });
    await denied(sendBatch(as(env, 'ben'), 'pub', 'ben', 'm1', newMessage('ben'), 3));
    await seed(env, {
      'rooms/pub/sanctions/ben': sanction(at(-1000)),
      'rooms/pub/members/ben': memberDoc('ben', 'member', { mutedUntil: at(-1000) }),
    });
    await allowed(sendBatch(as(env, 'ben'), 'pub', 'ben', 'm1', newMessage('ben'), 3));
    await seed(env, { 'rooms/pub/sanctions/bob': sanction(null, at(-1000)) });
    await allowed(sendBatch(as(env, 'bob'), 'pub', 'bob', 'm2', newMessage('bob')));
  });
});

describe('rooms/{roomId}/sanctions: kicks', () => {
  it('a kick stamps the sanction and keeps a mute on record', async () => {
    await allowed(kick(as(env, 'adi'), 'priv', 'ben'));
    await seed(env, {
      'rooms/pub/sanctions/ben': sanction(at(600_000)),
      'rooms/pub/members/ben': memberDoc('ben', 'member', { mutedUntil: at(600_000) }),
    });
    const kept = (await getDoc(sanctionRef('adi', 'pub', 'ben'))).data()!;
    await allowed(kick(as(env, 'ana'), 'pub', 'ben', sanction(kept.mutedUntil, serverTimestamp())));
  });

  it.each<[string, string, DocumentData | null]>([
    ['without the stamp', 'adi', null],
    ['with a stamp in the past', 'adi', sanction(null, at(-86_400_000))],
    ['by a member', 'bob', sanction(null, serverTimestamp())],
  ])('refused: a kick %s', async (_case, actor, data) => {
    await denied(kick(as(env, actor), 'pub', 'ben', data));
  });

  it('refused: stamping a kick on someone who is not a member', async () => {
    await denied(setDoc(sanctionRef('adi', 'pub', 'eve'), sanction(null, serverTimestamp())));
  });

  it('refused: changing an existing sanction without ranking above the person', async () => {
    await seed(env, {
      'rooms/pub/sanctions/bob': sanction(at(600_000)),
      'rooms/pub/sanctions/ana': sanction(null),
      'rooms/pub/members/bob': memberDoc('bob', 'member', { mutedUntil: at(600_000) }),
    });
    await denied(mute(as(env, 'ben'), 'pub', 'bob', sanction(null)));
    await denied(updateDoc(sanctionRef('ben', 'pub', 'bob'), { mutedUntil: null }));
    await denied(mute(as(env, 'adi'), 'pub', 'ana', sanction(at(600_000))));
    await denied(updateDoc(sanctionRef('adi', 'pub', 'ana'), { mutedUntil: at(600_000) }));
  });

  it('refused: an outsider deletes a member document', async () => {
    await denied(deleteDoc(doc(as(env, 'eve'), 'rooms', 'pub', 'members', 'ben')));
  });

  it('refused: a join whose mute is not a time, or a new room whose owner starts muted', async () => {
    await denied(joinBatch(as(env, 'cid'), 'pub', 'cid', newMember('cid', 'member', { mutedUntil: 'tomorrow' })));
    const db = as(env, 'cid');
    const batch = writeBatch(db);
    batch.set(doc(db, 'rooms', 'new1'), newRoom('public', 'cid', ['cid'], { name: 'mine' }));
    addMembership(batch, db, 'new1', 'cid', newMember('cid', 'owner', { mutedUntil: at(600_000) }));
    batch.set(doc(db, 'roomLedgers', 'cid'), roomLedgerEntry(0, 'new1'));
    await denied(batch.commit());
  });

  it('refused: clearing the stamp of a past kick', async () => {
    await benKicked();
    await denied(setDoc(sanctionRef('adi', 'priv', 'ben'), sanction(null, null)));
  });

  it('a kicked member comes back only with an invite made after the kick, or added by an admin', async () => {
    await benKicked();
    await denied(joinBatch(as(env, 'ben'), 'priv', 'ben', newMember('ben', 'member'), OLD_CODE));
    await allowed(joinBatch(as(env, 'ben'), 'priv', 'ben', newMember('ben', 'member'), NEW_CODE));
    await benKicked();
    await allowed(joinBatch(as(env, 'adi'), 'priv', 'ben', newMember('ben', 'member')));
  });

  it('a mute on record comes back with the member, by invite, by an admin or into a public room', async () => {
    const until = at(600_000);
    await benKicked(until);
    await denied(joinBatch(as(env, 'ben'), 'priv', 'ben', newMember('ben', 'member'), NEW_CODE));
    await allowed(
      joinBatch(as(env, 'ben'), 'priv', 'ben', newMember('ben', 'member', { mutedUntil: until }), NEW_CODE),
    );
    await benKicked(until);
    await denied(joinBatch(as(env, 'adi'), 'priv', 'ben', newMember('ben', 'member')));
    await allowed(joinBatch(as(env, 'adi'), 'priv', 'ben', newMember('ben', 'member', { mutedUntil: until })));
    await seed(env, { 'rooms/pub/sanctions/cid': sanction(until) });
    await denied(joinBatch(as(env, 'cid'), 'pub', 'cid', newMember('cid', 'member')));
    await allowed(joinBatch(as(env, 'cid'), 'pub', 'cid', newMember('cid', 'member', { mutedUntil: until })));
  });

  it('a mute with no kick on record does not stop an invite', async () => {
    const past = at(-1000);
    await seed(env, { 'rooms/priv/sanctions/cid': sanction(past) });
    await allowed(joinBatch(as(env, 'cid'), 'priv', 'cid', newMember('cid', 'member', { mutedUntil: past }), OLD_CODE));
  });

  it('an admin lifts the mute of a kicked member, keeping the stamp', async () => {
    await benKicked(at(600_000));
    const kept = (await getDoc(sanctionRef('adi', 'priv', 'ben'))).data()!;
    await allowed(updateDoc(sanctionRef('adi', 'priv', 'ben'), { mutedUntil: null, kickedAt: kept.kickedAt }));
  });
});
