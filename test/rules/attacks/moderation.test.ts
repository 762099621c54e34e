/**
 * Moderation gaps: what a muted member, a reaction, a name or a hidden message could still carry
 * past the moderators.
 */
import {
  arrayUnion,
  deleteDoc,
  deleteField,
  doc,
  getDoc,
  serverTimestamp,
  setDoc,
  updateDoc,
  writeBatch,
} from 'firebase/firestore';
import { describe, it } from 'vitest';
import {
  allowed,
  as,
  at,
  denied,
  EMOJIS,
  giveReaction,
  ledgerAfter,
  ledgerEntry,
  memberDoc,
  newMessage,
  reactionPath,
  roomChange,
  rulesSuite,
  seed,
  sendBatch,
  storedMessage,
  takeBackReaction,
  countedEdit,
} from '../support';
import { mal, seedWorld } from './world';

const env = await rulesSuite('attacks-moderation', (env) =>
  seedWorld(env, {
    'rooms/pub/messages/fresh': storedMessage('mal', { createdAt: at(-30_000) }),
    'rooms/pub/messages/reacted': storedMessage('vic', {
      reactions: { '👍': ['vic'], '🎉': ['vic', 'mal'] },
      reactionCounts: { '👍': 1, '🎉': 2 },
    }),
    [reactionPath('pub', 'reacted', 'vic')]: { emojis: ['👍', '🎉'] },
    [reactionPath('pub', 'reacted', 'mal')]: { emojis: ['🎉'] },
  }),
);

const muted = () => {
  const until = at(3_600_000);
  return seed(env, {
    'rooms/pub/members/mal': memberDoc('mal', 'member', { mutedUntil: until }),
    'rooms/pub/sanctions/mal': { mutedUntil: until, kickedAt: null },
  });
};
const restricted = () =>
  seed(env, {
    'restrictions/mal': { mutedUntil: at(3_600_000), strikes: 2, reason: 'flood' },
    'ledgers/mal': { ...ledgerAfter(7, () => 60_000, 'byMal', 'pub'), mutedUntil: at(3_600_000) },
  });
const msg = (id: string) => doc(mal(env), 'rooms', 'pub', 'messages', id);
/** `uid`'s reaction document on message `id`, as mal reaches it. */
const reaction = (id: string, uid = 'mal') => doc(mal(env), reactionPath('pub', id, uid));

