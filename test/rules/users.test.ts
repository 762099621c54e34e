import {
  arrayRemove,
  arrayUnion,
  collection,
  collectionGroup,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  serverTimestamp,
  setDoc,
  updateDoc,
  writeBatch,
  type DocumentData,
} from 'firebase/firestore';
import { directRoomId, MAX_STARRED_ROOMS } from '@chat/shared';
import { describe, it } from 'vitest';
import { allowed, as, at, denied, list, renameBatch, rulesSuite, seed, seedRoom } from './support';

const env = await rulesSuite('users');

const profile = (extra: DocumentData = {}) => ({
  displayName: 'Ana Lima',
  nameLower: 'ana lima',
  photoURL: null,
  createdAt: serverTimestamp(),
  ...extra,
});
const storedProfile = () => ({ ...profile(), createdAt: at(-60_000) });
const createProfile = (uid: string | null, owner: string, data: DocumentData) =>
  setDoc(doc(as(env, uid), 'users', owner), data);

describe('users/{uid}', () => {
  it('any signed-in user gets a profile and lists with a limit; not signed out, not without a limit', async () => {
    await seed(env, { 'users/ana': storedProfile() });
    await allowed(getDoc(doc(as(env, 'ben'), 'users', 'ana')));
    await allowed(list(collection(as(env, 'ben'), 'users'), 100));
    await denied(list(collection(as(env, 'ben'), 'users'), 101));
    await denied(getDocs(collection(as(env, 'ben'), 'users')));
    await denied(getDoc(doc(as(env, null), 'users', 'ana')));
    await denied(list(collection(as(env, null), 'users'), 10));
  });

  it('the user creates their own profile with the server time', async () => {
    await allowed(createProfile('ana', 'ana', profile()));
    // names in any script, with emoji (a family emoji holds zero-width joiners)
    await allowed(createProfile('cy', 'cy', profile({ displayName: 'Zoë 李 👨‍👩‍👧', nameLower: 'zoë 李 👨‍👩‍👧' })));
    await allowed(createProfile('ben', 'ben', profile({ photoURL: 'https://example.com/b.png' })));
  });

  it.each<[string, string | null, DocumentData]>([
    ['for someone else', 'ben', profile()],
    ['signed out', null, profile()],
    ['with a forged time', 'ana', profile({ createdAt: at(-1000) })],
    ['with an extra field', 'ana', profile({ role: 'admin' })],
    ['without photoURL', 'ana', { displayName: 'Ana', nameLower: 'ana', createdAt: serverTimestamp() }],
    ['with an empty name', 'ana', profile({ displayName: '', nameLower: '' })],
    ['with a 41-character name', 'ana', profile({ displayName: 'a'.repeat(41), nameLower: 'a'.repeat(41) })],
    ['with a name that is not a string', 'ana', profile({ displayName: 42 })],
    ['with nameLower not the lowercase name', 'ana', profile({ nameLower: 'someone else' })],
    ['with a photoURL that is not a string', 'ana', profile({ photoURL: 7 })],
    ['with an empty photoURL', 'ana', profile({ photoURL: '' })],
    ['with an oversize photoURL', 'ana', profile({ photoURL: 'https://' + 'h'.repeat(2041) })],
    ['with a photoURL that is not https', 'ana', profile({ photoURL: 'javascript:alert(1)' })],
    ['with a name of only spaces', 'ana', profile({ displayName: '   ', nameLower: '   ' })],
    [
      'with a name of only non-ASCII spaces',
      'ana',
      profile({ displayName: '\u00A0\u3000', nameLower: '\u00A0\u3000' }),
    ],
    [
      'with a right-to-left override in the name',
      'ana',
      profile({ displayName: 'Ana\u202Egnp', nameLower: 'ana\u202Egnp' }),
    ],
    ['with a zero-width space in the name', 'ana', profile({ displayName: 'A\u200Bna', nameLower: 'a\u200Bna' })],
    ['with a line break in the name', 'ana', profile({ displayName: 'Ana\nAdmin', nameLower: 'ana\nadmin' })],
  ])('a profile cannot be created %s', async (_case, uid, data) => {
    await denied(createProfile(uid, 'ana', data));
  });

  it('a deleted account makes no new profile with a token still valid', async () => {
    await seed(env, { 'deletedAccounts/ana': { at: at(-1000) } });
    await denied(createProfile('ana', 'ana', profile()));
  });

  it('the user updates name (counted: limits.test.ts) and photo, nothing else', async () => {
    await seed(env, { 'users/ana': storedProfile() });
    const db = as(env, 'ana');
    await allowed(renameBatch(db, 'ana', { displayName: 'Ana L', nameLower: 'ana l' }));
    await allowed(updateDoc(doc(db, 'users', 'ana'), { photoURL: 'https://example.com/ana.png' }));
    await denied(updateDoc(doc(db, 'users', 'ana'), { createdAt: serverTimestamp() }));
    await denied(renameBatch(db, 'ana', { displayName: 'ANA', nameLower: 'ANA' }, 1));
    await denied(renameBatch(as(env, 'ben'), 'ana', { displayName: 'Ben', nameLower: 'ben' }, 0, null));
    await denied(deleteDoc(doc(db, 'users', 'ana')));
  });
});

