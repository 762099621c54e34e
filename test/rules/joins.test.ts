/**
 * rooms/{roomId}/joins/{uid}: the invite code a member joined a private room by. The code lets
 * anyone in, so only the joiner and the room's admins read it; every member reads every member
 * document, which therefore never holds it (issue #13, privacy).
 */
import {
  collection,
  deleteDoc,
  doc,
  getDoc,
  setDoc,
  updateDoc,
  writeBatch,
  type DocumentData,
  type Firestore,
} from 'firebase/firestore';
import { MAX_QUERY_LIMIT } from '@chat/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  addMembership,
  allowed,
  as,
  at,
  denied,
  inviteDoc,
  leaveBatch,
  list,
  newMember,
  profileDoc,
  roomDoc,
  rulesSuite,
  seed,
  seedRoom,
} from './support';

const CODE = 'invite-code-0123456789';
const LATER = 'later-code-0123456789ab';

const invite = (extra: DocumentData = {}) => inviteDoc('ana', { createdAt: at(-60_000), ...extra });

// priv: ana owns it, adi administers it, ben is a member; cid joined by invite with CODE
const env = await rulesSuite('joins', async (env) => {
  await seedRoom(env, 'priv', 'private', { ana: 'owner', adi: 'admin', ben: 'member', cid: 'member' });
  await seed(env, {
    [`rooms/priv/invites/${CODE}`]: invite(),
    [`rooms/priv/invites/${LATER}`]: invite(),
    'rooms/priv/joins/cid': { code: CODE },
    ...Object.fromEntries(['dan', 'eve', 'fay'].map((uid) => [`users/${uid}`, profileDoc(uid)])),
  });
});

const joinsRef = (uid: string | null, target: string, roomId = 'priv') =>
  doc(as(env, uid), 'rooms', roomId, 'joins', target);
const joinsList = (uid: string, n: number = MAX_QUERY_LIMIT) =>
  list(collection(as(env, uid), 'rooms', 'priv', 'joins'), n);

/**
 * `uid` joins the private room as the client does (web/src/data/rooms.ts joinRoom): their member
 * document with their room-list entry and, unless `joins` is null, a joins document (for `joinsFor`).
 */
function join(
  db: Firestore,
  uid: string,
  joins: DocumentData | null = { code: CODE },
  { joinsFor = uid, member = newMember(uid, 'member') }: { joinsFor?: string; member?: DocumentData | null } = {},
) {
  const batch = writeBatch(db);
  if (member !== null) addMembership(batch, db, 'priv', uid, member);
  if (joins !== null) batch.set(doc(db, 'rooms', 'priv', 'joins', joinsFor), joins);
  return batch.commit();
}

const leave = (db: Firestore, uid: string) => leaveBatch(db, 'priv', uid);

describe('rooms/{roomId}/joins/{uid}: who reads an invite code', () => {
  it("a member reads no invite code on anyone's member document after a join by invite", async () => {
    await allowed(join(as(env, 'dan'), 'dan'));
    const members = await list(collection(as(env, 'ben'), 'rooms', 'priv', 'members'), 10);
    const dan = members.docs.find((d) => d.id === 'dan');
    expect(dan?.data()).toEqual(expect.objectContaining({ uid: 'dan', role: 'member' }));
    expect(Object.keys(dan?.data() ?? {}).sort()).toEqual([
      'displayName',
      'joinedAt',
      'mutedUntil',
      'nameLower',
      'role',
      'uid',
    ]);
    expect(JSON.stringify(members.docs.map((d) => d.data()))).not.toContain(CODE);
  });

  it("the joiner and the room's admins get it; a plain member, an outsider or nobody cannot", async () => {
    await allowed(getDoc(joinsRef('cid', 'cid')));
    await allowed(getDoc(joinsRef('ana', 'cid')));
    await allowed(getDoc(joinsRef('adi', 'cid')));
    await denied(getDoc(joinsRef('ben', 'cid')));
    await denied(getDoc(joinsRef('eve', 'cid')));
    await denied(getDoc(joinsRef(null, 'cid')));
  });

  it("only the room's admins list them, with a limit; members, the joiner included, cannot", async () => {
    await allowed(joinsList('ana'));
    await allowed(joinsList('adi'));
    await denied(joinsList('adi', MAX_QUERY_LIMIT + 1));
    await denied(joinsList('ben'));
    await denied(joinsList('cid'));
    await denied(joinsList('eve'));
  });
});