describe('attack: moderation gaps', () => {
  it.each<[string, () => Promise<void>, () => Promise<void>]>([
    [
      'a muted member edits their message',
      muted,
      () =>
        countedEdit(msg('fresh'), 'mal', {
          text: 'now I say it',
          words: ['now', 'i', 'say', 'it'],
          editedAt: serverTimestamp(),
        }),
    ],
    [
      'an app-restricted member edits their message',
      restricted,
      () => countedEdit(msg('fresh'), 'mal', { text: 'spam', words: ['spam'], editedAt: serverTimestamp() }),
    ],
    ['a muted member reacts', muted, () => giveReaction(reaction('byVic'), '👎')],
    ['an app-restricted member reacts', restricted, () => giveReaction(reaction('byVic'), '👎')],
    ['a muted member takes a reaction back', muted, () => takeBackReaction(reaction('reacted'), '🎉')],
    ['an app-restricted member removes their reactions', restricted, () => deleteDoc(reaction('reacted'))],
  ])('refused: %s', async (_case, arrange, attack) => {
    await arrange();
    await denied(attack());
  });

  it.each<[string, string]>([
    ['a word', 'idiot'],
    ['a slur hidden after an emoji', '👍idiot'],
    ['a sentence', 'you are all idiots'],
    ['a space', ' '],
    ['an invisible character', '\u200B'],
    ['a zero-width joiner alone', '\u200D'],
    ['a variation selector alone', '\uFE0F'],
    ['a letter with a combining mark', 'é'],
    ['a digit', '1'],
    ['a URL', 'https://spam.example'],
    ['a right-to-left override', '\u202E'],
  ])('refused: a reaction key that is %s', async (_case, key) => {
    await denied(giveReaction(reaction('byVic'), key));
    await denied(giveReaction(reaction('reacted'), key));
  });

  const full = () => seed(env, { [reactionPath('pub', 'byVic', 'mal')]: { emojis: EMOJIS } });
  it.each<[string, () => Promise<unknown>]>([
    ['giving an emoji in the victim’s name', () => giveReaction(reaction('byVic', 'vic'), '🤡')],
    ['taking back the victim’s emoji', () => takeBackReaction(reaction('reacted', 'vic'), '👍')],
    ['removing the victim’s reaction document', () => deleteDoc(reaction('reacted', 'vic'))],
    ['a reaction document under a made-up uid', () => giveReaction(reaction('byVic', 'mal2'), '🤡')],
    ['two new emojis in one write', () => setDoc(reaction('byVic'), { emojis: ['❤️', '🔥'] })],
    ['two more emojis in one write', () => updateDoc(reaction('reacted'), { emojis: arrayUnion('❤️', '🔥') })],
    ['an emoji held twice', () => updateDoc(reaction('reacted'), { emojis: ['🎉', '🎉'] })],
    ['the message’s reactions, adding themselves', () => updateDoc(msg('byVic'), { 'reactions.❤️': ['mal'] })],
    [
      'the message’s reactions, removing the victim',
      () => updateDoc(msg('reacted'), { 'reactions.👍': deleteField() }),
    ],
    ['the message’s reactions, wholesale', () => updateDoc(msg('reacted'), { reactions: { '🤡': ['mal'] } })],
    ['the message’s counts, inflated', () => updateDoc(msg('reacted'), { 'reactionCounts.🎉': 1_000_000 })],
    ['the message’s counts, on a new emoji', () => updateDoc(msg('byVic'), { reactionCounts: { '🤡': 1 } })],
    [
      'a 21st emoji',
      async () => {
        await full();
        await giveReaction(reaction('byVic'), '🤡');
      },
    ],
    [
      'a 21st emoji, the list written whole',
      async () => {
        await full();
        await setDoc(reaction('byVic'), { emojis: [...EMOJIS, '🤡'] });
      },
    ],
    ['a reaction on a system message', () => giveReaction(reaction('sys'), '👍')],
  ])('refused: %s', async (_case, attack) => {
    await denied(attack());
  });

  it.each<[string, string]>([
    ['a right-to-left override', 'Welcome\u202E'],
    ['a line break', 'General\nAnnouncement: '],
    ['only spaces', '   '],
    ['a zero-width space', 'gen\u200Beral'],
  ])('refused: the owner renames a room to a name with %s', async (_case, name) => {
    // recorded and counted as the client saves it: only the name is wrong
    await denied(roomChange(as(env, 'own'), 'pub', 'own', { name }, { name, at: serverTimestamp() }));
  });

  it.each<[string, string]>([
    ['a line break', 'line one\nline two'],
    ['a direction override', 'topic\u202E'],
  ])('refused: a topic with %s', async (_case, topic) => {
    await denied(roomChange(as(env, 'own'), 'pub', 'own', { topic }, { topic, at: serverTimestamp() }));
  });

  it('control: the owner renames the room and sets its topic in plain text, recorded and counted', async () => {
    const change = { name: 'General chat', topic: 'All welcome' };
    await allowed(roomChange(as(env, 'own'), 'pub', 'own', change, { ...change, at: serverTimestamp() }));
  });

  it("refused: a member reads a hidden message's file, its meta or a chunk", async () => {
    await seed(env, {
      'rooms/pub/attachments/h1': {
        uploaderId: 'vic',
        messageId: 'hid',
        name: 'x.png',
        contentType: 'image/png',
        size: 10,
        sha256: 'a'.repeat(64),
        chunkCount: 1,
        complete: true,
        createdAt: at(-1000),
        hidden: true,
      },
      'rooms/pub/attachments/h1/chunks/0': { index: 0, data: 'x' },
    });
    await denied(getDoc(doc(mal(env), 'rooms', 'pub', 'attachments', 'h1')));
    await denied(getDoc(doc(mal(env), 'rooms', 'pub', 'attachments', 'h1', 'chunks', '0')));
  });

  it.each<[string, () => Promise<void>]>([
    [
      'reporting their own message to inflate counts',
      () =>
        setDoc(doc(mal(env), 'rooms', 'pub', 'reports', 'mal_byMal'), {
          messageId: 'byMal',
          reporterId: 'mal',
          reason: '',
          createdAt: serverTimestamp(),
        }),
    ],
    [
      'reporting a system message',
      () =>
        setDoc(doc(mal(env), 'rooms', 'pub', 'reports', 'mal_sys'), {
          messageId: 'sys',
          reporterId: 'mal',
          reason: '',
          createdAt: serverTimestamp(),
        }),
    ],
    [
      'reporting twice under two ids',
      () =>
        setDoc(doc(mal(env), 'rooms', 'pub', 'reports', 'mal_byVic2'), {
          messageId: 'byVic',
          reporterId: 'mal',
          reason: '',
          createdAt: serverTimestamp(),
        }),
    ],
    [
      'a report in the victim’s name',
      () =>
        setDoc(doc(mal(env), 'rooms', 'pub', 'reports', 'vic_byOwn'), {
          messageId: 'byOwn',
          reporterId: 'vic',
          reason: '',
          createdAt: serverTimestamp(),
        }),
    ],
    [
      'writing the moderation queue',
      () => setDoc(doc(mal(env), 'rooms', 'pub', 'moderationQueue', 'byVic'), { status: 'restored' }),
    ],
    ['unhiding a message', () => updateDoc(msg('byVic'), { hidden: false })],
    [
      'writing a moderation verdict',
      () => updateDoc(msg('byMal'), { moderation: { action: 'restored', reasons: [], reportCount: 0 } }),
    ],
    [
      'writing the app blocklist',
      () =>
        setDoc(doc(mal(env), 'config', 'moderation'), {
          terms: {},
          reportThreshold: 100,
          maxLinks: 50,
          maxMentions: 20,
        }),
    ],
    [
      "writing the room's blocklist",
      () =>
        setDoc(doc(mal(env), 'rooms', 'pub', 'config', 'moderation'), {
          terms: {},
          reportThreshold: 100,
          maxLinks: 50,
          maxMentions: 20,
        }),
    ],
    [
      'lifting their own app-wide mute',
      async () => {
        await restricted();
        await setDoc(doc(mal(env), 'restrictions', 'mal'), { mutedUntil: at(-1000), strikes: 0, reason: '' });
      },
    ],
    [
      'lifting their app-wide mute on the ledger with a send',
      async () => {
        await restricted();
        await sendBatch(mal(env), 'pub', 'mal', 'u1', newMessage('mal', { text: 'free', words: ['free'] }), {
          ledger: { ...ledgerEntry(7, 'pub', 'u1'), mutedUntil: null },
        });
      },
    ],
    [
      'sending while muted app-wide',
      async () => {
        await restricted();
        await sendBatch(
          mal(env),
          'pub',
          'mal',
          'u2',
          newMessage('mal', { text: 'still here', words: ['still', 'here'] }),
          7,
        );
      },
    ],
    [
      'sending while muted in a batch that also unmutes',
      async () => {
        await muted();
        const db = mal(env);
        const batch = writeBatch(db);
        batch.update(doc(db, 'rooms', 'pub', 'members', 'mal'), { mutedUntil: null });
        batch.set(doc(db, reactionPath('pub', 'byVic', 'mal')), { emojis: arrayUnion('😀') }, { merge: true });
        await batch.commit();
      },
    ],
  ])('refused: %s', async (_case, attack) => {
    await denied(attack());
  });
});
