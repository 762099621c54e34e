/**
 * The largest legitimate writes, for each rule that reads other documents or checks element by
 * element: each must be accepted. The Firestore emulator enforces production's ceilings per
 * evaluation (1,000 expressions; 10 document reads per write, 20 per batch; it refuses the write
 * when one is passed, as checked when these tests were written), so an accepted write here is a
 * write that stays inside them.
 */
import { doc, getDoc, serverTimestamp, updateDoc, writeBatch, type DocumentData } from 'firebase/firestore';
import { MAX_MENTIONS, MAX_REACTION_EMOJIS, MAX_REACTION_KEY, REACTION_NAMES } from '@chat/shared';
import { describe, expect, it } from 'vitest';
import {
  allowed,
  denied,
  as,
  at,
  EMOJIS,
  giveReaction,
  inviteDoc,
  joinBatch,
  ledgerAfter,
  memberDoc,
  membershipDocs,
  newMember,
  newMessage,
  profileDoc,
  reactionPath,
  removeMembership,
  roomDoc,
  rulesSuite,
  seed,
  seedRoom,
  sendBatch,
  storedMessage,
  takeBackReaction,
  countedEdit,
} from './support';

const env = await rulesSuite(
  'worst-case',
  async (env) => {
    await seedRoom(env, 'big', 'public', { own: 'owner', ben: 'member' }, { slowModeSec: 3600 });
    await seedRoom(env, 'dm_ana_ben', 'direct', { ana: 'member', ben: 'member' });
  },
  { coverage: false },
);

const crowd = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const SHA = 'a'.repeat(64);

