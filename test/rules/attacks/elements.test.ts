/**
 * Lists and maps whose size is bounded but whose elements an attacker fills: each element of each
 * list and map must be typed and bounded, or one message carries 800 KB to every reader.
 */
import { doc, serverTimestamp, setDoc, writeBatch, type DocumentData } from 'firebase/firestore';
import { describe, expect, it } from 'vitest';
import { as, denied, EMOJIS, newMessage, reactionPath, rulesSuite, sendBatch, seed } from '../support';
import { commit, v, type Plain } from './rest';
import { mal, nextSend, restMessage, restRefused, seedWorld } from './world';

const env = await rulesSuite('attacks-elements', seedWorld);

const send = (message: DocumentData) => sendBatch(mal(env), 'pub', 'mal', 'e1', message, 7);
const huge = (n: number) => 'u'.repeat(n);

describe('attack: unchecked elements', () => {
  it.each<[string, DocumentData]>([
    [
      '20 mentions of 40,000 characters each (800 KB)',
      newMessage('mal', { mentions: Array.from({ length: 20 }, (_, i) => huge(40_000) + i) }),
    ],
    ['a mention of 129 characters', newMessage('mal', { mentions: [huge(129)] })],
    ['an empty mention', newMessage('mal', { mentions: [''] })],
    ['a mention that is a map', newMessage('mal', { mentions: [{ uid: 'vic' }] })],
    ['a mention that is null', newMessage('mal', { mentions: [null] })],
    ['a mention with a slash', newMessage('mal', { mentions: ['users/vic'] })],
    ['mentions holding a space-joined pair', newMessage('mal', { mentions: ['vic own'] })],
    ['the same person mentioned 20 times', newMessage('mal', { mentions: Array(20).fill('vic') })],
    ['a search word of 40,000 characters', newMessage('mal', { words: [huge(40_000)] })],
    ['a search word that is a number', newMessage('mal', { words: [1] })],
    ['a reply that is a list', newMessage('mal', { replyTo: ['byVic'] })],
    ['a reply id of 40,000 characters', newMessage('mal', { replyTo: { id: huge(40_000) } })],
    ['an attachment that is a list', newMessage('mal', { attachment: ['a1'] })],
  ])('refused: a message with %s', async (_case, message) => {
    await denied(send(message));
  });

  it.each<[string, Plain[]]>([
    ['a reference', [v.ref('demo-rules-attacks-elements', 'users/vic')]],
    ['bytes', [v.bytes(Buffer.alloc(30_000).toString('base64'))]],
    ['a geopoint', [v.geo(0, 0)]],
    ['a double', [v.double(7)]],
  ])('refused over REST: a mention that is %s', async (_case, mentions) => {
    await restRefused(env, 'mal', nextSend('pub', 'e2', restMessage({ mentions })));
  });

  it.each<[string, Plain]>([
    ['an emoji of 1,000 characters', huge(1000)],
    ['an emoji of 350 emoji', '👍'.repeat(350)],
    ['an emoji of text', 'lol'],
    ['an emoji of 33 emoji', '👍'.repeat(33)],
    ['an emoji that is a map', { uid: 'mal' }],
    ['an emoji that is a double', v.double(7)],
    ['an emoji that is bytes', v.bytes(Buffer.alloc(30_000).toString('base64'))],
    ['an emoji that is a reference', v.ref('demo-rules-attacks-elements', 'users/vic')],
  ])('refused over REST: a reaction with %s', async (_case, emoji) => {
    await restRefused(env, 'mal', [
      { op: 'set', path: reactionPath('pub', 'byVic', 'mal'), data: { emojis: [emoji] } },
    ]);
    // and added to a reaction document that holds one already, by an array transform
    await seed(env, { [reactionPath('pub', 'byVic', 'mal')]: { emojis: ['👍'] } });
    await restRefused(env, 'mal', [
      {
        op: 'merge',
        path: reactionPath('pub', 'byVic', 'mal'),
        data: {},
        mask: [],
        transforms: [{ field: ['emojis'], appendMissingElements: [emoji] }],
      },
    ]);
  });

  it('refused over REST: twenty emoji in one transform, on a new reaction document or a held one', async () => {
    const append = (emojis: string[]) => [
      {
        op: 'merge' as const,
        path: reactionPath('pub', 'byVic', 'mal'),
        data: {},
        mask: [],
        transforms: [{ field: ['emojis'], appendMissingElements: emojis }],
      },
    ];
    await restRefused(env, 'mal', append(EMOJIS));
    await seed(env, { [reactionPath('pub', 'byVic', 'mal')]: { emojis: ['👍'] } });
    await restRefused(env, 'mal', append(EMOJIS.slice(0, 2)));
    // one at a time, as the client gives them
    const accepted = await commit(env.projectId, 'mal', append(EMOJIS.slice(0, 1)));
    expect(accepted.status).toBe(200);
  });

  const config = (terms: DocumentData) => ({ terms, reportThreshold: 3, maxLinks: 5, maxMentions: 10 });
  it.each<[string, DocumentData]>([
    ['a 1,000-character term', { [huge(1000)]: 'hide' }],
    ['a term that is a list of terms', { spam: ['hide', 'mask'] }],
    ['a severity of 40,000 characters', { spam: huge(40_000) }],
    ['500 terms and a 501st', Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`t${i}`, 'mask']))],
  ])("refused: the room owner's moderation terms with %s", async (_case, terms) => {
    await denied(setDoc(doc(as(env, 'own'), 'rooms', 'pub', 'config', 'moderation'), config(terms)));
  });

  it('refused: the room terms as the old list of objects with unchecked members', async () => {
    await denied(
      setDoc(doc(as(env, 'own'), 'rooms', 'pub', 'config', 'moderation'), {
        ...config({}),
        terms: [{ term: huge(40_000), severity: 'hide', extra: huge(40_000) }],
      }),
    );
  });

  it.each<[string, DocumentData]>([
    ['a 1,000-character room id', { [huge(1000)]: 'all' }],
    ['a room id holding a path', { 'pub/messages': 'all' }],
  ])('refused: notification settings with %s', async (_case, rooms) => {
    await denied(setDoc(doc(mal(env), 'users', 'mal', 'settings', 'notifications'), { rooms }));
  });

  it('refused: a blockedBy list padded with other uids', async () => {
    const db = mal(env);
    const batch = writeBatch(db);
    batch.set(doc(db, 'users', 'mal', 'blocks', 'vic'), { createdAt: serverTimestamp() });
    batch.set(doc(db, 'blockedBy', 'vic'), { uids: ['mal', ...Array.from({ length: 50 }, (_, i) => `fake${i}`)] });
    await denied(batch.commit());
  });
});
