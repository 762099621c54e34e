import {
  collection,
  deleteDoc,
  doc,
  documentId,
  getDoc,
  getDocs,
  limit,
  query,
  serverTimestamp,
  setDoc,
  updateDoc,
  where,
  writeBatch,
  type DocumentData,
  type Firestore,
} from 'firebase/firestore';
import { directRoomId, MAX_QUERY_LIMIT, MAX_ROOM_NAME, MAX_TOPIC } from '@chat/shared';
import { beforeEach, describe, it } from 'vitest';
import {
  allowed,
  as,
  denied,
  list,
  listingDoc,
  listingPath,
  memberDoc,
  newListing,
  newMember,
  newRequest,
  newRoom,
  profileDoc,
  roomChange,
  roomLedgerEntry,
  roomNameEntry,
  rulesSuite,
  seed,
  seedRoom,
} from './support';

const env = await rulesSuite('rooms');

/**
 * The room, its members (each with their room-list entry, for the uids in `listed`: all of them
 * unless told) and the creator's count in roomLedgers, as the client writes them; a direct room
 * with its message request (pending, from the creator to the other person) unless `withRequest`
 * is false.
 */
function createRoom(
  db: Firestore,
  roomId: string,
  room: DocumentData,
  members: Record<string, DocumentData>,
  creator = String(room.createdBy),
  withRequest = true,
  listed: string[] = Object.keys(members),
) {
  const batch = writeBatch(db);
  batch.set(doc(db, 'rooms', roomId), room);
  for (const [uid, member] of Object.entries(members)) batch.set(doc(db, 'rooms', roomId, 'members', uid), member);
  for (const uid of listed) batch.set(doc(db, listingPath(uid, roomId)), newListing());
  batch.set(doc(db, 'roomLedgers', creator), roomLedgerEntry(0, roomId), { merge: true });
  const other = ((room.memberIds ?? []) as string[]).find((uid) => uid !== creator);
  // only under the pair's own id: a request under another is refused first (the rules evaluate
  // requests/ before rooms/), which would hide what the case tests
  if (room.kind === 'direct' && withRequest && other && roomId === directRoomId(creator, other)) {
    batch.set(doc(db, 'requests', roomId), newRequest(creator, other));
  }
  return batch.commit();
}

