import { collection, doc, getDoc, setDoc } from 'firebase/firestore';
import { MAX_QUERY_LIMIT } from '@chat/shared';
import { describe, it } from 'vitest';
import { allowed, as, at, castRoom, denied, list, rulesSuite, seed } from './support';

const env = await rulesSuite('receipts', castRoom('private'));

const summary = () => ({ reads: { ben: { at: at(-1000), messageId: 'm1', name: 'Ben' } }, updatedAt: at(-1000) });

describe('rooms/{roomId}/receipts/summary', () => {
  it('members read the summary (list with a limit); outsiders do not', async () => {
    await seed(env, { 'rooms/r1/receipts/summary': summary() });
    await allowed(getDoc(doc(as(env, 'ben'), 'rooms', 'r1', 'receipts', 'summary')));
    await allowed(list(collection(as(env, 'ben'), 'rooms', 'r1', 'receipts'), 1));
    await denied(list(collection(as(env, 'ben'), 'rooms', 'r1', 'receipts'), MAX_QUERY_LIMIT + 1));
    await denied(getDoc(doc(as(env, 'eve'), 'rooms', 'r1', 'receipts', 'summary')));
    await denied(list(collection(as(env, 'eve'), 'rooms', 'r1', 'receipts'), 1));
  });

  it('is server-owned: not even the owner writes it', async () => {
    await denied(setDoc(doc(as(env, 'ana'), 'rooms', 'r1', 'receipts', 'summary'), summary()));
    await denied(setDoc(doc(as(env, 'ben'), 'rooms', 'r1', 'receipts', 'summary'), summary()));
  });
});