describe('users/{uid}/reads/{roomId}', () => {
  const cursor = (extra: DocumentData = {}) => ({
    lastReadAt: at(-1000),
    lastReadId: 'm1',
    updatedAt: serverTimestamp(),
    ...extra,
  });
  const readRef = (uid: string | null, owner: string, roomId = 'r1') =>
    doc(as(env, uid), 'users', owner, 'reads', roomId);

  it('a member keeps their own cursor; it only moves forward, at most once a second', async () => {
    await seedRoom(env, 'r1', 'public', { ana: 'owner' });
    await allowed(setDoc(readRef('ana', 'ana'), cursor({ lastReadAt: at(-60_000) })));
    await denied(setDoc(readRef('ana', 'ana'), cursor({ lastReadAt: at(-30_000) })));
    await seed(env, { 'users/ana/reads/r1': { lastReadAt: at(-60_000), lastReadId: 'm1', updatedAt: at(-1500) } });
    await allowed(setDoc(readRef('ana', 'ana'), cursor({ lastReadAt: at(-30_000) })));
    await seed(env, { 'users/ana/reads/r1': { lastReadAt: at(-30_000), lastReadId: 'm1', updatedAt: at(-1500) } });
    await denied(setDoc(readRef('ana', 'ana'), cursor({ lastReadAt: at(-90_000) })));
    await allowed(getDoc(readRef('ana', 'ana')));
    await allowed(list(collection(as(env, 'ana'), 'users', 'ana', 'reads'), 100));
    // only the server deletes a cursor: a delete and a create would slip past the throttle
    await denied(deleteDoc(readRef('ana', 'ana')));
  });

  it.each<[string, string | null, string, DocumentData]>([
    ['for someone else', 'ben', 'r1', cursor()],
    ['signed out', null, 'r1', cursor()],
    ['for a room the user is not in', 'ana', 'r2', cursor()],
    ['with a future lastReadAt', 'ana', 'r1', cursor({ lastReadAt: at(3_600_000) })],
    ['with lastReadAt not a time', 'ana', 'r1', cursor({ lastReadAt: 'yesterday' })],
    ['with an empty lastReadId', 'ana', 'r1', cursor({ lastReadId: '' })],
    ['with a forged updatedAt', 'ana', 'r1', cursor({ updatedAt: at(-1) })],
    ['with an extra field', 'ana', 'r1', cursor({ unread: 0 })],
  ])('a cursor cannot be written %s', async (_case, uid, roomId, data) => {
    await seedRoom(env, 'r1', 'public', { ana: 'owner' });
    await seedRoom(env, 'r2', 'public', { ben: 'owner' });
    await denied(setDoc(readRef(uid, 'ana', roomId), data));
  });

  it('an update must stay valid and come from the member', async () => {
    await seedRoom(env, 'r1', 'public', { ana: 'owner', ben: 'member' });
    await seed(env, { 'users/ana/reads/r1': { lastReadAt: at(-60_000), lastReadId: 'm1', updatedAt: at(-60_000) } });
    await denied(setDoc(readRef('ana', 'ana'), cursor({ lastReadId: '' })));
    await denied(setDoc(readRef('ben', 'ana'), cursor()));
    await env.withSecurityRulesDisabled((c) => deleteDoc(doc(c.firestore(), 'rooms/r1/members/ana')));
    await denied(setDoc(readRef('ana', 'ana'), cursor()));
  });

  it("the other of a direct room's pair reads that room's cursor (its receipts), unless blocked by its owner", async () => {
    const dm = directRoomId('ana', 'ben');
    const kept = { lastReadAt: at(-60_000), lastReadId: 'm1', updatedAt: at(-60_000) };
    await seed(env, { [`users/ana/reads/${dm}`]: kept, [`users/ben/reads/${dm}`]: kept, 'users/ana/reads/r1': kept });
    // either of the pair, whichever way the id names them
    await allowed(getDoc(readRef('ben', 'ana', dm)));
    await allowed(getDoc(readRef('ana', 'ben', dm)));
    // not a third person, nor signed out, nor another room of the owner's, nor an id that only starts as theirs
    await denied(getDoc(readRef('cy', 'ana', dm)));
    await denied(getDoc(readRef(null, 'ana', dm)));
    await denied(getDoc(readRef('ben', 'ana', 'r1')));
    await denied(getDoc(readRef('ben', 'ana', `${dm}_cy`)));
    await denied(list(collection(as(env, 'ben'), 'users', 'ana', 'reads'), 10));
    // Ana blocks Ben: he no longer sees when she reads
    await seed(env, { 'users/ana/blocks/ben': { createdAt: at(-1000) }, 'blockedBy/ben': { uids: ['ana'] } });
    await denied(getDoc(readRef('ben', 'ana', dm)));
    await allowed(getDoc(readRef('ana', 'ben', dm)));
  });

  it("nobody reads, lists or deletes another person's cursors, directly or by collection group", async () => {
    await seed(env, { 'users/ana/reads/r1': { lastReadAt: at(-60_000), lastReadId: 'm1', updatedAt: at(-60_000) } });
    await denied(getDoc(readRef('ben', 'ana')));
    await denied(list(collection(as(env, 'ben'), 'users', 'ana', 'reads'), 10));
    await denied(list(collection(as(env, 'ana'), 'users', 'ana', 'reads'), 101));
    await denied(list(collectionGroup(as(env, 'ben'), 'reads'), 10));
    await denied(deleteDoc(readRef('ben', 'ana')));
  });
});

