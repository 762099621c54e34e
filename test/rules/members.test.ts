import {
  collection,
  collectionGroup,
  deleteDoc,
  doc,
  getDoc,
  setDoc,
  updateDoc,
  writeBatch,
  type DocumentData,
  type Firestore,
} from 'firebase/firestore';
import { directRoomId, MAX_QUERY_LIMIT } from '@chat/shared';
import { beforeEach, describe, it } from 'vitest';
import {
  addMembership,
  allowed,
  as,
  at,
  denied,
  inviteDoc,
  joinBatch,
  kickStamp,
  leaveBatch,
  list,
  listingDoc,
  listingPath,
  memberDoc,
  newListing,
  newMember,
  profileDoc,
  roomDoc,
  rulesSuite,
  seed,
  seedRoom,
} from './support';

const env = await rulesSuite('members');

const CODE = 'invite-code-0123456789';

/** A leave, or a kick when `actor` is someone else (which stamps the target's sanction). */
const removeMember = (db: Firestore, roomId: string, uid: string, actor?: string) =>
  leaveBatch(db, roomId, uid, actor !== undefined && actor !== uid ? kickStamp() : null);

const memberRef = (uid: string | null, roomId: string, target: string) =>
  doc(as(env, uid), 'rooms', roomId, 'members', target);

describe('rooms/{roomId}/members: reading', () => {
  beforeEach(async () => {
    await seedRoom(env, 'pub', 'public', { ana: 'owner', ben: 'member' });
    await seedRoom(env, 'priv', 'private', { ana: 'owner', ben: 'member' });
  });

  it("anyone signed in sees who is in a public room; only members see a private room's members", async () => {
    await allowed(getDoc(memberRef('eve', 'pub', 'ben')));
    await allowed(list(collection(as(env, 'eve'), 'rooms', 'pub', 'members'), MAX_QUERY_LIMIT));
    await allowed(list(collection(as(env, 'ben'), 'rooms', 'priv', 'members'), MAX_QUERY_LIMIT));
    await denied(getDoc(memberRef('eve', 'priv', 'ben')));
    await denied(list(collection(as(env, 'eve'), 'rooms', 'priv', 'members'), 10));
    await denied(list(collection(as(env, 'ben'), 'rooms', 'priv', 'members'), MAX_QUERY_LIMIT + 1));
    await denied(getDoc(memberRef(null, 'pub', 'ben')));
    await denied(list(collectionGroup(as(env, 'ben'), 'members'), 10));
  });
});

