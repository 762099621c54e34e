import {
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  limit,
  query,
  serverTimestamp,
  setDoc,
  updateDoc,
  where,
  type DocumentData,
} from 'firebase/firestore';
import { MAX_QUERY_LIMIT } from '@chat/shared';
import { beforeEach, describe, it } from 'vitest';
import {
  allowed,
  as,
  at,
  denied,
  newRequest,
  openDirectBatch,
  profileDoc,
  requestDoc,
  rulesSuite,
  seed,
  seedRoom,
} from './support';

/**
 * ana and ben share the private room `club` and the public room `hall`; `den` is private with
 * ana but not ben, `nook` private with ben but not ana; cid owns them all.
 */
const env = await rulesSuite('requests', async (env) => {
  await seedRoom(env, 'club', 'private', { cid: 'owner', ana: 'member', ben: 'member' });
  await seedRoom(env, 'hall', 'public', { cid: 'owner', ana: 'member', ben: 'member' });
  await seedRoom(env, 'den', 'private', { cid: 'owner', ana: 'member' });
  await seedRoom(env, 'nook', 'private', { cid: 'owner', ben: 'member' });
  await seed(env, { 'users/eve': profileDoc('eve') });
});

describe('requests/{roomId}: created with the direct room', () => {
  it('a direct room between people who share no private room opens as a pending request, from either side', async () => {
    await allowed(openDirectBatch(as(env, 'ana'), 'ana', 'eve'));
    await allowed(openDirectBatch(as(env, 'eve'), 'eve', 'ben'));
  });

  it('through a private room both are in, it is accepted from the start', async () => {
    await allowed(openDirectBatch(as(env, 'ana'), 'ana', 'ben', newRequest('ana', 'ben', 'club')));
  });

  it.each<[string, DocumentData]>([
    ['accepting its own pending request', newRequest('ana', 'ben', null, { acceptedAt: serverTimestamp() })],
    ['pending through a shared private room', newRequest('ana', 'ben', 'club', { acceptedAt: null })],
    ['accepted at another time', newRequest('ana', 'ben', 'club', { acceptedAt: at(-1000) })],
    ['through a public room both are in', newRequest('ana', 'ben', 'hall')],
    ['through a private room the other is not in', newRequest('ana', 'ben', 'den')],
    ['through a private room the creator is not in', newRequest('ana', 'ben', 'nook')],
    ['through a room that does not exist', newRequest('ana', 'ben', 'nowhere')],
    ['through a path instead of a room id', newRequest('ana', 'ben', 'club/members/ana')],
    ['through a number', newRequest('ana', 'ben', 7 as unknown as string)],
    ['from someone else', newRequest('ben', 'ana')],
    ['to someone outside the pair', newRequest('ana', 'cid')],
    ['to oneself', newRequest('ana', 'ana')],
    ['to a uid that is not a string', newRequest('ana', 5 as unknown as string)],
    ['made at another time', newRequest('ana', 'ben', null, { createdAt: at(-1000) })],
    ['with a key more', newRequest('ana', 'ben', null, { note: 'hi' })],
    ['without acceptedAt', (({ acceptedAt: _a, ...rest }) => rest)(newRequest('ana', 'ben'))],
  ])('refused: a request %s', async (_case, request) => {
    await denied(openDirectBatch(as(env, 'ana'), 'ana', 'ben', request));
  });

  it('refused: a direct room without its request, and a request without its room', async () => {
    await denied(openDirectBatch(as(env, 'ana'), 'ana', 'ben', null));
    await denied(setDoc(doc(as(env, 'ana'), 'requests', 'dm_ana_ben'), newRequest('ana', 'ben')));
  });

  it('refused: a request for a direct room that already exists (made before requests)', async () => {
    await seedRoom(env, 'dm_ana_ben', 'direct', { ana: 'member', ben: 'member' });
    await denied(setDoc(doc(as(env, 'ana'), 'requests', 'dm_ana_ben'), newRequest('ana', 'ben', 'club')));
  });

  it('refused: signed out', async () => {
    await denied(setDoc(doc(as(env, null), 'requests', 'dm_ana_ben'), newRequest('ana', 'ben')));
  });
});