describe('rooms/{roomId}: reading', () => {
  beforeEach(async () => {
    await seedRoom(env, 'pub', 'public', { ana: 'owner' });
    await seedRoom(env, 'priv', 'private', { ana: 'owner', ben: 'member' });
  });

  it('a public room is readable by any signed-in user; a private one by its members only', async () => {
    await allowed(getDoc(doc(as(env, 'eve'), 'rooms', 'pub')));
    await allowed(getDoc(doc(as(env, 'ben'), 'rooms', 'priv')));
    await denied(getDoc(doc(as(env, 'eve'), 'rooms', 'priv')));
    await denied(getDoc(doc(as(env, null), 'rooms', 'pub')));
  });

  it('a room that does not exist can be looked up (the client checks before creating #general)', async () => {
    await allowed(getDoc(doc(as(env, 'eve'), 'rooms', 'nothing-here')));
  });

  it('a direct room that does not exist can be looked up only by its pair: nobody learns who talks', async () => {
    await allowed(getDoc(doc(as(env, 'ana'), 'rooms', 'dm_ana_zed')));
    await allowed(getDoc(doc(as(env, 'zed'), 'rooms', 'dm_ana_zed')));
    await denied(getDoc(doc(as(env, 'eve'), 'rooms', 'dm_ana_zed')));
  });

  it('a group room is read by its members through their member document; a former member or a bare list entry reads nothing', async () => {
    await seedRoom(env, 'club', 'private', { ana: 'owner', cid: 'member' });
    await allowed(getDoc(doc(as(env, 'cid'), 'rooms', 'club')));
    // cid left (past the rules): the member document is what counts
    await env.withSecurityRulesDisabled(async (c) => {
      await deleteDoc(doc(c.firestore(), 'rooms/club/members/cid'));
    });
    await denied(getDoc(doc(as(env, 'cid'), 'rooms', 'club')));
    // a room-list entry of their own making, without a member document, opens nothing
    await seed(env, { [listingPath('eve', 'priv')]: listingDoc() });
    await denied(getDoc(doc(as(env, 'eve'), 'rooms', 'priv')));
  });

  it('a direct room is read by its pair only', async () => {
    await seedRoom(env, directRoomId('ana', 'ben'), 'direct', { ana: 'member', ben: 'member' });
    await allowed(getDoc(doc(as(env, 'ana'), 'rooms', directRoomId('ana', 'ben'))));
    await allowed(getDoc(doc(as(env, 'ben'), 'rooms', directRoomId('ana', 'ben'))));
    await denied(getDoc(doc(as(env, 'eve'), 'rooms', directRoomId('ana', 'ben'))));
  });

  it('lists public rooms only, with a limit; my rooms come from users/{uid}/rooms; never everything', async () => {
    const eve = as(env, 'eve');
    await allowed(getDocs(query(collection(eve, 'rooms'), where('kind', '==', 'public'), limit(MAX_QUERY_LIMIT))));
    await allowed(list(collection(as(env, 'ben'), 'users', 'ben', 'rooms'), 20));
    // no query of rooms finds a private room, not even for its members
    await denied(getDocs(query(collection(as(env, 'ben'), 'rooms'), where('kind', '==', 'private'), limit(10))));
    await denied(
      getDocs(query(collection(as(env, 'ben'), 'rooms'), where('memberIds', 'array-contains', 'ben'), limit(20))),
    );
    await denied(getDocs(query(collection(eve, 'rooms'), where('memberIds', 'array-contains', 'ben'), limit(20))));
    await denied(getDocs(query(collection(eve, 'rooms'), where('kind', '==', 'public'), limit(MAX_QUERY_LIMIT + 1))));
    await denied(getDocs(query(collection(eve, 'rooms'), where('kind', '==', 'public'))));
    await denied(list(collection(eve, 'rooms'), 10));
    await denied(getDocs(query(collection(eve, 'rooms'), where('kind', '==', 'private'), limit(10))));
    await denied(
      getDocs(
        query(
          collection(eve, 'rooms'),
          where('kind', '==', 'private'),
          where('memberIds', '==', ['ana', 'ben']),
          limit(10),
        ),
      ),
    );
    await denied(getDocs(query(collection(as(env, null), 'rooms'), where('kind', '==', 'public'), limit(10))));
  });

  it('a member queries their own rooms by id, each judged as a get; a room they do not read refuses the query', async () => {
    await seedRoom(env, 'club', 'private', { ana: 'owner', cid: 'member' });
    await seedRoom(env, 'town', 'public', { ana: 'owner' });
    await seedRoom(env, directRoomId('ana', 'cid'), 'direct', { ana: 'member', cid: 'member' });
    await seedRoom(env, 'vault', 'private', { ben: 'owner' });
    const byId = (db: Firestore, ids: string[], max = 10) =>
      getDocs(query(collection(db, 'rooms'), where(documentId(), 'in', ids), limit(max)));
    const mine = ['club', 'town', directRoomId('ana', 'cid')];
    await allowed(byId(as(env, 'cid'), mine));
    // naming a room that does not exist refuses the query (rooms are never deleted): whether a
    // pair's direct room exists stays theirs to know
    await denied(byId(as(env, 'cid'), ['club', 'gone']));
    await denied(byId(as(env, 'eve'), [directRoomId('ana', 'zed')]));
    // one room that is not theirs refuses the whole query: private, or another pair's direct room
    await denied(byId(as(env, 'cid'), [...mine, 'vault']));
    await denied(byId(as(env, 'ben'), ['vault', directRoomId('ana', 'cid')]));
    await denied(byId(as(env, 'eve'), ['club']));
    // a member who left reads it no more
    await env.withSecurityRulesDisabled(async (c) => {
      await deleteDoc(doc(c.firestore(), 'rooms/club/members/cid'));
    });
    await denied(byId(as(env, 'cid'), mine));
    // the list cap holds, and signing in
    await denied(byId(as(env, 'ana'), ['town'], MAX_QUERY_LIMIT + 1));
    await denied(byId(as(env, null), ['town']));
  });
});