describe('users/{uid}/settings/notifications', () => {
  const ref = (uid: string | null, owner = 'ana') => doc(as(env, uid), 'users', owner, 'settings', 'notifications');

  it('only the user reads and writes their notification levels', async () => {
    await allowed(setDoc(ref('ana'), { rooms: { r1: 'all', r2: 'mentions', r3: 'none' } }));
    await allowed(setDoc(ref('ana'), { rooms: {} }));
    await allowed(getDoc(ref('ana')));
    await denied(getDoc(ref('ben')));
    await denied(setDoc(ref('ben'), { rooms: {} }));
    await denied(setDoc(ref(null), { rooms: {} }));
  });

  it.each<[string, DocumentData]>([
    ['an unknown level', { rooms: { r1: 'loud' } }],
    ['rooms not a map', { rooms: ['r1'] }],
    ['an extra field', { rooms: {}, email: true }],
    ['no rooms', {}],
    ['more than 500 rooms', { rooms: Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`r${i}`, 'all'])) }],
    ['a room id of 1,000 characters', { rooms: { ['r'.repeat(1000)]: 'all' } }],
    ['a room id with a space', { rooms: { 'r1 r2': 'all' } }],
  ])('settings are refused with %s', async (_case, data) => {
    await denied(setDoc(ref('ana'), data));
  });

  it('another settings document is not a thing', async () => {
    await denied(setDoc(doc(as(env, 'ana'), 'users', 'ana', 'settings', 'starred'), { starred: [] }));
    await denied(setDoc(doc(as(env, 'ana'), 'users', 'ana', 'settings', 'other'), { rooms: {} }));
  });
});