describe('rooms/{roomId}/joins/{uid}: presenting a code', () => {
  it('a join by invite: the member document and the code, in one batch', async () => {
    await allowed(join(as(env, 'dan'), 'dan'));
    expect((await getDoc(joinsRef('dan', 'dan'))).data()).toEqual({ code: CODE });
  });

  it.each<[string, DocumentData | null]>([
    ['without a joins document', null],
    ['with a code that does not exist', { code: 'guessed-code-0123456789' }],
    ['with a code that is not a string', { code: 12345 }],
    ['with a code of the wrong shape', { code: 'short' }],
    ['with a code of odd characters', { code: 'invite code with spaces!' }],
    ['with an extra field', { code: CODE, note: 'hi' }],
    ['without the code', { via: CODE }],
  ])('refused: a join %s', async (_case, joins) => {
    await denied(join(as(env, 'dan'), 'dan', joins));
  });

  it('refused: a joins document without the member document being created in the batch', async () => {
    // by an outsider, alone
    await denied(setDoc(joinsRef('dan', 'dan'), { code: CODE }));
    // by a member who is already in: ben adds one, cid rewrites theirs
    await denied(setDoc(joinsRef('ben', 'ben'), { code: CODE }));
    await denied(updateDoc(joinsRef('cid', 'cid'), { code: LATER }));
  });

  it('refused: a joins document for someone else, by a joiner or by an admin adding them', async () => {
    await denied(join(as(env, 'dan'), 'dan', { code: CODE }, { joinsFor: 'eve' }));
    await denied(join(as(env, 'ana'), 'fay', { code: CODE }));
  });

  it('a later join by invite overwrites the code; a code left from an earlier join counts only while valid', async () => {
    await allowed(leave(as(env, 'cid'), 'cid'));
    await allowed(join(as(env, 'cid'), 'cid', { code: LATER }));
    expect((await getDoc(joinsRef('cid', 'cid'))).data()).toEqual({ code: LATER });
    // left again, and that invite revoked: the code on record no longer lets them in
    await allowed(leave(as(env, 'cid'), 'cid'));
    await seed(env, { [`rooms/priv/invites/${LATER}`]: invite({ revoked: true }) });
    await denied(join(as(env, 'cid'), 'cid', null));
    await allowed(join(as(env, 'cid'), 'cid', { code: CODE }));
  });

  it('the joiner deletes their own; nobody else does', async () => {
    await denied(deleteDoc(joinsRef('ben', 'cid')));
    await denied(deleteDoc(joinsRef('ana', 'cid')));
    await allowed(deleteDoc(joinsRef('cid', 'cid')));
  });
});

describe('rooms/{roomId}/joins/{uid}: the checks on the code', () => {
  beforeEach(async () => {
    await seed(env, {
      'rooms/other': roomDoc('private', 'ana', ['ana']),
      'rooms/priv/invites/expired-code-0123456789': invite({ expiresAt: at(-1000) }),
      'rooms/priv/invites/revoked-code-0123456789': invite({ revoked: true }),
      'rooms/other/invites/other-room-code-0123456789': invite(),
      // dan was kicked a minute ago: CODE and LATER are older
      'rooms/priv/sanctions/dan': { mutedUntil: null, kickedAt: at(-1000) },
      'rooms/priv/invites/after-kick-code-0123456789': invite({ createdAt: at(-500) }),
    });
  });

  it.each<[string, string]>([
    ['a revoked', 'revoked-code-0123456789'],
    ['an expired', 'expired-code-0123456789'],
    ["another room's", 'other-room-code-0123456789'],
    ['a pre-kick', CODE],
  ])('refused: a join with %s code', async (_case, code) => {
    await denied(join(as(env, 'dan'), 'dan', { code }));
  });

  it('accepted: a kicked person back with a code made after the kick', async () => {
    await allowed(join(as(env, 'dan'), 'dan', { code: 'after-kick-code-0123456789' }));
  });
});