describe('rooms/{roomId}: creating a public or private room', () => {
  // a member document carries its person's profile name
  beforeEach(() => seed(env, { 'users/ana': profileDoc('ana'), 'users/ben': profileDoc('ben') }));

  it.each(['public', 'private'] as const)(
    'a %s room is created with its creator as owner in one batch',
    async (kind) => {
      await allowed(
        createRoom(as(env, 'ana'), 'r1', newRoom(kind, 'ana', ['ana']), { ana: newMember('ana', 'owner') }),
      );
    },
  );

  it.each<[string, DocumentData, Record<string, DocumentData>]>([
    ['for someone else', newRoom('public', 'ben', ['ana']), { ana: newMember('ana', 'owner') }],
    [
      'with a forged createdAt',
      newRoom('public', 'ana', ['ana'], { createdAt: memberDoc('x', 'member').joinedAt }),
      { ana: newMember('ana', 'owner') },
    ],
    [
      'with a lastMessage',
      newRoom('public', 'ana', ['ana'], {
        lastMessage: { id: 'm', authorId: 'ana', authorName: 'A', excerpt: '', at: null },
      }),
      { ana: newMember('ana', 'owner') },
    ],
    [
      'with a lastMessageAt',
      newRoom('public', 'ana', ['ana'], { lastMessageAt: memberDoc('x', 'member').joinedAt }),
      { ana: newMember('ana', 'owner') },
    ],
    [
      'with an activeHour (Browse would list it among the active)',
      newRoom('public', 'ana', ['ana'], { activeHour: memberDoc('x', 'member').joinedAt }),
      { ana: newMember('ana', 'owner') },
    ],
    ['with a messageCount', newRoom('public', 'ana', ['ana'], { messageCount: 5 }), { ana: newMember('ana', 'owner') }],
    [
      'with a message tally',
      newRoom('public', 'ana', ['ana'], { messageTally: { upTo: new Date(0), count: 0, redacted: 0 } }),
      { ana: newMember('ana', 'owner') },
    ],
    [
      'with an oversize topic',
      newRoom('public', 'ana', ['ana'], { topic: 't'.repeat(MAX_TOPIC + 1) }),
      { ana: newMember('ana', 'owner') },
    ],
    [
      'with slow mode over an hour',
      newRoom('public', 'ana', ['ana'], { slowModeSec: 3601 }),
      { ana: newMember('ana', 'owner') },
    ],
    ['with an empty name', newRoom('public', 'ana', ['ana'], { name: '' }), { ana: newMember('ana', 'owner') }],
    [
      `with a ${MAX_ROOM_NAME + 1}-character name`,
      newRoom('public', 'ana', ['ana'], { name: 'n'.repeat(MAX_ROOM_NAME + 1) }),
      { ana: newMember('ana', 'owner') },
    ],
    ['counting other members', newRoom('public', 'ana', ['ana', 'ben'], {}), { ana: newMember('ana', 'owner') }],
    [
      'with a memberCount of 5',
      newRoom('public', 'ana', ['ana'], { memberCount: 5 }),
      { ana: newMember('ana', 'owner') },
    ],
    [
      'with a memberCount of 0',
      newRoom('public', 'ana', ['ana'], { memberCount: 0 }),
      { ana: newMember('ana', 'owner') },
    ],
    [
      "with a memberCount of '1'",
      newRoom('public', 'ana', ['ana'], { memberCount: '1' }),
      { ana: newMember('ana', 'owner') },
    ],
    [
      'without a memberCount',
      (({ memberCount: _c, ...rest }) => rest)(newRoom('public', 'ana', ['ana'])),
      { ana: newMember('ana', 'owner') },
    ],
    [
      'with memberIds (only a direct room holds them)',
      newRoom('public', 'ana', ['ana'], { memberIds: ['ana'] }),
      { ana: newMember('ana', 'owner') },
    ],
    [
      'with an empty memberIds',
      newRoom('private', 'ana', ['ana'], { memberIds: [] }),
      { ana: newMember('ana', 'owner') },
    ],
    [
      'with another member document',
      newRoom('public', 'ana', ['ana']),
      { ana: newMember('ana', 'owner'), ben: newMember('ben', 'member') },
    ],
    ['with an unknown kind', newRoom('public', 'ana', ['ana'], { kind: 'secret' }), { ana: newMember('ana', 'owner') }],
    ['with an extra field', newRoom('public', 'ana', ['ana'], { pinned: true }), { ana: newMember('ana', 'owner') }],
    ['without its owner member document', newRoom('public', 'ana', ['ana']), {}],
    ['with the creator as a plain member', newRoom('public', 'ana', ['ana']), { ana: newMember('ana', 'member') }],
    [
      'with an invite code (the old via field) on the owner',
      newRoom('private', 'ana', ['ana']),
      { ana: newMember('ana', 'owner', { via: 'x'.repeat(20) }) },
    ],
  ])('a room cannot be created %s', async (_case, room, members) => {
    await denied(createRoom(as(env, 'ana'), 'r1', room, members, 'ana'));
  });

  it.each(['public', 'private'] as const)(
    "a %s room cannot be created without its owner's room-list entry",
    async (kind) => {
      const owner = { ana: newMember('ana', 'owner') };
      await denied(createRoom(as(env, 'ana'), 'r1', newRoom(kind, 'ana', ['ana']), owner, 'ana', true, []));
      await allowed(createRoom(as(env, 'ana'), 'r1', newRoom(kind, 'ana', ['ana']), owner, 'ana', true, ['ana']));
    },
  );

  it('the creation writes no room-list entry for anyone else', async () => {
    await denied(
      createRoom(
        as(env, 'ana'),
        'r1',
        newRoom('private', 'ana', ['ana']),
        { ana: newMember('ana', 'owner') },
        'ana',
        true,
        ['ana', 'ben'],
      ),
    );
  });

  it("a public room cannot take a direct room's id", async () => {
    await denied(
      createRoom(as(env, 'ana'), 'dm_ben_cid', newRoom('public', 'ana', ['ana']), { ana: newMember('ana', 'owner') }),
    );
  });

  it('cannot be created signed out, or over an existing room', async () => {
    await denied(createRoom(as(env, null), 'r1', newRoom('public', 'ana', ['ana']), {}));
    await seedRoom(env, 'r1', 'public', { ben: 'owner' });
    await denied(
      createRoom(as(env, 'ana'), 'r1', newRoom('public', 'ana', ['ana']), { ana: newMember('ana', 'owner') }),
    );
  });
});