describe('requests/{roomId}: reading', () => {
  beforeEach(() => seed(env, { 'requests/dm_ana_ben': requestDoc('ana', 'ben') }));
  const requests = (uid: string | null) => collection(as(env, uid), 'requests');

  it('the sender and the recipient get it; nobody else', async () => {
    await allowed(getDoc(doc(as(env, 'ana'), 'requests', 'dm_ana_ben')));
    await allowed(getDoc(doc(as(env, 'ben'), 'requests', 'dm_ana_ben')));
    await denied(getDoc(doc(as(env, 'cid'), 'requests', 'dm_ana_ben')));
    await denied(getDoc(doc(as(env, null), 'requests', 'dm_ana_ben')));
  });

  it('lists only by a query naming the caller as recipient or sender, with a limit', async () => {
    await allowed(
      getDocs(
        query(requests('ben'), where('to', '==', 'ben'), where('acceptedAt', '==', null), limit(MAX_QUERY_LIMIT)),
      ),
    );
    await allowed(getDocs(query(requests('ana'), where('from', '==', 'ana'), limit(10))));
    await denied(getDocs(query(requests('ana'), where('to', '==', 'ben'), limit(10))));
    await denied(getDocs(query(requests('cid'), limit(10))));
    await denied(getDocs(query(requests('cid'), where('from', '==', 'ana'), where('to', '==', 'ben'), limit(10))));
    await denied(getDocs(query(requests('ben'), where('to', '==', 'ben'), limit(MAX_QUERY_LIMIT + 1))));
    await denied(getDocs(query(requests('ben'), where('to', '==', 'ben'))));
    await denied(getDocs(query(requests(null), where('to', '==', 'ben'), limit(10))));
  });
});

describe('requests/{roomId}: accepting', () => {
  beforeEach(() =>
    seed(env, {
      'requests/dm_ana_ben': requestDoc('ana', 'ben'),
      'requests/dm_ana_cid': requestDoc('ana', 'cid', { acceptedAt: at(-1000) }),
    }),
  );
  const ref = (uid: string | null, roomId = 'dm_ana_ben') => doc(as(env, uid), 'requests', roomId);

  it('the recipient accepts, once, at the time of the write', async () => {
    await allowed(updateDoc(ref('ben'), { acceptedAt: serverTimestamp() }));
    await denied(updateDoc(ref('ben'), { acceptedAt: serverTimestamp() }));
  });

  it.each<[string, string | null, string, DocumentData]>([
    ['the sender accepts their own request', 'ana', 'dm_ana_ben', { acceptedAt: serverTimestamp() }],
    ['someone else accepts it', 'cid', 'dm_ana_ben', { acceptedAt: serverTimestamp() }],
    ['signed out', null, 'dm_ana_ben', { acceptedAt: serverTimestamp() }],
    ['accepted at another time', 'ben', 'dm_ana_ben', { acceptedAt: at(-1000) }],
    ['accepted and its sender changed', 'ben', 'dm_ana_ben', { acceptedAt: serverTimestamp(), from: 'ben' }],
    ['accepted and its via set', 'ben', 'dm_ana_ben', { acceptedAt: serverTimestamp(), via: 'club' }],
    ['its recipient changed', 'ben', 'dm_ana_ben', { to: 'cid' }],
    ['an accepted one made pending again', 'cid', 'dm_ana_cid', { acceptedAt: null }],
    ['an accepted one accepted again', 'cid', 'dm_ana_cid', { acceptedAt: serverTimestamp() }],
  ])('refused: %s', async (_case, uid, roomId, change) => {
    await denied(updateDoc(ref(uid, roomId), change));
  });

  it('nobody deletes one', async () => {
    await denied(deleteDoc(ref('ana')));
    await denied(deleteDoc(ref('ben')));
  });
});