describe('users/{uid}/settings/sidebar', () => {
  const ref = (uid: string | null, owner = 'ana') => doc(as(env, uid), 'users', owner, 'settings', 'sidebar');

  it('only the user reads and writes their starred rooms', async () => {
    await allowed(setDoc(ref('ana'), { starred: ['r1', 'r2'] }));
    await allowed(updateDoc(ref('ana'), { starred: arrayUnion('r3') }));
    await allowed(updateDoc(ref('ana'), { starred: arrayRemove('r1') }));
    await allowed(setDoc(ref('ana'), { starred: Array.from({ length: MAX_STARRED_ROOMS }, (_, i) => `r${i}`) }));
    await allowed(getDoc(ref('ana')));
    await denied(getDoc(ref('ben')));
    await denied(getDoc(ref(null)));
    await denied(setDoc(ref('ben'), { starred: [] }));
    await denied(setDoc(ref(null), { starred: [] }));
    await denied(deleteDoc(ref('ana')));
  });

  it.each<[string, DocumentData]>([
    ['starred not a list', { starred: { r1: true } }],
    ['an extra field', { starred: [], collapsed: [] }],
    ['no starred', {}],
    ['an item that is not a room id', { starred: ['r1', 'r 2'] }],
    ['an item that is not a string', { starred: ['r1', 7] }],
    [
      `more than ${MAX_STARRED_ROOMS} rooms`,
      { starred: Array.from({ length: MAX_STARRED_ROOMS + 1 }, (_, i) => `r${i}`) },
    ],
  ])('starred rooms are refused with %s', async (_case, data) => {
    await denied(setDoc(ref('ana'), data));
  });
});