describe('rooms/{roomId}: direct rooms', () => {
  beforeEach(() =>
    seed(env, { 'users/ana': profileDoc('ana'), 'users/ben': profileDoc('ben'), 'users/cid': profileDoc('cid') }),
  );
  const dm = directRoomId('ana', 'ben');
  const both = () => ({ ana: newMember('ana', 'member'), ben: newMember('ben', 'member') });

  it('either person creates the one room of the pair, with both member documents', async () => {
    await allowed(createRoom(as(env, 'ben'), dm, newRoom('direct', 'ben', ['ana', 'ben']), both()));
    await denied(createRoom(as(env, 'ana'), dm, newRoom('direct', 'ana', ['ana', 'ben']), both()));
  });

  it.each<[string, string, DocumentData, Record<string, DocumentData>]>([
    ['under an id in the wrong order', 'dm_ben_ana', newRoom('direct', 'ana', ['ben', 'ana']), both()],
    ['under a made-up id', 'dm_x', newRoom('direct', 'ana', ['ana', 'ben']), both()],
    [
      'with three people',
      dm,
      newRoom('direct', 'ana', ['ana', 'ben', 'cid']),
      { ...both(), cid: newMember('cid', 'member') },
    ],
    ['with oneself twice', 'dm_ana_ana', newRoom('direct', 'ana', ['ana', 'ana']), { ana: newMember('ana', 'member') }],
    ['with a name', dm, newRoom('direct', 'ana', ['ana', 'ben'], { name: 'us' }), both()],
    [
      'naming the other person otherwise than their profile does',
      dm,
      newRoom('direct', 'ana', ['ana', 'ben']),
      { ...both(), ben: newMember('ben', 'member', { displayName: 'Support team' }) },
    ],
    ['with a topic', dm, newRoom('direct', 'ana', ['ana', 'ben'], { topic: 'us' }), both()],
    ['with slow mode', dm, newRoom('direct', 'ana', ['ana', 'ben'], { slowModeSec: 5 }), both()],
    [
      'without the other member document',
      dm,
      newRoom('direct', 'ana', ['ana', 'ben']),
      { ana: newMember('ana', 'member') },
    ],
    [
      'without the first member document',
      dm,
      newRoom('direct', 'ana', ['ana', 'ben']),
      { ben: newMember('ben', 'member') },
    ],
    [
      'with an invite code (the old via field) on a member',
      dm,
      newRoom('direct', 'ana', ['ana', 'ben']),
      { ana: newMember('ana', 'member'), ben: newMember('ben', 'member', { via: 'x'.repeat(20) }) },
    ],
    [
      'with a third member document',
      dm,
      newRoom('direct', 'ana', ['ana', 'ben']),
      { ...both(), cid: newMember('cid', 'member') },
    ],
    [
      'with an owner',
      dm,
      newRoom('direct', 'ana', ['ana', 'ben']),
      { ana: newMember('ana', 'owner'), ben: newMember('ben', 'member') },
    ],
  ])('a direct room cannot be created %s', async (_case, roomId, room, members) => {
    await denied(createRoom(as(env, 'ana'), roomId, room, members));
  });

  it("a direct room's creation writes both room-list entries", async () => {
    const room = () => newRoom('direct', 'ana', ['ana', 'ben']);
    await denied(createRoom(as(env, 'ana'), dm, room(), both(), 'ana', true, ['ana']));
    await denied(createRoom(as(env, 'ana'), dm, room(), both(), 'ana', true, ['ben']));
    await denied(createRoom(as(env, 'ana'), dm, room(), both(), 'ana', true, []));
    await allowed(createRoom(as(env, 'ana'), dm, room(), both(), 'ana', true, ['ana', 'ben']));
    // each of the pair finds it in their own list
    await allowed(getDoc(doc(as(env, 'ben'), listingPath('ben', dm))));
    await allowed(getDoc(doc(as(env, 'ana'), listingPath('ana', dm))));
  });

  it.each<[string, DocumentData]>([
    ['with a memberCount of 1', { memberCount: 1 }],
    ['with a memberCount of 3', { memberCount: 3 }],
    ["with a memberCount of '2'", { memberCount: '2' }],
  ])('a direct room cannot be created %s', async (_case, extra) => {
    await denied(createRoom(as(env, 'ana'), dm, newRoom('direct', 'ana', ['ana', 'ben'], extra), both()));
  });

  it('a direct room cannot be created without a memberCount', async () => {
    const room = (({ memberCount: _c, ...rest }) => rest)(newRoom('direct', 'ana', ['ana', 'ben']));
    await denied(createRoom(as(env, 'ana'), dm, room, both()));
  });

  it('a direct room cannot be created without its message request', async () => {
    await denied(createRoom(as(env, 'ana'), dm, newRoom('direct', 'ana', ['ana', 'ben']), both(), 'ana', false));
    await allowed(createRoom(as(env, 'ana'), dm, newRoom('direct', 'ana', ['ana', 'ben']), both(), 'ana', true));
  });

  it('a direct room cannot be created on a request that exists already (its own must be made with it)', async () => {
    await seed(env, {
      [`requests/${dm}`]: { from: 'ben', to: 'ana', via: null, createdAt: new Date(0), acceptedAt: new Date(0) },
    });
    await denied(createRoom(as(env, 'ana'), dm, newRoom('direct', 'ana', ['ana', 'ben']), both(), 'ana', false));
  });

  it('two other people cannot be put in a direct room by a third', async () => {
    await denied(createRoom(as(env, 'cid'), dm, newRoom('direct', 'cid', ['ana', 'ben']), both()));
  });
});

