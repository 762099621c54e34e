import { collection, doc, getDoc, setDoc, updateDoc } from 'firebase/firestore';
import { MAX_QUERY_LIMIT } from '@chat/shared';
import { describe, it } from 'vitest';
import { allowed, as, at, castRoom, denied, list, rulesSuite, seed } from './support';

const env = await rulesSuite('moderation-queue', castRoom('private'));

const item = () => ({
  messageId: 'm1',
  authorId: 'bob',
  authorName: 'Bob',
  text: 'original text',
  reasons: ['reports'],
  reportCount: 3,
  status: 'pending',
  createdAt: at(-1000),
});

describe('rooms/{roomId}/moderationQueue/{messageId}', () => {
  it('room admins read the queue (list with a limit); members do not', async () => {
    await seed(env, { 'rooms/r1/moderationQueue/m1': item() });
    await allowed(getDoc(doc(as(env, 'adi'), 'rooms', 'r1', 'moderationQueue', 'm1')));
    await allowed(list(collection(as(env, 'ana'), 'rooms', 'r1', 'moderationQueue'), MAX_QUERY_LIMIT));
    await denied(list(collection(as(env, 'ana'), 'rooms', 'r1', 'moderationQueue'), MAX_QUERY_LIMIT + 1));
    await denied(getDoc(doc(as(env, 'bob'), 'rooms', 'r1', 'moderationQueue', 'm1')));
    await denied(list(collection(as(env, 'ben'), 'rooms', 'r1', 'moderationQueue'), 10));
  });

  it('is server-owned: moderators act through callables, not writes', async () => {
    await seed(env, { 'rooms/r1/moderationQueue/m1': item() });
    await denied(updateDoc(doc(as(env, 'ana'), 'rooms', 'r1', 'moderationQueue', 'm1'), { status: 'restored' }));
    await denied(setDoc(doc(as(env, 'ana'), 'rooms', 'r1', 'moderationQueue', 'm2'), item()));
  });
});
