import { collection, deleteDoc, doc, getDoc, serverTimestamp, setDoc, type DocumentData } from 'firebase/firestore';
import { MAX_QUERY_LIMIT } from '@chat/shared';
import { describe, it } from 'vitest';
import { allowed, as, at, denied, list, rulesSuite, seed } from './support';

const env = await rulesSuite('presence');

const heartbeat = (extra: DocumentData = {}) => ({ state: 'online', lastSeen: serverTimestamp(), ...extra });
const ref = (uid: string | null, owner = 'ana') => doc(as(env, uid), 'presence', owner);

describe('presence/{uid}', () => {
  it('signed-in users read presence (list with a limit); signed-out users do not', async () => {
    await seed(env, { 'presence/ana': { state: 'online', lastSeen: at(-1000) } });
    await allowed(getDoc(ref('ben')));
    await allowed(list(collection(as(env, 'ben'), 'presence'), MAX_QUERY_LIMIT));
    await denied(list(collection(as(env, 'ben'), 'presence'), MAX_QUERY_LIMIT + 1));
    await denied(getDoc(ref(null)));
    await denied(list(collection(as(env, null), 'presence'), 10));
  });

  it('a deleted account, with a token still valid, shows as online nowhere again', async () => {
    await seed(env, { 'deletedAccounts/ana': { at: at(-1000) } });
    await denied(setDoc(ref('ana'), heartbeat()));
  });

  it('the user writes their own heartbeat, first and again; nobody deletes one', async () => {
    await allowed(setDoc(ref('ana'), heartbeat()));
    await seed(env, { 'presence/ana': { state: 'online', lastSeen: at(-2500) } });
    await allowed(setDoc(ref('ana'), heartbeat({ state: 'away' })));
    await seed(env, { 'presence/ana': { state: 'away', lastSeen: at(-31_000) } });
    await allowed(setDoc(ref('ana'), heartbeat({ state: 'away' })));
    await denied(deleteDoc(ref('ana')));
  });

  it('a heartbeat comes at most every 30 s, a change of state at most every 2 s', async () => {
    await seed(env, { 'presence/ana': { state: 'online', lastSeen: at(-20_000) } });
    await denied(setDoc(ref('ana'), heartbeat()));
    await seed(env, { 'presence/ana': { state: 'online', lastSeen: at(-1000) } });
    await denied(setDoc(ref('ana'), heartbeat({ state: 'offline' })));
  });

  it.each<[string, string | null, DocumentData]>([
    ['for someone else', 'ben', heartbeat()],
    ['signed out', null, heartbeat()],
    ['with an unknown state', 'ana', heartbeat({ state: 'busy' })],
    ['with a forged lastSeen', 'ana', heartbeat({ lastSeen: at(3_600_000) })],
    ['with an extra field', 'ana', heartbeat({ device: 'x' })],
    ['without a state', 'ana', { lastSeen: serverTimestamp() }],
  ])('a heartbeat is refused %s', async (_case, uid, data) => {
    await denied(setDoc(ref(uid), data));
  });
});