/**
 * A settings change as the client sends it: the room's update, with the caller's record of a new
 * name or topic (rooms/{roomId}/renames/{uid}) beside it when `record` is given, counted in their
 * room name ledger (support.ts roomChange), so only the condition a test names is refused.
 */
function saveSettings(uid: string, change: DocumentData, record?: DocumentData): Promise<void> {
  return roomChange(as(env, uid), 'r1', uid, change, record);
}

describe('rooms/{roomId}: settings', () => {
  beforeEach(async () => {
    await seedRoom(env, 'r1', 'public', { ana: 'owner', adi: 'admin', ben: 'member' });
  });

  it('the owner and admins change name, topic and slow mode, recording a new name or topic', async () => {
    const change = { name: 'renamed', topic: 'new topic' };
    await allowed(saveSettings('ana', change, { ...change, at: serverTimestamp() }));
    await allowed(saveSettings('adi', { topic: 'another' }, { topic: 'another', at: serverTimestamp() }));
    await allowed(saveSettings('adi', { name: 'again' }, { name: 'again', at: serverTimestamp() }));
    // slow mode alone is no rename: nothing to record
    await allowed(updateDoc(doc(as(env, 'adi'), 'rooms', 'r1'), { slowModeSec: 30 }));
  });

  it('a new name or topic without its record, or with an old one, is refused', async () => {
    await denied(updateDoc(doc(as(env, 'ana'), 'rooms', 'r1'), { name: 'renamed' }));
    await denied(updateDoc(doc(as(env, 'ana'), 'rooms', 'r1'), { topic: 'new topic' }));
    // a record from an earlier change does not cover this one
    await seed(env, { 'rooms/r1/renames/ana': { name: 'renamed', at: new Date(0) } });
    await denied(updateDoc(doc(as(env, 'ana'), 'rooms', 'r1'), { name: 'renamed' }));
  });

  it.each<[string, DocumentData, DocumentData]>([
    ['another name than the one set', { name: 'renamed' }, { name: 'other' }],
    ['a name not changed', { topic: 'new topic' }, { name: 'room', topic: 'new topic' }],
    ['a topic left out', { name: 'renamed', topic: 'new topic' }, { name: 'renamed' }],
    ['a name left out', { name: 'renamed', topic: 'new topic' }, { topic: 'new topic' }],
    ['another topic than the one set', { topic: 'new topic' }, { topic: 'other' }],
    ['a topic not changed', { name: 'renamed' }, { name: 'renamed', topic: '' }],
    ['neither field', { slowModeSec: 30 }, {}],
    ['a field of its own', { name: 'renamed' }, { name: 'renamed', by: 'ana' }],
  ])('a record with %s is refused', async (_case, change, record) => {
    await denied(saveSettings('ana', change, { ...record, at: serverTimestamp() }));
  });

  it('a record is made with its change, by the one who made it, and at its time', async () => {
    // alone: nothing changed
    await denied(setDoc(doc(as(env, 'ana'), 'rooms', 'r1', 'renames', 'ana'), { name: 'room', at: serverTimestamp() }));
    // in someone else's name
    const db = as(env, 'ana');
    const batch = writeBatch(db);
    batch.update(doc(db, 'rooms', 'r1'), { name: 'renamed' });
    batch.set(doc(db, 'rooms', 'r1', 'renames', 'adi'), { name: 'renamed', at: serverTimestamp() });
    batch.set(doc(db, 'roomNameLedgers', 'ana'), await roomNameEntry(db, 'ana', 'r1'), { merge: true });
    await denied(batch.commit());
    // dated otherwise
    await denied(saveSettings('ana', { name: 'renamed' }, { name: 'renamed', at: new Date() }));
    // a member's change stays refused with its record
    await denied(saveSettings('ben', { name: 'mine' }, { name: 'mine', at: serverTimestamp() }));
    // nobody reads it but the server
    await seed(env, { 'rooms/r1/renames/ana': { name: 'renamed', at: new Date(0) } });
    await denied(getDoc(doc(as(env, 'ana'), 'rooms', 'r1', 'renames', 'ana')));
  });

  it.each<[string, DocumentData]>([
    ['the creator', { createdBy: 'ben' }],
    ['the summary', { messageCount: 99 }],
    ['the message tally', { messageTally: { upTo: new Date(0), count: 0, redacted: 0 } }],
    ['the kind', { kind: 'private' }],
    ['an empty name', { name: '' }],
    ['an oversize topic', { topic: 't'.repeat(MAX_TOPIC + 1) }],
    ['a negative slow mode', { slowModeSec: -1 }],
    ['members and name together', { name: 'x', memberIds: ['ana'] }],
    ['memberIds on a group room', { memberIds: ['ana', 'adi', 'ben'] }],
    ['the member count', { memberCount: 5 }],
    ['the member count with the name', { name: 'x', memberCount: 99 }],
  ])('even the owner cannot set %s', async (_case, change) => {
    await denied(updateDoc(doc(as(env, 'ana'), 'rooms', 'r1'), change));
  });

  it('members and outsiders cannot change settings; nobody deletes a room', async () => {
    await denied(updateDoc(doc(as(env, 'ben'), 'rooms', 'r1'), { topic: 'mine now' }));
    await denied(updateDoc(doc(as(env, 'eve'), 'rooms', 'r1'), { topic: 'mine now' }));
    await denied(updateDoc(doc(as(env, null), 'rooms', 'r1'), { topic: 'mine now' }));
    await denied(deleteDoc(doc(as(env, 'ana'), 'rooms', 'r1')));
  });

  it('a direct room has no settings to change', async () => {
    await seedRoom(env, directRoomId('ana', 'ben'), 'direct', { ana: 'admin', ben: 'member' });
    await seed(env, { [`rooms/${directRoomId('ana', 'ben')}/members/ana`]: memberDoc('ana', 'admin') });
    await denied(updateDoc(doc(as(env, 'ana'), 'rooms', directRoomId('ana', 'ben')), { topic: 'us' }));
  });
});