describe('rooms/{roomId}/members: joining', () => {
  beforeEach(async () => {
    await seedRoom(env, 'pub', 'public', { ana: 'owner', adi: 'admin' });
    await seedRoom(env, 'priv', 'private', { ana: 'owner', adi: 'admin', ben: 'member' });
    await seed(env, {
      [`rooms/priv/invites/${CODE}`]: inviteDoc('ana'),
      'rooms/priv/invites/later-code-0123456789': inviteDoc('ana', { expiresAt: at(3_600_000) }),
      'rooms/priv/invites/expired-code-0123456789': inviteDoc('ana', { createdAt: at(-9000), expiresAt: at(-1000) }),
      'rooms/priv/invites/revoked-code-0123456789': inviteDoc('ana', { createdAt: at(-9000), revoked: true }),
      // a live code of another private room: it opens only that room
      'rooms/other': roomDoc('private', 'ana', ['ana']),
      'rooms/other/invites/other-room-code-0123456789': inviteDoc('ana'),
      'rooms/pub/bans/bad': { bannedBy: 'ana', reason: 'spam', createdAt: at(-1000) },
      'rooms/priv/bans/bad': { bannedBy: 'ana', reason: 'spam', createdAt: at(-1000) },
      // a member document carries its person's profile name: the people who join have one
      ...Object.fromEntries(['cid', 'dan', 'eve', 'fay', 'gus', 'bad'].map((uid) => [`users/${uid}`, profileDoc(uid)])),
    });
  });

  it('anyone joins a public room: their own member document and room-list entry, together', async () => {
    await allowed(joinBatch(as(env, 'cid'), 'pub', 'cid'));
  });

  it('a member document carries nameLower, the name lowercased, which the @mention search queries', async () => {
    await allowed(joinBatch(as(env, 'cid'), 'pub', 'cid', newMember('cid', 'member', { nameLower: 'name cid' })));
  });

  it.each<[string, DocumentData]>([
    ['as an admin', newMember('cid', 'admin')],
    ['as the owner', newMember('cid', 'owner')],
    ['with an invite code on the member document', newMember('cid', 'member', { via: CODE })],
    ['with a forged joinedAt', newMember('cid', 'member', { joinedAt: at(-1000) })],
    ['already muted', newMember('cid', 'member', { mutedUntil: at(60_000) })],
    ['under another uid', newMember('ben', 'member')],
    ['with an empty display name', newMember('cid', 'member', { displayName: '' })],
    ["under a name that is not their profile's", newMember('cid', 'member', { displayName: 'Name ana' })],
    ['with an extra field', newMember('cid', 'member', { color: 'red' })],
    ['without mutedUntil', (({ mutedUntil: _m, ...rest }) => rest)(newMember('cid', 'member'))],
    ['without nameLower', (({ nameLower: _n, ...rest }) => rest)(newMember('cid', 'member'))],
    ['with nameLower not lowercased', newMember('cid', 'member', { nameLower: 'Name cid' })],
    ["with another person's nameLower", newMember('cid', 'member', { nameLower: 'name ana' })],
  ])('a public room cannot be joined %s', async (_case, member) => {
    await denied(joinBatch(as(env, 'cid'), 'pub', 'cid', member));
  });

  it('a join needs both halves: the room-list entry alone or the member document alone is refused', async () => {
    const db = as(env, 'cid');
    await denied(setDoc(doc(db, listingPath('cid', 'pub')), newListing()));
    await denied(setDoc(doc(db, 'rooms', 'pub', 'members', 'cid'), newMember('cid', 'member')));
    await denied(setDoc(doc(db, listingPath('cid', 'priv')), newListing()));
  });

  it('a join makes exactly one membership, once', async () => {
    const db = as(env, 'cid');
    // a friend brought along: dan's documents are not cid's to write in a public room
    const withFriend = writeBatch(db);
    addMembership(withFriend, db, 'pub', 'cid', newMember('cid', 'member'));
    addMembership(withFriend, db, 'pub', 'dan', newMember('dan', 'member'));
    await denied(withFriend.commit());
    await allowed(joinBatch(db, 'pub', 'cid'));
    // joined already: the member document exists, and so does the entry
    await denied(joinBatch(db, 'pub', 'cid'));
    await denied(setDoc(doc(db, listingPath('cid', 'pub')), newListing()));
  });

  it("an entry pairs only with its own member document: another person's entry is refused", async () => {
    // the owner adds cid to the private room, but lists it for dan
    const db = as(env, 'ana');
    const batch = writeBatch(db);
    batch.set(doc(db, 'rooms', 'priv', 'members', 'cid'), newMember('cid', 'member'));
    batch.set(doc(db, listingPath('dan', 'priv')), newListing());
    await denied(batch.commit());
    // and an entry under another room's id
    const elsewhere = writeBatch(db);
    elsewhere.set(doc(db, 'rooms', 'priv', 'members', 'cid'), newMember('cid', 'member'));
    elsewhere.set(doc(db, listingPath('cid', 'pub')), newListing());
    await denied(elsewhere.commit());
  });

  it('a banned user cannot rejoin, publicly or with an invite', async () => {
    await denied(joinBatch(as(env, 'bad'), 'pub', 'bad'));
    await denied(joinBatch(as(env, 'bad'), 'priv', 'bad', newMember('bad', 'member'), CODE));
    await denied(joinBatch(as(env, 'ana'), 'priv', 'bad'));
  });

  it('a private room is joined with a valid invite code, presented in joins/{uid}', async () => {
    await allowed(joinBatch(as(env, 'cid'), 'priv', 'cid', newMember('cid', 'member'), CODE));
    await allowed(joinBatch(as(env, 'dan'), 'priv', 'dan', newMember('dan', 'member'), 'later-code-0123456789'));
  });

  it.each<[string, unknown]>([
    ['without a code', undefined],
    ['with an expired code', 'expired-code-0123456789'],
    ['with a revoked code', 'revoked-code-0123456789'],
    ['with a code that does not exist', 'guessed-code-0123456789'],
    ["with another room's code", 'other-room-code-0123456789'],
    ['with a code that is not a string', 12345],
    ['with a code of the wrong shape', 'short'],
  ])('a private room cannot be joined %s', async (_case, code) => {
    await denied(joinBatch(as(env, 'cid'), 'priv', 'cid', newMember('cid', 'member'), code));
  });

  it('a private room cannot be joined with the code on the member document (the old way)', async () => {
    await denied(joinBatch(as(env, 'cid'), 'priv', 'cid', newMember('cid', 'member', { via: CODE })));
    await denied(joinBatch(as(env, 'cid'), 'priv', 'cid', newMember('cid', 'member', { via: CODE }), CODE));
  });

  it('the owner or an admin adds someone to a private room; a member cannot', async () => {
    await allowed(joinBatch(as(env, 'ana'), 'priv', 'cid'));
    // the room is in cid's list, which only cid reads
    await allowed(getDoc(doc(as(env, 'cid'), listingPath('cid', 'priv'))));
    await denied(getDoc(doc(as(env, 'ana'), listingPath('cid', 'priv'))));
    await allowed(joinBatch(as(env, 'adi'), 'priv', 'dan'));
    await denied(joinBatch(as(env, 'ben'), 'priv', 'eve'));
    await denied(joinBatch(as(env, 'ana'), 'priv', 'fay', newMember('fay', 'member'), CODE));
    await denied(joinBatch(as(env, 'ana'), 'priv', 'gus', newMember('gus', 'admin')));
  });

  it("an admin's add writes the person's room-list entry too", async () => {
    const db = as(env, 'ana');
    const batch = writeBatch(db);
    batch.set(doc(db, 'rooms', 'priv', 'members', 'cid'), newMember('cid', 'member'));
    await denied(batch.commit());
    // nor the entry alone, for someone not (yet) in the room
    await denied(setDoc(doc(db, listingPath('cid', 'priv')), newListing()));
  });

  it('nobody adds other people to a public room; they join themselves', async () => {
    await denied(joinBatch(as(env, 'ana'), 'pub', 'cid'));
  });

  it('nobody joins a direct room, nor is added to one', async () => {
    const dm = directRoomId('ana', 'ben');
    await seedRoom(env, dm, 'direct', { ana: 'member', ben: 'member' });
    await denied(joinBatch(as(env, 'cid'), dm, 'cid'));
    await denied(joinBatch(as(env, 'ana'), dm, 'cid'));
  });

  it('signed out, nobody joins', async () => {
    await denied(joinBatch(as(env, null), 'pub', 'cid'));
    await denied(setDoc(doc(as(env, null), 'rooms', 'pub', 'members', 'cid'), newMember('cid', 'member')));
  });

  it('member documents and room-list entries stay in step, even from a state where they are not', async () => {
    // a member document without its entry (ghost), and an entry without its member document (lost)
    await seed(env, {
      'rooms/pub/members/ghost': memberDoc('ghost', 'member', { displayName: 'G', joinedAt: at(-1000) }),
      [listingPath('lost', 'pub')]: listingDoc(),
      'users/lost': profileDoc('lost'),
    });
    // ghost cannot list the room again, alone or with their member document rewritten
    await denied(setDoc(doc(as(env, 'ghost'), listingPath('ghost', 'pub')), newListing()));
    await denied(joinBatch(as(env, 'ghost'), 'pub', 'ghost'));
    // nobody else deletes lost's entry (lost alone may clear it: listings.test.ts)
    await denied(deleteDoc(doc(as(env, 'ana'), listingPath('lost', 'pub'))));
    // a whole join or leave brings each back in step
    await allowed(joinBatch(as(env, 'lost'), 'pub', 'lost'));
    await allowed(leaveBatch(as(env, 'ghost'), 'pub', 'ghost'));
  });
});

