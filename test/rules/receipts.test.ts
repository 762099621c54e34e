import { collection, doc, getDoc, getDocs, limit, query, setDoc } from 'firebase/firestore';
import { MAX_QUERY_LIMIT } from '@chat/shared';
import { describe, it } from 'vitest';
import { allowed, as, at, denied, rulesSuite, seed, seedRoom } from './support';

const env = await rulesSuite('receipts', (env) =>
  seedRoom(env, 'r1', 'private', { ana: 'owner', adi: 'admin', ben: 'member', bob: 'member' }),
);

const summary = () => ({ reads: { ben: { at: at(-1000), messageId: 'm1', name: 'Ben' } }, updatedAt: at(-1000) });

describe('rooms/{roomId}/receipts/summary', () => {
  it('members read the summary (list with a limit); outsiders do not', async () => {
    await seed(env, { 'rooms/r1/receipts/summary': summary() });
    await allowed(getDoc(doc(as(env, 'ben'), 'rooms', 'r1', 'receipts', 'summary')));
    await allowed(getDocs(query(collection(as(env, 'ben'), 'rooms', 'r1', 'receipts'), limit(1))));
    await denied(getDocs(query(collection(as(env, 'ben'), 'rooms', 'r1', 'receipts'), limit(MAX_QUERY_LIMIT + 1))));
    await denied(getDoc(doc(as(env, 'eve'), 'rooms', 'r1', 'receipts', 'summary')));
    await denied(getDocs(query(collection(as(env, 'eve'), 'rooms', 'r1', 'receipts'), limit(1))));
  });

  it('is server-owned: not even the owner writes it', async () => {
    await denied(setDoc(doc(as(env, 'ana'), 'rooms', 'r1', 'receipts', 'summary'), summary()));
    await denied(setDoc(doc(as(env, 'ben'), 'rooms', 'r1', 'receipts', 'summary'), summary()));
  });
});