describe('worst cases inside the limits', () => {
  // The heaviest reaction write: an update of a reaction document holding one emoji fewer than
  // the most, adding the longest of shapes (a tag sequence, every character checked), with an
  // app-wide mute behind the member and one in the room, both over (every lookup made).
  it(`a reaction adding a ${MAX_REACTION_EMOJIS}th emoji to ${MAX_REACTION_EMOJIS - 1}, while muting is checked`, async () => {
    const flag = '🏴󠁧󠁢󠁳󠁣󠁴󠁿';
    expect(flag.length).toBeLessThanOrEqual(MAX_REACTION_KEY);
    await seed(env, {
      'rooms/big/messages/m0': storedMessage('own', {
        reactions: Object.fromEntries(EMOJIS.map((e) => [e, crowd(REACTION_NAMES, `${e}-`)])),
        reactionCounts: Object.fromEntries(EMOJIS.map((e) => [e, 1_000_000])),
      }),
      [reactionPath('big', 'm0', 'ben')]: { emojis: EMOJIS.slice(0, MAX_REACTION_EMOJIS - 1) },
      'ledgers/ben': { ...ledgerAfter(5, () => 60_000), mutedUntil: at(-1000) },
      'rooms/big/members/ben': memberDoc('ben', 'member', { mutedUntil: at(-1000) }),
      'rooms/big/sanctions/ben': { mutedUntil: at(-1000), kickedAt: null },
    });
    const ref = doc(as(env, 'ben'), reactionPath('big', 'm0', 'ben'));
    await allowed(giveReaction(ref, flag));
    await allowed(takeBackReaction(ref, flag));
    await allowed(giveReaction(ref, '👨‍👩‍👧‍👦'));
  });

  it(`taking back all ${MAX_REACTION_EMOJIS} emojis at once, and the first of a thread reply's`, async () => {
    await seed(env, {
      'rooms/big/messages/m0': storedMessage('own'),
      'rooms/big/messages/r0': storedMessage('own', { threadId: 'm0', inRoom: true }),
      [reactionPath('big', 'm0', 'ben')]: { emojis: EMOJIS },
      'ledgers/ben': { ...ledgerAfter(5, () => 60_000), mutedUntil: at(-1000) },
    });
    await allowed(updateDoc(doc(as(env, 'ben'), reactionPath('big', 'm0', 'ben')), { emojis: [] }));
    await allowed(giveReaction(doc(as(env, 'ben'), reactionPath('big', 'r0', 'ben')), '🏴󠁧󠁢󠁳󠁣󠁴󠁿'));
  });

  const fullMessage = (author: string, extra: DocumentData = {}) =>
    newMessage(author, {
      text: 'w'.repeat(2000),
      replyTo: { id: 'quoted' },
      mentions: crowd(MAX_MENTIONS, 'p'),
      words: crowd(60, 'word'),
      attachment: {
        id: 'att1',
        name: 'report.pdf',
        contentType: 'application/pdf',
        size: 1234,
        sha256: SHA,
        width: null,
        height: null,
      },
      ...extra,
    });
  const context = (roomId: string, author: string) => ({
    [`rooms/${roomId}/messages/quoted`]: storedMessage('own'),
    // a thread's first message, for the thread replies (another read than the quoted one)
    [`rooms/${roomId}/messages/first`]: storedMessage('own'),
    [`rooms/${roomId}/attachments/att1`]: {
      uploaderId: author,
      messageId: 'm1',
      name: 'report.pdf',
      contentType: 'application/pdf',
      size: 1234,
      sha256: SHA,
      chunkCount: 1,
      complete: true,
      createdAt: at(-1000),
    },

    [`blockedBy/${author}`]: { uids: crowd(1000, 'blocker') },
    [`users/${author}/blocks/somebody`]: { createdAt: at(-1000) },
    [`ledgers/${author}`]: { ...ledgerAfter(37, () => 60_000, 'old', roomId), mutedUntil: at(-1000) },
    [`users/${author}`]: profileDoc(author),
    [`rooms/${roomId}/sanctions/${author}`]: { mutedUntil: at(-1000), kickedAt: at(-7_200_000) },
  });

  it('a send in slow mode with an attachment, a reply, 20 mentions, 60 words and every check reading', async () => {
    await seed(env, { ...context('big', 'ben'), 'rooms/big/slowMode/ben': { at: at(-3_700_000), messageId: 'old' } });
    await allowed(sendBatch(as(env, 'ben'), 'big', 'ben', 'm1', fullMessage('ben'), { n: 37, slowMode: true }));
  });

  it('a direct message with an attachment, a reply and 20 mentions, with the blocks read', async () => {
    await seed(env, context('dm_ana_ben', 'ana'));
    await allowed(sendBatch(as(env, 'ana'), 'dm_ana_ben', 'ana', 'm1', fullMessage('ana'), 37));
  });

  // A thread reply carries no file: its read of the thread's first message takes the file's place
  // (a direct room's reply quoting another message, with a file, would read 11 documents).
  it('a thread reply also sent to the room, in slow mode, quoting another message, with 20 mentions', async () => {
    await seed(env, { ...context('big', 'ben'), 'rooms/big/slowMode/ben': { at: at(-3_700_000), messageId: 'old' } });
    const reply = fullMessage('ben', { threadId: 'first', inRoom: true, attachment: null });
    await allowed(sendBatch(as(env, 'ben'), 'big', 'ben', 'm1', reply, { n: 37, slowMode: true }));
  });

  it('a thread reply in a direct room quoting another message, with 20 mentions, with the blocks read', async () => {
    await seed(env, context('dm_ana_ben', 'ana'));
    const reply = fullMessage('ana', { threadId: 'first', inRoom: false, attachment: null });
    await allowed(sendBatch(as(env, 'ana'), 'dm_ana_ben', 'ana', 'm1', reply, 37));
  });

  it('refuses a thread reply with a file, whose reads would pass the limit', async () => {
    await seed(env, context('dm_ana_ben', 'ana'));
    const reply = fullMessage('ana', { threadId: 'first', inRoom: false });
    await denied(sendBatch(as(env, 'ana'), 'dm_ana_ben', 'ana', 'm1', reply, 37));
  });

  it('an edit by a member with an app-wide mute behind them, at the full sizes', async () => {
    await seed(env, {
      'rooms/big/messages/mine': storedMessage('ben', { createdAt: at(-60_000) }),
      'ledgers/ben': { ...ledgerAfter(5, () => 60_000), mutedUntil: at(-1000) },
      'rooms/big/sanctions/ben': { mutedUntil: at(-1000), kickedAt: null },
    });
    await allowed(
      countedEdit(doc(as(env, 'ben'), 'rooms', 'big', 'messages', 'mine'), 'ben', {
        text: 'x'.repeat(2000),
        words: crowd(60, 'word'),
        editedAt: serverTimestamp(),
      }),
    );
  });

  describe('membership changes with every sanction on record', () => {
    const until = at(3_600_000);
    const CODE = 'fresh-code-0123456789abc';
    const roster = (extra: string[]) => ['own', 'adm', 'ben', ...extra];
    const arrange = () =>
      seed(env, {
        'rooms/club': roomDoc('private', 'own', roster(['cat'])),
        ...membershipDocs('club', 'own', 'owner'),
        ...membershipDocs('club', 'adm', 'admin'),
        ...membershipDocs('club', 'ben', 'member'),
        ...membershipDocs('club', 'cat', 'admin', { mutedUntil: until }),
        'rooms/club/sanctions/cat': { mutedUntil: until, kickedAt: at(-86_400_000) },
        'rooms/club/sanctions/dan': { mutedUntil: until, kickedAt: at(-60_000) },
        [`rooms/club/invites/${CODE}`]: inviteDoc('adm'),
        'users/dan': profileDoc('dan'),
      });

    it('a kicked, muted person rejoins by an invite made after the kick', async () => {
      await arrange();
      await allowed(joinBatch(as(env, 'dan'), 'club', 'dan', newMember('dan', 'member', { mutedUntil: until }), CODE));
    });

    it('an admin adds back a kicked, muted person', async () => {
      await arrange();
      await allowed(joinBatch(as(env, 'adm'), 'club', 'dan', newMember('dan', 'member', { mutedUntil: until })));
    });

    it('the owner bans and kicks a muted admin, keeping the mute on record', async () => {
      await arrange();
      const db = as(env, 'own');
      const batch = writeBatch(db);
      batch.set(doc(db, 'rooms', 'club', 'bans', 'cat'), {
        bannedBy: 'own',
        reason: 'r'.repeat(500),
        createdAt: serverTimestamp(),
      });
      batch.set(doc(db, 'rooms', 'club', 'sanctions', 'cat'), { mutedUntil: until, kickedAt: serverTimestamp() });
      removeMembership(batch, db, 'club', 'cat');
      await allowed(batch.commit());
    });

    it('an admin lifts the mute of a member with a kick on record', async () => {
      await arrange();
      await seed(env, { 'rooms/club/sanctions/ben': { mutedUntil: until, kickedAt: at(-86_400_000) } });
      const db = as(env, 'adm');
      const kept = await getDoc(doc(db, 'rooms', 'club', 'sanctions', 'ben'));
      const batch = writeBatch(db);
      batch.set(doc(db, 'rooms', 'club', 'sanctions', 'ben'), { mutedUntil: null, kickedAt: kept.get('kickedAt') });
      batch.update(doc(db, 'rooms', 'club', 'members', 'ben'), { mutedUntil: null });
      await allowed(batch.commit());
    });
  });
});