describe('rooms/{roomId}/members: leaving and kicking', () => {
  beforeEach(async () => {
    await seedRoom(env, 'r1', 'private', { ana: 'owner', adi: 'admin', ada: 'admin', ben: 'member', bob: 'member' });
  });

  it('a member leaves: their member document and room-list entry go together', async () => {
    await allowed(removeMember(as(env, 'ben'), 'r1', 'ben'));
    await allowed(removeMember(as(env, 'adi'), 'r1', 'adi'));
  });

  it('the owner cannot leave their room', async () => {
    await denied(removeMember(as(env, 'ana'), 'r1', 'ana'));
  });

  it('leaving needs both halves', async () => {
    const db = as(env, 'ben');
    const memberOnly = writeBatch(db);
    memberOnly.delete(doc(db, 'rooms', 'r1', 'members', 'ben'));
    await denied(memberOnly.commit());
    await denied(deleteDoc(doc(db, listingPath('ben', 'r1'))));
  });

  it("a kick that keeps the person's room-list entry is refused; with it, the kick goes through", async () => {
    const db = as(env, 'ana');
    const keeps = writeBatch(db);
    keeps.delete(doc(db, 'rooms', 'r1', 'members', 'ben'));
    keeps.set(doc(db, 'rooms', 'r1', 'sanctions', 'ben'), kickStamp());
    await denied(keeps.commit());
    // nor does anyone take the room out of a member's list and leave them in it
    await denied(deleteDoc(doc(db, listingPath('ben', 'r1'))));
    await denied(deleteDoc(doc(as(env, 'adi'), listingPath('bob', 'r1'))));
    await allowed(removeMember(db, 'r1', 'ben', 'ana'));
  });

  it("an entry goes only with its own member document: another member's, or another room's, is refused", async () => {
    const db = as(env, 'ben');
    const other = writeBatch(db);
    other.delete(doc(db, 'rooms', 'r1', 'members', 'ben'));
    other.delete(doc(db, listingPath('bob', 'r1')));
    await denied(other.commit());
    await seedRoom(env, 'r2', 'public', { ana: 'owner', ben: 'member' });
    const wrongRoom = writeBatch(db);
    wrongRoom.delete(doc(db, 'rooms', 'r1', 'members', 'ben'));
    wrongRoom.delete(doc(db, listingPath('ben', 'r2')));
    await denied(wrongRoom.commit());
  });

  it('the owner kicks admins and members; an admin kicks members', async () => {
    await allowed(removeMember(as(env, 'ana'), 'r1', 'adi', 'ana'));
    await allowed(removeMember(as(env, 'ana'), 'r1', 'ben', 'ana'));
    await allowed(removeMember(as(env, 'ada'), 'r1', 'bob', 'ada'));
  });

  it.each<[string, string, string]>([
    ['an admin kicks the owner', 'adi', 'ana'],
    ['an admin kicks another admin', 'adi', 'ada'],
    ['a member kicks a member', 'ben', 'bob'],
    ['an outsider kicks a member', 'eve', 'ben'],
  ])('refused: %s', async (_case, actor, target) => {
    await denied(removeMember(as(env, actor), 'r1', target, actor));
  });

  it('nobody leaves a direct room', async () => {
    const dm = directRoomId('ana', 'ben');
    await seedRoom(env, dm, 'direct', { ana: 'member', ben: 'member' });
    await denied(removeMember(as(env, 'ana'), dm, 'ana'));
  });
});

