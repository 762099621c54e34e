import { collection, deleteDoc, doc, getDoc, serverTimestamp, setDoc, type DocumentData } from 'firebase/firestore';
import { beforeEach, describe, it } from 'vitest';
import { allowed, as, at, castRoom, denied, list, rulesSuite, seed, storedMessage } from './support';

const env = await rulesSuite('reports', castRoom('private'));

const report = (extra: DocumentData = {}) => ({
  messageId: 'm1',
  reporterId: 'ben',
  reason: 'spam',
  createdAt: serverTimestamp(),
  ...extra,
});
const ref = (uid: string | null, id = 'ben_m1') => doc(as(env, uid), 'rooms', 'r1', 'reports', id);

describe('rooms/{roomId}/reports/{reporterUid}_{messageId}', () => {
  beforeEach(async () => {
    await seed(env, {
      'rooms/r1/messages/m1': storedMessage('bob'),
      'rooms/r1/messages/sys': storedMessage('bob', { kind: 'system' }),
    });
  });

  it('a member reports a message once', async () => {
    await allowed(setDoc(ref('ben'), report()));
    await denied(setDoc(ref('ben'), report({ reason: 'again' })));
  });

  it.each<[string, string | null, string, DocumentData]>([
    ['for someone else', 'bob', 'ben_m1', report()],
    ['under another id', 'ben', 'ben_m2', report()],
    ['of a message that does not exist', 'ben', 'ben_m9', report({ messageId: 'm9' })],
    ['of their own message', 'bob', 'bob_m1', report({ reporterId: 'bob' })],
    ['of a system message', 'ben', 'ben_sys', report({ messageId: 'sys' })],
    ['of a message id with a space', 'ben', 'ben_m 1', report({ messageId: 'm 1' })],
    ['with a 501-character reason', 'ben', 'ben_m1', report({ reason: 'r'.repeat(501) })],
    ['with a forged time', 'ben', 'ben_m1', report({ createdAt: at(-1000) })],
    ['with an extra field', 'ben', 'ben_m1', report({ weight: 10 })],
    ['by an outsider', 'eve', 'eve_m1', report({ reporterId: 'eve' })],
    ['signed out', null, 'ben_m1', report()],
  ])('a report is refused %s', async (_case, uid, id, data) => {
    await denied(setDoc(ref(uid, id), data));
  });

  it('room admins read reports (list with a limit); members do not', async () => {
    await seed(env, { 'rooms/r1/reports/ben_m1': { ...report(), createdAt: at(-1000) } });
    await allowed(getDoc(ref('adi')));
    await allowed(list(collection(as(env, 'ana'), 'rooms', 'r1', 'reports'), 100));
    await denied(list(collection(as(env, 'ana'), 'rooms', 'r1', 'reports'), 101));
    await denied(getDoc(ref('bob')));
    await denied(list(collection(as(env, 'bob'), 'rooms', 'r1', 'reports'), 10));
    await denied(list(collection(as(env, 'ben'), 'rooms', 'r1', 'reports'), 10));
    await denied(deleteDoc(ref('ana')));
  });

  it("the reporter asks for their own report, there or not, and for nobody else's", async () => {
    await seed(env, { 'rooms/r1/reports/ben_m1': { ...report(), createdAt: at(-1000) } });
    await allowed(getDoc(ref('ben')));
    await allowed(getDoc(ref('ben', 'ben_m2')));
    await denied(getDoc(ref(null)));
    await denied(getDoc(ref('bob', 'ben_m2')));
    // the caller's uid must be followed by '_' and a message id: not a longer uid, not nothing
    await denied(getDoc(ref('ben', 'benx_m1')));
    await denied(getDoc(ref('ben', 'ben_')));
    await denied(getDoc(ref('be', 'ben_m1')));
  });
});
