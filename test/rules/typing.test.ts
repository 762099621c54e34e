import { collection, deleteDoc, doc, getDoc, serverTimestamp, setDoc, type DocumentData } from 'firebase/firestore';
import { MAX_QUERY_LIMIT } from '@chat/shared';
import { describe, it } from 'vitest';
import { allowed, as, at, castRoom, denied, list, profileDoc, rulesSuite, seed } from './support';

const env = await rulesSuite('typing', castRoom('private'));

const typing = (extra: DocumentData = {}) => ({
  at: serverTimestamp(),
  displayName: 'Name ben',
  threadId: null,
  ...extra,
});
const ref = (uid: string | null, owner = 'ben') => doc(as(env, uid), 'rooms', 'r1', 'typing', owner);

describe('rooms/{roomId}/typing/{uid}', () => {
  it('members see who is typing (list with a limit); outsiders do not', async () => {
    await seed(env, { 'rooms/r1/typing/ben': { at: at(-1000), displayName: 'Ben', threadId: null } });
    await allowed(getDoc(ref('ana')));
    await allowed(list(collection(as(env, 'ana'), 'rooms', 'r1', 'typing'), MAX_QUERY_LIMIT));
    await denied(list(collection(as(env, 'ana'), 'rooms', 'r1', 'typing'), MAX_QUERY_LIMIT + 1));
    await denied(getDoc(ref('eve')));
    await denied(list(collection(as(env, 'eve'), 'rooms', 'r1', 'typing'), 10));
  });

  it('a member writes and clears their own typing mark, at most once every 2 s', async () => {
    await allowed(setDoc(ref('ben'), typing()));
    await denied(setDoc(ref('ben'), typing()));
    await denied(deleteDoc(ref('ben')));
    await seed(env, { 'rooms/r1/typing/ben': { at: at(-2500), displayName: 'Name ben', threadId: null } });
    await allowed(setDoc(ref('ben'), typing()));
    await seed(env, { 'rooms/r1/typing/ben': { at: at(-2500), displayName: 'Name ben', threadId: null } });
    await allowed(deleteDoc(ref('ben')));
  });

  it.each<[string, string | null, DocumentData]>([
    ['for someone else', 'bob', typing()],
    ['by an outsider', 'eve', typing()],
    ['signed out', null, typing()],
    ['with a forged time', 'ben', typing({ at: at(60_000) })],
    ['with an empty name', 'ben', typing({ displayName: '' })],
    ["under someone else's name", 'ben', typing({ displayName: 'Name ana' })],
    ['with an extra field', 'ben', typing({ text: 'draft' })],
  ])('a typing mark is refused %s', async (_case, uid, data) => {
    await denied(setDoc(doc(as(env, uid), 'rooms', 'r1', 'typing', uid === 'eve' ? 'eve' : 'ben'), data));
  });

  it("under the name on the typist's member document, with no profile lookup, or the profile's own after a rename not yet copied there", async () => {
    const stale = { 'rooms/r1/typing/ben': { at: at(-2500), displayName: 'Name ben', threadId: null } };
    await seed(env, { 'users/ben': profileDoc('ben', { displayName: 'Ben Renamed', nameLower: 'ben renamed' }) });
    await allowed(setDoc(ref('ben'), typing({ displayName: 'Ben Renamed' })));
    await seed(env, stale);
    await allowed(setDoc(ref('ben'), typing()));
    await seed(env, stale);
    await denied(setDoc(ref('ben'), typing({ displayName: 'Name ana' })));
    await env.withSecurityRulesDisabled((c) => deleteDoc(doc(c.firestore(), 'users/ben')));
    await allowed(setDoc(ref('ben'), typing()));
  });

  it('someone who left the room no longer signals typing there', async () => {
    await seed(env, { 'rooms/r1/typing/bob': { at: at(-5000), displayName: 'Name bob', threadId: null } });
    await env.withSecurityRulesDisabled((c) => deleteDoc(doc(c.firestore(), 'rooms/r1/members/bob')));
    await denied(setDoc(ref('bob', 'bob'), typing({ displayName: 'Name bob' })));
  });

  it("nobody clears someone else's mark", async () => {
    await seed(env, { 'rooms/r1/typing/ben': { at: at(-1000), displayName: 'Ben', threadId: null } });
    await denied(deleteDoc(ref('bob')));
  });
});
