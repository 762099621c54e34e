import {
  collection,
  collectionGroup,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  limit,
  query,
  serverTimestamp,
  setDoc,
  updateDoc,
  type DocumentData,
} from 'firebase/firestore';
import { MAX_DISPLAY_NAME, MAX_NOTIFICATION_ROOMS, MAX_PHOTO_URL, MAX_QUERY_LIMIT } from '@chat/shared';
import { describe, it } from 'vitest';
import { allowed, as, at, denied, rulesSuite, seed, seedRoom } from './support';

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
    await allowed(getDocs(query(collection(as(env, 'ben'), 'users'), limit(MAX_QUERY_LIMIT))));
    await denied(getDocs(query(collection(as(env, 'ben'), 'users'), limit(MAX_QUERY_LIMIT + 1))));
    await denied(getDocs(collection(as(env, 'ben'), 'users')));
    await denied(getDoc(doc(as(env, null), 'users', 'ana')));
    await denied(getDocs(query(collection(as(env, null), 'users'), limit(10))));
  });

  it('the user creates their own profile with the server time', async () => {
    await allowed(createProfile('ana', 'ana', profile()));
    await allowed(createProfile('ben', 'ben', profile({ photoURL: 'https://example.com/b.png' })));
  });

  it.each<[string, string | null, DocumentData]>([
    ['for someone else', 'ben', profile()],
    ['signed out', null, profile()],
    ['with a forged time', 'ana', profile({ createdAt: at(-1000) })],
    ['with an extra field', 'ana', profile({ role: 'admin' })],
    ['without photoURL', 'ana', { displayName: 'Ana', nameLower: 'ana', createdAt: serverTimestamp() }],
    ['with an empty name', 'ana', profile({ displayName: '', nameLower: '' })],
    [
      `with a ${MAX_DISPLAY_NAME + 1}-character name`,
      'ana',
      profile({ displayName: 'a'.repeat(MAX_DISPLAY_NAME + 1), nameLower: 'a'.repeat(MAX_DISPLAY_NAME + 1) }),
    ],
    ['with a name that is not a string', 'ana', profile({ displayName: 42 })],
    ['with nameLower not the lowercase name', 'ana', profile({ nameLower: 'someone else' })],
    ['with a photoURL that is not a string', 'ana', profile({ photoURL: 7 })],
    ['with an empty photoURL', 'ana', profile({ photoURL: '' })],
    ['with an oversize photoURL', 'ana', profile({ photoURL: 'h'.repeat(MAX_PHOTO_URL + 1) })],
  ])('a profile cannot be created %s', async (_case, uid, data) => {
    await denied(createProfile(uid, 'ana', data));
  });

  it('the user updates name and photo, nothing else', async () => {
    await seed(env, { 'users/ana': storedProfile() });
    const db = as(env, 'ana');
    await allowed(updateDoc(doc(db, 'users', 'ana'), { displayName: 'Ana L', nameLower: 'ana l' }));
    await denied(updateDoc(doc(db, 'users', 'ana'), { createdAt: serverTimestamp() }));
    await denied(updateDoc(doc(db, 'users', 'ana'), { displayName: 'ANA', nameLower: 'ANA' }));
    await denied(updateDoc(doc(as(env, 'ben'), 'users', 'ana'), { displayName: 'Ben', nameLower: 'ben' }));
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

  it('a member keeps their own cursor; it only moves forward', async () => {
    await seedRoom(env, 'r1', 'public', { ana: 'owner' });
    await allowed(setDoc(readRef('ana', 'ana'), cursor({ lastReadAt: at(-60_000) })));
    await allowed(setDoc(readRef('ana', 'ana'), cursor({ lastReadAt: at(-30_000) })));
    await denied(setDoc(readRef('ana', 'ana'), cursor({ lastReadAt: at(-90_000) })));
    await allowed(getDoc(readRef('ana', 'ana')));
    await allowed(getDocs(query(collection(as(env, 'ana'), 'users', 'ana', 'reads'), limit(MAX_QUERY_LIMIT))));
    await allowed(deleteDoc(readRef('ana', 'ana')));
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

  it("nobody reads, lists or deletes another person's cursors, directly or by collection group", async () => {
    await seed(env, { 'users/ana/reads/r1': { lastReadAt: at(-60_000), lastReadId: 'm1', updatedAt: at(-60_000) } });
    await denied(getDoc(readRef('ben', 'ana')));
    await denied(getDocs(query(collection(as(env, 'ben'), 'users', 'ana', 'reads'), limit(10))));
    await denied(getDocs(query(collection(as(env, 'ana'), 'users', 'ana', 'reads'), limit(MAX_QUERY_LIMIT + 1))));
    await denied(getDocs(query(collectionGroup(as(env, 'ben'), 'reads'), limit(10))));
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
    [
      `more than ${MAX_NOTIFICATION_ROOMS} rooms`,
      { rooms: Object.fromEntries(Array.from({ length: MAX_NOTIFICATION_ROOMS + 1 }, (_, i) => [`r${i}`, 'all'])) },
    ],
  ])('settings are refused with %s', async (_case, data) => {
    await denied(setDoc(ref('ana'), data));
  });

  it('another settings document is not a thing', async () => {
    await denied(setDoc(doc(as(env, 'ana'), 'users', 'ana', 'settings', 'other'), { rooms: {} }));
  });
});