describe('rooms/{roomId}/members: roles and mutes', () => {
  beforeEach(async () => {
    await seedRoom(env, 'r1', 'public', { ana: 'owner', adi: 'admin', ada: 'admin', ben: 'member', bob: 'member' });
  });

  it('the owner promotes a member and demotes an admin', async () => {
    await allowed(updateDoc(memberRef('ana', 'r1', 'ben'), { role: 'admin' }));
    await allowed(updateDoc(memberRef('ana', 'r1', 'adi'), { role: 'member' }));
  });

  it.each<[string, string, string, DocumentData]>([
    ['a member raises their own role', 'ben', 'ben', { role: 'admin' }],
    ['an admin makes themselves owner', 'adi', 'adi', { role: 'owner' }],
    ['an admin promotes a member to admin', 'adi', 'ben', { role: 'admin' }],
    ['an admin demotes another admin', 'adi', 'ada', { role: 'member' }],
    ['an admin demotes the owner', 'adi', 'ana', { role: 'member' }],
    ['the owner hands out ownership', 'ana', 'ben', { role: 'owner' }],
    ['the owner renames a member with the role change', 'ana', 'ben', { role: 'admin', displayName: 'Boss' }],
    ["the owner changes a member's uid", 'ana', 'ben', { uid: 'bob' }],
    ['an outsider promotes a member', 'eve', 'ben', { role: 'admin' }],
  ])('refused: %s', async (_case, actor, target, change) => {
    await denied(updateDoc(memberRef(actor, 'r1', target), change));
  });

  it('an admin mutes and unmutes a member, with the sanction on record in the same batch', async () => {
    for (const mutedUntil of [at(600_000), null]) {
      const db = as(env, 'adi');
      const batch = writeBatch(db);
      batch.update(doc(db, 'rooms', 'r1', 'members', 'ben'), { mutedUntil });
      batch.set(doc(db, 'rooms', 'r1', 'sanctions', 'ben'), { mutedUntil, kickedAt: null });
      await allowed(batch.commit());
    }
  });

  it.each<[string, string, string, DocumentData]>([
    ['a member mutes a member', 'ben', 'bob', { mutedUntil: at(600_000) }],
    ['a member unmutes themselves', 'ben', 'ben', { mutedUntil: null }],
    ['an admin mutes the owner', 'adi', 'ana', { mutedUntil: at(600_000) }],
    ['an admin mutes with a date string', 'adi', 'ben', { mutedUntil: 'tomorrow' }],
  ])('refused: %s', async (_case, actor, target, change) => {
    await denied(updateDoc(memberRef(actor, 'r1', target), change));
  });
});