describe('users/{uid}/blocks/{other} and blockedBy/{other}', () => {
  const block = (uid: string, other: string) => {
    const db = as(env, uid);
    const batch = writeBatch(db);
    batch.set(doc(db, 'users', uid, 'blocks', other), { createdAt: serverTimestamp() });
    batch.set(doc(db, 'blockedBy', other), { uids: arrayUnion(uid) }, { merge: true });
    return batch.commit();
  };
  const unblock = (uid: string, other: string) => {
    const db = as(env, uid);
    const batch = writeBatch(db);
    batch.delete(doc(db, 'users', uid, 'blocks', other));
    batch.set(doc(db, 'blockedBy', other), { uids: arrayRemove(uid) }, { merge: true });
    return batch.commit();
  };

  it('a user blocks and unblocks someone, the block and its mirror together', async () => {
    await allowed(block('ana', 'eve'));
    await allowed(block('ben', 'eve'));
    await allowed(getDoc(doc(as(env, 'ana'), 'users', 'ana', 'blocks', 'eve')));
    await allowed(list(collection(as(env, 'ana'), 'users', 'ana', 'blocks'), 100));
    await allowed(unblock('ana', 'eve'));
  });

  it('whom someone blocks, and who blocks someone, stays private', async () => {
    await seed(env, { 'users/ana/blocks/eve': { createdAt: at(-1000) }, 'blockedBy/eve': { uids: ['ana'] } });
    await denied(getDoc(doc(as(env, 'eve'), 'users', 'ana', 'blocks', 'eve')));
    await denied(list(collection(as(env, 'eve'), 'users', 'ana', 'blocks'), 10));
    await denied(getDoc(doc(as(env, 'eve'), 'blockedBy', 'eve')));
    await denied(getDoc(doc(as(env, 'ana'), 'blockedBy', 'eve')));
  });

  it.each<[string, () => Promise<void>]>([
    [
      'a block without its mirror',
      () => setDoc(doc(as(env, 'ana'), 'users', 'ana', 'blocks', 'eve'), { createdAt: serverTimestamp() }),
    ],
    ['a mirror without the block', () => setDoc(doc(as(env, 'ana'), 'blockedBy', 'eve'), { uids: ['ana'] })],
    ['blocking oneself', () => block('ana', 'ana')],
    [
      'a block for someone else',
      async () => {
        const db = as(env, 'ana');
        const batch = writeBatch(db);
        batch.set(doc(db, 'users', 'ben', 'blocks', 'eve'), { createdAt: serverTimestamp() });
        batch.set(doc(db, 'blockedBy', 'eve'), { uids: arrayUnion('ben') }, { merge: true });
        await batch.commit();
      },
    ],
    [
      'a block with a forged time',
      async () => {
        const db = as(env, 'ana');
        const batch = writeBatch(db);
        batch.set(doc(db, 'users', 'ana', 'blocks', 'eve'), { createdAt: at(-1000) });
        batch.set(doc(db, 'blockedBy', 'eve'), { uids: arrayUnion('ana') }, { merge: true });
        await batch.commit();
      },
    ],
  ])('refused: %s', async (_case, write) => {
    await denied(write());
  });

  it('refused, each part of the pair on its own terms', async () => {
    const db = as(env, 'ana');
    // the mirror exists, without ana in it
    await seed(env, { 'blockedBy/eve': { uids: ['ben'] } });
    await denied(setDoc(doc(db, 'users', 'ana', 'blocks', 'eve'), { createdAt: serverTimestamp() }));
    const extra = writeBatch(db);
    extra.set(doc(db, 'users', 'ana', 'blocks', 'eve'), { createdAt: serverTimestamp(), note: 'x' });
    extra.set(doc(db, 'blockedBy', 'eve'), { uids: arrayUnion('ana') }, { merge: true });
    await denied(extra.commit());
    await denied(getDocs(collection(db, 'users', 'ana', 'blocks')));
    // the mirror changed other than by ana alone, or without the block changing with it
    await denied(setDoc(doc(db, 'blockedBy', 'eve'), { uids: ['ben', 'ana'], note: 'x' }));
    await denied(setDoc(doc(db, 'blockedBy', 'eve'), { uids: 'ana' }));
    await denied(setDoc(doc(as(env, null), 'blockedBy', 'eve'), { uids: ['ben', 'ana'] }));
    await denied(setDoc(doc(db, 'blockedBy', 'eve'), { uids: ['ben', 'ana'] }));
    await seed(env, { 'users/ana/blocks/eve': { createdAt: at(-1000) } });
    await denied(setDoc(doc(db, 'blockedBy', 'eve'), { uids: ['ben', 'ana'] }));
    await seed(env, { 'blockedBy/eve': { uids: ['ben', 'ana'] } });
    await denied(setDoc(doc(db, 'blockedBy', 'eve'), { uids: ['ben'] }));
    const swap = writeBatch(db);
    swap.delete(doc(db, 'users', 'ana', 'blocks', 'eve'));
    swap.set(doc(db, 'blockedBy', 'eve'), { uids: ['ben', 'cy'] });
    await denied(swap.commit());
    await env.withSecurityRulesDisabled((c) => deleteDoc(doc(c.firestore(), 'users/ana/blocks/eve')));
    await denied(setDoc(doc(db, 'blockedBy', 'eve'), { uids: ['ben'] }));
  });

  it('a first mirror is created only with its block, by someone signed in, in its shape', async () => {
    await denied(setDoc(doc(as(env, null), 'blockedBy', 'eve'), { uids: ['ana'] }));
    const db = as(env, 'ana');
    const extra = writeBatch(db);
    extra.set(doc(db, 'users', 'ana', 'blocks', 'eve'), { createdAt: serverTimestamp() });
    extra.set(doc(db, 'blockedBy', 'eve'), { uids: ['ana'], note: 'x' });
    await denied(extra.commit());
    await seed(env, { 'users/ana/blocks/eve': { createdAt: at(-1000) } });
    await denied(setDoc(doc(db, 'blockedBy', 'eve'), { uids: ['ana'] }));
  });

  it("a blocker cannot add or remove someone else in the mirror, nor leave their own block's mirror", async () => {
    await seed(env, { 'users/ben/blocks/eve': { createdAt: at(-1000) }, 'blockedBy/eve': { uids: ['ben'] } });
    const db = as(env, 'ana');
    const swap = writeBatch(db);
    swap.set(doc(db, 'users', 'ana', 'blocks', 'eve'), { createdAt: serverTimestamp() });
    swap.set(doc(db, 'blockedBy', 'eve'), { uids: ['ana'] });
    await denied(swap.commit());
    await denied(setDoc(doc(db, 'blockedBy', 'eve'), { uids: arrayRemove('ben') }, { merge: true }));
    await denied(deleteDoc(doc(as(env, 'ben'), 'users', 'ben', 'blocks', 'eve')));
    await denied(setDoc(doc(as(env, 'eve'), 'blockedBy', 'eve'), { uids: [] }));
  });
});
