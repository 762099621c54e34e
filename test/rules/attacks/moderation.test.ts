/**
 * Moderation gaps: what a muted member, a reaction, a name or a hidden message could still carry
 * past the moderators.
 */
import {
  arrayUnion,
  deleteField,
  doc,
  FieldPath,
  getDoc,
  serverTimestamp,
  setDoc,
  updateDoc,
  writeBatch,
} from 'firebase/firestore';
import { describe, it } from 'vitest';
import {
  as,
  at,
  denied,
  EMOJIS,
  ledgerAfter,
  ledgerEntry,
  memberDoc,
  newMessage,
  rulesSuite,
  seed,
  sendBatch,
  storedMessage,
} from '../support';
import { mal, seedWorld } from './world';

const env = await rulesSuite('attacks-moderation', (env) =>
  seedWorld(env, {
    'rooms/pub/messages/fresh': storedMessage('mal', { createdAt: at(-30_000) }),
    'rooms/pub/messages/reacted': storedMessage('vic', { reactions: { '👍': ['vic'], '🎉': ['vic', 'mal'] } }),
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

describe('attack: moderation gaps', () => {
  it.each<[string, () => Promise<void>, () => Promise<void>]>([
    [
      'a muted member edits their message',
      muted,
      () =>
        updateDoc(msg('fresh'), {
          text: 'now I say it',
          words: ['now', 'i', 'say', 'it'],
          editedAt: serverTimestamp(),
        }),
    ],
    [
      'an app-restricted member edits their message',
      restricted,
      () => updateDoc(msg('fresh'), { text: 'spam', words: ['spam'], editedAt: serverTimestamp() }),
    ],
    ['a muted member reacts', muted, () => updateDoc(msg('byVic'), { 'reactions.👎': ['mal'] })],
    ['an app-restricted member reacts', restricted, () => updateDoc(msg('byVic'), { 'reactions.👎': ['mal'] })],
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
    await denied(updateDoc(msg('byVic'), new FieldPath('reactions', key), ['mal']));
  });

  it.each<[string, () => Promise<void>]>([
    ['a new emoji holding nobody', () => updateDoc(msg('byVic'), { 'reactions.❤️': [] })],
    ['a new emoji holding the victim', () => updateDoc(msg('byVic'), { 'reactions.❤️': ['vic'] })],
    [
      'two new emojis in one write',
      () => updateDoc(msg('byVic'), { 'reactions.❤️': ['mal'], 'reactions.🔥': ['mal'] }),
    ],
    ['removing an emoji the victim holds', () => updateDoc(msg('reacted'), { 'reactions.👍': deleteField() })],
    ['removing an emoji the victim shares', () => updateDoc(msg('reacted'), { 'reactions.🎉': deleteField() })],
    ['replacing the reactions wholesale', () => updateDoc(msg('reacted'), { reactions: { '🤡': ['mal'] } })],
    [
      'a 21st emoji',
      async () => {
        await seed(env, {
          'rooms/pub/messages/full': storedMessage('vic', {
            reactions: Object.fromEntries(EMOJIS.map((e) => [e, ['vic']])),
          }),
        });
        await updateDoc(msg('full'), { 'reactions.🤡': ['mal'] });
      },
    ],
    [
      'a 21st emoji while dropping one the victim holds',
      async () => {
        await seed(env, {
          'rooms/pub/messages/full': storedMessage('vic', {
            reactions: Object.fromEntries(EMOJIS.map((e) => [e, ['vic']])),
          }),
        });
        await updateDoc(
          msg('full'),
          new FieldPath('reactions', '🤡'),
          ['mal'],
          new FieldPath('reactions', EMOJIS[0]!),
          deleteField(),
        );
      },
    ],
  ])('refused: %s', async (_case, attack) => {
    await denied(attack());
  });

  it.each<[string, string]>([
    ['a right-to-left override', 'Welcome\u202E'],
    ['a line break', 'General\nAnnouncement: '],
    ['only spaces', '   '],
    ['a zero-width space', 'gen\u200Beral'],
  ])('refused: the owner renames a room to a name with %s', async (_case, name) => {
    await denied(updateDoc(doc(as(env, 'own'), 'rooms', 'pub'), { name }));
  });

  it.each<[string, string]>([
    ['a line break', 'line one\nline two'],
    ['a direction override', 'topic\u202E'],
  ])('refused: a topic with %s', async (_case, topic) => {
    await denied(updateDoc(doc(as(env, 'own'), 'rooms', 'pub'), { topic }));
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
        batch.update(doc(db, 'rooms', 'pub', 'messages', 'byVic'), { 'reactions.😀': arrayUnion('mal') });
        await batch.commit();
      },
    ],
  ])('refused: %s', async (_case, attack) => {
    await denied(attack());
  });
});
