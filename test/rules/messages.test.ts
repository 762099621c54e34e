import {
  arrayRemove,
  arrayUnion,
  collection,
  collectionGroup,
  deleteDoc,
  deleteField,
  doc,
  getDoc,
  getDocs,
  serverTimestamp,
  setDoc,
  updateDoc,
  writeBatch,
  type DocumentData,
  type Firestore,
} from 'firebase/firestore';
import { MAX_REACTION_EMOJIS } from '@chat/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { readMyReaction, setReaction } from '../../web/src/data/messages';
import {
  allowed,
  as,
  at,
  CAST,
  denied,
  EMOJIS,
  giveReaction,
  ledgerAfter,
  ledgerEntry,
  list,
  listingPath,
  memberDoc,
  membershipDocs,
  newMessage,
  profileDoc,
  reactionPath,
  rulesSuite,
  seed,
  seedRoom,
  sendBatch,
  storedMessage,
  takeBackReaction,
  countedEdit,
} from './support';

const env = await rulesSuite('messages', async (env) => {
  await seedRoom(env, 'r1', 'public', CAST);
  await seedRoom(env, 'priv', 'private', { ana: 'owner', ben: 'member' });
});

const SHA = 'a'.repeat(64);
const attachmentRef = (extra: DocumentData = {}) => ({
  id: 'att1',
  name: 'cat.png',
  contentType: 'image/png',
  size: 1234,
  sha256: SHA,
  width: 640,
  height: 480,
  ...extra,
});
const attachmentMeta = (extra: DocumentData = {}) => ({
  uploaderId: 'ben',
  messageId: 'm1',
  name: 'cat.png',
  contentType: 'image/png',
  size: 1234,
  sha256: SHA,
  chunkCount: 1,
  complete: true,
  createdAt: at(-1000),
  ...extra,
});

const send = (uid: string | null, message: DocumentData, roomId = 'r1', id = 'm1', n = 0) =>
  sendBatch(as(env, uid), roomId, uid ?? 'anon', id, message, n);

describe('rooms/{roomId}/messages: reading', () => {
  beforeEach(async () => {
    await seed(env, { 'rooms/r1/messages/m0': storedMessage('ana'), 'rooms/priv/messages/m0': storedMessage('ana') });
  });

  it("a public room's messages are open to signed-in users; a private room's to members", async () => {
    await allowed(getDoc(doc(as(env, 'eve'), 'rooms', 'r1', 'messages', 'm0')));
    await allowed(list(collection(as(env, 'eve'), 'rooms', 'r1', 'messages'), 50));
    await allowed(list(collection(as(env, 'ben'), 'rooms', 'priv', 'messages'), 100));
    await denied(getDoc(doc(as(env, 'eve'), 'rooms', 'priv', 'messages', 'm0')));
    await denied(list(collection(as(env, 'eve'), 'rooms', 'priv', 'messages'), 50));
    await denied(list(collection(as(env, 'ben'), 'rooms', 'priv', 'messages'), 101));
    await denied(getDocs(collection(as(env, 'ben'), 'rooms', 'priv', 'messages')));
    await denied(getDoc(doc(as(env, null), 'rooms', 'r1', 'messages', 'm0')));
  });

  it('no collection-group query reaches messages, member or not', async () => {
    await denied(list(collectionGroup(as(env, 'ben'), 'messages'), 10));
    await denied(list(collectionGroup(as(env, 'eve'), 'messages'), 10));
  });
});

describe('rooms/{roomId}/messages: sending', () => {
  it('a member sends a message with its ledger', async () => {
    await allowed(send('ben', newMessage('ben')));
  });

  it("under the name on the sender's member document, which spares the profile's lookup, or the profile's own after a rename not yet copied there", async () => {
    await seedRoom(env, 'named', 'public', { ana: 'owner', dan: 'member' });
    // renamed: the profile has the new name, the member document the old one until the server copies it
    await seed(env, { 'users/dan': profileDoc('dan', { displayName: 'Dan Renamed', nameLower: 'dan renamed' }) });
    await allowed(send('dan', newMessage('dan', { authorName: 'Dan Renamed' }), 'named', 'm1'));
    await allowed(send('dan', newMessage('dan', { authorName: 'Name dan' }), 'named', 'm2', 1));
    await denied(send('dan', newMessage('dan', { authorName: 'Name ana' }), 'named', 'm3', 2));
    // the member document's name is checked first: a send under it reads no profile (none here)
    await env.withSecurityRulesDisabled((context) => deleteDoc(doc(context.firestore(), 'users/dan')));
    await allowed(send('dan', newMessage('dan', { authorName: 'Name dan' }), 'named', 'm4', 2));
  });

  it('with a reply, 20 mentions, 60 words and 2000 characters', async () => {
    await seed(env, { 'rooms/r1/messages/m0': storedMessage('ana') });
    await allowed(
      send(
        'ben',
        newMessage('ben', {
          text: 'x'.repeat(2000),
          replyTo: { id: 'm0' },
          mentions: Array.from({ length: 20 }, (_, i) => `u${i}`),
          words: Array.from({ length: 60 }, (_, i) => `w${i}`),
        }),
      ),
    );
    await allowed(send('ana', newMessage('ana', { text: '!', words: [] }), 'r1', 'm2'));
  });

  it.each<[string, DocumentData]>([
    ['as someone else', newMessage('ana')],
    ['with an empty author name', newMessage('ben', { authorName: '' })],
    ["under someone else's name", newMessage('ben', { authorName: 'Name ana' })],
    ['as a system message', newMessage('ben', { kind: 'system' })],
    ['with a forged time', newMessage('ben', { createdAt: at(-60_000) })],
    ['with empty text', newMessage('ben', { text: '', words: [] })],
    ['with 2001 characters', newMessage('ben', { text: 'x'.repeat(2001) })],
    ['with text that is not a string', newMessage('ben', { text: 42 })],
    ['with 61 words', newMessage('ben', { words: Array.from({ length: 61 }, (_, i) => `w${i}`) })],
    ['with an uppercase word', newMessage('ben', { words: ['Hello'] })],
    ['with a repeated word', newMessage('ben', { words: ['hello', 'hello'] })],
    ['with an empty word', newMessage('ben', { words: ['hello', ''] })],
    ['with a 41-character word', newMessage('ben', { words: ['w'.repeat(41)] })],
    ['with a word holding a space', newMessage('ben', { words: ['hello there'] })],
    ['with words that are not a list', newMessage('ben', { words: 'hello' })],
    ['with words that are not strings', newMessage('ben', { words: [1, 2] })],
    ['without words', (({ words: _words, ...rest }) => rest)(newMessage('ben'))],
    ['replying with a quote of its own', newMessage('ben', { replyTo: { id: 'm0', authorName: 'A', excerpt: '' } })],
    ['replying with an empty id', newMessage('ben', { replyTo: { id: '' } })],
    ['replying to a message that does not exist', newMessage('ben', { replyTo: { id: 'nope' } })],
    ['replying to a system message', newMessage('ben', { replyTo: { id: 'sys' } })],
    ['with 21 mentions', newMessage('ben', { mentions: Array.from({ length: 21 }, (_, i) => `u${i}`) })],
    ['with mentions that are not a list', newMessage('ben', { mentions: 'everyone' })],
    ['mentioning a 40,000-character string', newMessage('ben', { mentions: ['u'.repeat(40_000)] })],
    ['mentioning a number', newMessage('ben', { mentions: [7] })],
    ['mentioning someone twice', newMessage('ben', { mentions: ['ana', 'ana'] })],
    ['mentioning a name with a space', newMessage('ben', { mentions: ['ana bob'] })],
    ['already edited', newMessage('ben', { editedAt: serverTimestamp() })],
    ['already deleted', newMessage('ben', { deleted: true })],
    ['with reactions', newMessage('ben', { reactions: { '👍': ['ben'] } })],
    ['marked hidden', newMessage('ben', { hidden: false })],
    ['with a moderation verdict', newMessage('ben', { moderation: { action: 'none', reasons: [], reportCount: 0 } })],
  ])('a message cannot be sent %s', async (_case, message) => {
    await seed(env, {
      'rooms/r1/messages/m0': storedMessage('ana'),
      'rooms/r1/messages/sys': storedMessage('ana', { kind: 'system' }),
    });
    await denied(send('ben', message));
  });

  it('a message without its ledger entry, or with a ledger naming another message, is refused', async () => {
    const db = as(env, 'ben');
    await denied(setDoc(doc(db, 'rooms', 'r1', 'messages', 'm1'), newMessage('ben')));
    await denied(sendBatch(db, 'r1', 'ben', 'm1', newMessage('ben'), 0, ledgerEntry(0, 'r1', 'other')));
    await seed(env, { 'rooms/other/messages/m1': storedMessage('ben') });
    await denied(sendBatch(db, 'r1', 'ben', 'm1', newMessage('ben'), 0, ledgerEntry(0, 'other', 'm1')));
  });

  it('one ledger entry covers one message: a second message in the batch is refused', async () => {
    const db = as(env, 'ben');
    const batch = writeBatch(db);
    batch.set(doc(db, 'rooms', 'r1', 'messages', 'm1'), newMessage('ben'));
    batch.set(doc(db, 'rooms', 'r1', 'messages', 'm2'), newMessage('ben'));
    batch.set(doc(db, 'ledgers', 'ben'), { n: 1, at: { '0': serverTimestamp() }, roomId: 'r1', messageId: 'm2' });
    await denied(batch.commit());
  });

  it('outsiders and signed-out users cannot send, even to a public room', async () => {
    await denied(send('eve', newMessage('eve')));
    await denied(send(null, newMessage('anon')));
  });

  it('a muted member cannot send until the mute ends', async () => {
    await seed(env, {
      'rooms/r1/members/ben': memberDoc('ben', 'member', {
        displayName: 'Ben',
        joinedAt: at(-9000),
        mutedUntil: at(600_000),
      }),
      'rooms/r1/sanctions/ben': { mutedUntil: at(600_000), kickedAt: null },
    });
    await denied(send('ben', newMessage('ben')));
    await seed(env, {
      'rooms/r1/members/ben': memberDoc('ben', 'member', {
        displayName: 'Ben',
        joinedAt: at(-9000),
        mutedUntil: at(-1000),
      }),
      'rooms/r1/sanctions/ben': { mutedUntil: at(-1000), kickedAt: null },
    });
    await allowed(send('ben', newMessage('ben')));
  });

  it('a user restricted app-wide cannot send anywhere until it ends', async () => {
    // the server's mute sits on the sender's ledger, before any send or after some
    await seed(env, { 'ledgers/ben': { mutedUntil: at(600_000) } });
    await denied(send('ben', newMessage('ben')));
    await seed(env, { 'ledgers/ben': { ...ledgerAfter(3, () => 60_000), mutedUntil: at(600_000) } });
    await denied(send('ben', newMessage('ben'), 'r1', 'm4', 3));
    await seed(env, { 'ledgers/ben': { mutedUntil: at(-1000) } });
    await allowed(send('ben', newMessage('ben')));
  });

  it('a banned user (banned and removed) cannot send', async () => {
    await seed(env, { 'rooms/r1/bans/bob': { bannedBy: 'ana', reason: 'spam', createdAt: at(-1000) } });
    await env.withSecurityRulesDisabled(async (c) => {
      await deleteDoc(doc(c.firestore(), 'rooms/r1/members/bob'));
      await deleteDoc(doc(c.firestore(), listingPath('bob', 'r1')));
    });
    await denied(send('bob', newMessage('bob')));
  });
});

describe('rooms/{roomId}/messages: direct rooms', () => {
  beforeEach(() => seedRoom(env, 'dm_ana_ben', 'direct', { ana: 'member', ben: 'member' }));

  it('either person writes in their direct room; once one blocks the other, neither can', async () => {
    await allowed(send('ana', newMessage('ana'), 'dm_ana_ben', 'm1'));
    await allowed(send('ben', newMessage('ben'), 'dm_ana_ben', 'm2'));
    await seed(env, { 'users/ben/blocks/ana': { createdAt: at(-1000) }, 'blockedBy/ana': { uids: ['ben'] } });
    // each one's second send, refused for the block alone: the same sends pass once it is lifted
    await denied(send('ana', newMessage('ana'), 'dm_ana_ben', 'm3', 1));
    // nor the blocker: they would message someone their block keeps from answering
    await denied(send('ben', newMessage('ben'), 'dm_ana_ben', 'm4', 1));
    await env.withSecurityRulesDisabled(async (ctx) => {
      const db = ctx.firestore() as unknown as Firestore;
      await deleteDoc(doc(db, 'users/ben/blocks/ana'));
      await deleteDoc(doc(db, 'blockedBy/ana'));
    });
    await allowed(send('ana', newMessage('ana'), 'dm_ana_ben', 'm3', 1));
    await allowed(send('ben', newMessage('ben'), 'dm_ana_ben', 'm4', 1));
  });

  it('a mention of someone who blocked the sender is refused, in any room', async () => {
    await seed(env, { 'users/bob/blocks/ben': { createdAt: at(-1000) }, 'blockedBy/ben': { uids: ['bob'] } });
    await denied(send('ben', newMessage('ben', { mentions: ['ana', 'bob'] })));
    await allowed(send('ben', newMessage('ben', { mentions: ['ana'] })));
  });
});

describe('rooms/{roomId}/messages: attachments', () => {
  const withFile = (extra: DocumentData = {}) =>
    newMessage('ben', { text: '', words: [], attachment: attachmentRef(extra) });

  it('a message may carry only a completed upload of its sender, for this message', async () => {
    await seed(env, { 'rooms/r1/attachments/att1': attachmentMeta() });
    await allowed(send('ben', withFile()));
  });

  it('with a caption and an attachment without dimensions', async () => {
    await seed(env, { 'rooms/r1/attachments/att1': attachmentMeta() });
    await allowed(send('ben', newMessage('ben', { attachment: attachmentRef({ width: null, height: null }) })));
  });

  it.each<[string, DocumentData, DocumentData]>([
    ['that was never uploaded', {}, { uploaderId: 'missing' }],
    ['uploaded by someone else', {}, { uploaderId: 'ana' }],
    ['uploaded for another message', {}, { messageId: 'm9' }],
    ['still uploading', {}, { complete: false }],
    ['of another size', {}, { size: 999 }],
    ['with another hash', {}, { sha256: 'b'.repeat(64) }],
    ['of another type', {}, { contentType: 'image/gif' }],
    ['with extra fields in the ref', { url: 'https://x' }, {}],
    ['with a hash that is not hex', { sha256: 'z'.repeat(64) }, { sha256: 'z'.repeat(64) }],
    ['with zero width', { width: 0 }, {}],
    ['with a height that is not a number', { height: '480' }, {}],
    ['with a hash that is not a string', { sha256: 5 }, { sha256: 5 }],
    ['with a size that is not an int', { size: '1234' }, { size: '1234' }],
    ['with an empty name', { name: '' }, {}],
    ['with an empty id', { id: '' }, {}],
    ['with an id that is a path', { id: 'att1/chunks/0' }, {}],
    ['with a type that is not a string', { contentType: 7 }, { contentType: 7 }],
    ['under another name than the upload', { name: 'invoice.pdf' }, {}],
  ])('an attachment is refused %s', async (_case, ref, meta) => {
    if (meta.uploaderId !== 'missing')
      await seed(env, { [`rooms/r1/attachments/${ref.id || 'att1'}`]: attachmentMeta(meta) });
    await denied(send('ben', withFile(ref)));
  });
});

describe('rooms/{roomId}/messages: edits and redaction', () => {
  const ref = (uid: string | null, id = 'm0') => doc(as(env, uid), 'rooms', 'r1', 'messages', id);
  const edit = (extra: DocumentData = {}) => ({
    text: 'fixed typo',
    words: ['fixed', 'typo'],
    editedAt: serverTimestamp(),
    ...extra,
  });
  const redaction = (extra: DocumentData = {}) => ({ text: '', words: [], deleted: true, attachment: null, ...extra });

  beforeEach(async () => {
    await seed(env, {
      'rooms/r1/messages/m0': storedMessage('ben'),
      'rooms/r1/messages/old': storedMessage('ben', { createdAt: at(-16 * 60_000) }),
      'rooms/r1/messages/gone': storedMessage('ben', { text: '', words: [], deleted: true }),
      'rooms/r1/messages/sys': storedMessage('ben', { kind: 'system' }),
      'rooms/r1/messages/file': storedMessage('ben', { attachment: attachmentRef() }),
    });
  });

  it('the author edits text and words within 15 minutes', async () => {
    await allowed(countedEdit(ref('ben'), 'ben', edit()));
    await allowed(countedEdit(ref('ben', 'file'), 'ben', edit({ text: '', words: [] })));
  });

  it.each<[string, string, string, DocumentData]>([
    ['after 15 minutes', 'ben', 'old', edit()],
    ['by someone else', 'ana', 'm0', edit()],
    ['of a redacted message', 'ben', 'gone', edit()],
    ['of a system message', 'ben', 'sys', edit()],
    ['with a forged editedAt', 'ben', 'm0', edit({ editedAt: at(-1000) })],
    ['changing mentions too', 'ben', 'm0', edit({ mentions: ['ana'] })],
    ['to empty text without an attachment', 'ben', 'm0', edit({ text: '', words: [] })],
    ['with uppercase words', 'ben', 'm0', edit({ words: ['Fixed'] })],
    ['by an outsider', 'eve', 'm0', edit()],
    ['signed out', '', 'm0', edit()],
  ])('an edit is refused %s', async (_case, uid, id, change) => {
    await denied(countedEdit(ref(uid || null, id), uid || null, change));
  });

  it('a muted author cannot edit, in the room or app-wide, until the mute ends', async () => {
    await seed(env, {
      'rooms/r1/members/ben': memberDoc('ben', 'member', { mutedUntil: at(600_000) }),
      'rooms/r1/sanctions/ben': { mutedUntil: at(600_000), kickedAt: null },
    });
    await denied(countedEdit(ref('ben'), 'ben', edit()));
    await seed(env, {
      'rooms/r1/members/ben': memberDoc('ben', 'member'),
      'rooms/r1/sanctions/ben': { mutedUntil: null, kickedAt: null },
      'ledgers/ben': { ...ledgerAfter(3, () => 60_000), mutedUntil: at(600_000) },
    });
    await denied(countedEdit(ref('ben'), 'ben', edit()));
    await seed(env, { 'ledgers/ben': { ...ledgerAfter(3, () => 60_000), mutedUntil: at(-1000) } });
    await allowed(countedEdit(ref('ben'), 'ben', edit()));
  });

  it("the author redacts their message, even late; a room admin redacts a lower role's", async () => {
    await allowed(updateDoc(ref('ben', 'old'), redaction()));
    await allowed(updateDoc(ref('adi'), redaction()));
    await allowed(updateDoc(ref('ana', 'file'), redaction()));
  });

  it("admins never redact the owner's messages or another admin's; the owner redacts an admin's", async () => {
    await seed(env, {
      'rooms/r1/messages/byOwner': storedMessage('ana'),
      'rooms/r1/messages/byAdmin': storedMessage('adi'),
      'rooms/r1/messages/byGone': storedMessage('left'),
      ...membershipDocs('r1', 'ad2', 'admin'),
    });
    await denied(updateDoc(ref('adi', 'byOwner'), redaction()));
    await denied(updateDoc(ref('ad2', 'byAdmin'), redaction()));
    await allowed(updateDoc(ref('ana', 'byAdmin'), redaction()));
    // someone who left ranks as a member
    await allowed(updateDoc(ref('adi', 'byGone'), redaction()));
  });

  it.each<[string, string, string, DocumentData]>([
    ['by another member', 'bob', 'm0', redaction()],
    ['keeping some text', 'ben', 'old', redaction({ text: 'still here' })],
    ['keeping the words', 'ben', 'old', redaction({ words: ['hello'] })],
    ['without marking it deleted', 'ben', 'old', { text: '', words: [] }],
    ['keeping the attachment', 'ben', 'file', { text: '', words: [], deleted: true }],
    ['changing the author', 'ben', 'old', redaction({ authorId: 'ana' })],
  ])('a redaction is refused %s', async (_case, uid, id, change) => {
    await denied(updateDoc(ref(uid, id), change));
  });

  it('nobody deletes a message document', async () => {
    await denied(deleteDoc(ref('ben')));
    await denied(deleteDoc(ref('ana')));
  });
});

describe("rooms/{roomId}/messages: the message's reactions are the server's", () => {
  const ref = (uid: string) => doc(as(env, uid), 'rooms', 'r1', 'messages', 'm0');

  beforeEach(async () => {
    await seed(env, {
      'rooms/r1/messages/m0': storedMessage('ana', { reactions: { '👍': ['ana'] }, reactionCounts: { '👍': 1 } }),
    });
  });

  // each of these was a reaction the rules took before reactions/{uid}: now no client writes them
  it.each<[string, string, DocumentData]>([
    ['adding oneself under an emoji', 'ben', { 'reactions.👍': arrayUnion('ben') }],
    ['adding oneself under a new emoji', 'ben', { 'reactions.❤️': ['ben'] }],
    ['taking oneself back', 'ana', { 'reactions.👍': arrayRemove('ana') }],
    ['dropping an emoji of their own', 'ana', { 'reactions.👍': deleteField() }],
    ['the author, replacing them', 'ana', { reactions: {} }],
    ['a room admin', 'adi', { 'reactions.👍': arrayUnion('adi') }],
    ['counting oneself', 'ben', { 'reactionCounts.👍': 2 }],
    ['counting a new emoji', 'ben', { 'reactionCounts.❤️': 1 }],
    ['the author, zeroing the counts', 'ana', { reactionCounts: {} }],
    ['the owner, dropping the counts', 'ana', { reactionCounts: deleteField() }],
    ['with an edit', 'ana', { text: 'x', words: ['x'], editedAt: serverTimestamp(), reactionCounts: {} }],
    ['with a redaction', 'ana', { text: '', words: [], deleted: true, attachment: null, reactions: {} }],
  ])('refused: a client write of the reactions on the message, %s', async (_case, uid, change) => {
    // an edit comes with its count, so only the reactions are what is refused
    await denied(change.editedAt ? countedEdit(ref(uid), uid, change) : updateDoc(ref(uid), change));
  });

  it('refused: a message sent with reaction counts', async () => {
    await denied(send('ben', newMessage('ben', { reactionCounts: {} })));
    await allowed(send('ben', newMessage('ben')));
  });
});

describe('rooms/{roomId}/messages/{messageId}/reactions/{uid}', () => {
  /** `owner`'s reaction document on message `id` of `roomId`, as `uid` sees it. */
  const mine = (uid: string | null, id = 'm0', roomId = 'r1', owner = uid ?? 'anon') =>
    doc(as(env, uid), 'rooms', roomId, 'messages', id, 'reactions', owner);
  const stored = (uid: string) => getDoc(mine(uid));
  const muteIn = (until: ReturnType<typeof at>) =>
    seed(env, {
      'rooms/r1/members/ben': memberDoc('ben', 'member', { mutedUntil: until }),
      'rooms/r1/sanctions/ben': { mutedUntil: until, kickedAt: null },
    });

  beforeEach(async () => {
    await seed(env, {
      'rooms/r1/messages/m0': storedMessage('ana'),
      'rooms/r1/messages/sys': storedMessage('ana', { kind: 'system' }),
      'rooms/r1/messages/gone': storedMessage('ana', { text: '', words: [], deleted: true }),
      'rooms/r1/messages/reply': storedMessage('bob', { threadId: 'm0', inRoom: false }),
      'rooms/priv/messages/m0': storedMessage('ana'),
      [reactionPath('r1', 'm0', 'ana')]: { emojis: ['👍', '🎉'] },
      [reactionPath('priv', 'm0', 'ana')]: { emojis: ['👍'] },
    });
  });

  it("a member gives an emoji and takes it back with the client's own calls", async () => {
    const db = as(env, 'ben');
    await allowed(setReaction(db, 'r1', 'm0', '👍', 'ben', true));
    expect(await readMyReaction(db, 'r1', 'm0', 'ben')).toEqual(['👍']);
    await allowed(setReaction(db, 'r1', 'm0', '❤️', 'ben', true));
    // sent again (a lost answer): nothing changes, and the rules take it
    await allowed(setReaction(db, 'r1', 'm0', '❤️', 'ben', true));
    expect(await readMyReaction(db, 'r1', 'm0', 'ben')).toEqual(['👍', '❤️']);
    await allowed(setReaction(db, 'r1', 'm0', '👍', 'ben', false));
    await allowed(setReaction(db, 'r1', 'm0', '❤️', 'ben', false));
    await allowed(setReaction(db, 'r1', 'm0', '❤️', 'ben', false));
    // the last taken back leaves []
    expect((await stored('ben')).data()).toEqual({ emojis: [] });
    expect(await readMyReaction(db, 'r1', 'm0', 'ben')).toEqual([]);
    expect(await readMyReaction(db, 'r1', 'm0', 'bob')).toEqual([]);
  });

  it('taking back an emoji never given makes a document holding none', async () => {
    await allowed(takeBackReaction(mine('ben'), '👍'));
    expect((await stored('ben')).data()).toEqual({ emojis: [] });
  });

  it("on any text message: someone else's, their own, a thread reply, a redacted one, in a private room", async () => {
    await allowed(giveReaction(mine('ana'), '❤️'));
    await allowed(giveReaction(mine('bob', 'reply'), '👍'));
    await allowed(giveReaction(mine('ben', 'gone'), '👍'));
    await allowed(giveReaction(mine('ben', 'm0', 'priv'), '👍'));
    await allowed(giveReaction(mine('ana', 'm0', 'priv'), '🎉'));
  });

  it('real emoji of every shape', async () => {
    for (const emoji of ['❤️', '👍🏽', '👨‍👩‍👧', '🏳️‍🌈', '🇫🇷', '#️⃣', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '☺', '⭐', '🏻']) {
      await allowed(giveReaction(mine('ben'), emoji));
    }
    expect((await stored('ben')).get('emojis')).toHaveLength(10);
  });

  it(`a ${MAX_REACTION_EMOJIS}th emoji, then none more`, async () => {
    await seed(env, { [reactionPath('r1', 'm0', 'ben')]: { emojis: EMOJIS.slice(0, MAX_REACTION_EMOJIS - 1) } });
    await allowed(giveReaction(mine('ben'), EMOJIS[MAX_REACTION_EMOJIS - 1]!));
    await denied(giveReaction(mine('ben'), '🚀'));
    // one taken back makes room again
    await allowed(takeBackReaction(mine('ben'), EMOJIS[0]!));
    await allowed(giveReaction(mine('ben'), '🚀'));
  });

  it('any number taken back at once, and one given while others are taken back', async () => {
    await seed(env, { [reactionPath('r1', 'm0', 'ben')]: { emojis: EMOJIS.slice(0, 5) } });
    await allowed(updateDoc(mine('ben'), { emojis: arrayRemove(...EMOJIS.slice(0, 3)) }));
    await allowed(updateDoc(mine('ben'), { emojis: ['🚀'] }));
    await allowed(updateDoc(mine('ben'), { emojis: [] }));
  });

  it('a member removes their own reaction document', async () => {
    await allowed(deleteDoc(mine('ana')));
    await allowed(deleteDoc(mine('ben')));
  });

  it.each<[string, string | null, string, DocumentData]>([
    ['for someone else', 'ben', 'bob', { emojis: ['👍'] }],
    ['signed out', null, 'ben', { emojis: ['👍'] }],
    ['by an outsider, even in a public room', 'eve', 'eve', { emojis: ['👍'] }],
    ['with an extra key', 'ben', 'ben', { emojis: ['👍'], at: serverTimestamp() }],
    ['with a key of another name', 'ben', 'ben', { emoji: '👍' }],
    ['without emojis', 'ben', 'ben', {}],
    ['with two emojis at once', 'ben', 'ben', { emojis: ['👍', '❤️'] }],
    ['with the same emoji twice', 'ben', 'ben', { emojis: ['👍', '👍'] }],
    ['with emojis that are not a list', 'ben', 'ben', { emojis: '👍' }],
    ['with emojis that are a map', 'ben', 'ben', { emojis: { '👍': true } }],
    ['with text', 'ben', 'ben', { emojis: ['lol'] }],
    ['with an empty string', 'ben', 'ben', { emojis: [''] }],
    ['with a number', 'ben', 'ben', { emojis: [7] }],
    ['with a map in the list', 'ben', 'ben', { emojis: [{ emoji: '👍' }] }],
    // every character an emoji's, in no emoji's shape; an arrow beside the emoji ones (U+219A)
    ['with two emoji as one', 'ben', 'ben', { emojis: ['👍👍'] }],
    ['with an arrow that is no emoji', 'ben', 'ben', { emojis: ['\u219A'] }],
    ['with 40 letters', 'ben', 'ben', { emojis: ['x'.repeat(40)] }],
  ])('a first reaction is refused %s', async (_case, uid, owner, data) => {
    await denied(setDoc(mine(uid, 'm0', 'r1', owner), data));
  });

  it('refused on a system message, or on a message that does not exist', async () => {
    await denied(giveReaction(mine('ben', 'sys'), '👍'));
    await denied(takeBackReaction(mine('ben', 'sys'), '👍'));
    await denied(giveReaction(mine('ben', 'nope'), '👍'));
    await denied(giveReaction(mine('ben', 'nope', 'priv'), '👍'));
    await allowed(giveReaction(mine('ben', 'm0'), '👍'));
  });

  it.each<[string, string, DocumentData]>([
    ["someone else's", 'ben', { emojis: ['👍', '🎉', '❤️'] }],
    ["someone else's, taking theirs back", 'ben', { emojis: [] }],
    ['with an extra key', 'ana', { emojis: ['👍', '🎉'], count: 2 }],
    ['dropping the key', 'ana', { emoji: '👍' }],
    ['adding two emojis at once', 'ana', { emojis: ['👍', '🎉', '❤️', '🚀'] }],
    ['replacing the emojis with two others', 'ana', { emojis: ['❤️', '🚀'] }],
    ['doubling an emoji held', 'ana', { emojis: ['👍', '👍'] }],
    ['adding an emoji twice', 'ana', { emojis: ['👍', '🎉', '❤️', '❤️'] }],
    ['adding text', 'ana', { emojis: ['👍', '🎉', 'lol'] }],
    ['adding an empty string', 'ana', { emojis: ['👍', '🎉', ''] }],
    ['adding a number', 'ana', { emojis: ['👍', '🎉', 1] }],
    ['turning the list into a string', 'ana', { emojis: '👍' }],
  ])('a change of a reaction document is refused: %s', async (_case, uid, data) => {
    await denied(setDoc(doc(as(env, uid), reactionPath('r1', 'm0', 'ana')), data));
  });

  it(`a ${MAX_REACTION_EMOJIS + 1}st emoji is refused, however it is written`, async () => {
    await seed(env, { [reactionPath('r1', 'm0', 'ben')]: { emojis: EMOJIS } });
    await denied(giveReaction(mine('ben'), '🚀'));
    await denied(setDoc(mine('ben'), { emojis: [...EMOJIS, '🚀'] }));
    // re-giving one held changes nothing
    await allowed(giveReaction(mine('ben'), EMOJIS[0]!));
  });

  it('nobody removes or writes someone else’s reaction document, not even the room owner', async () => {
    await seed(env, { [reactionPath('r1', 'm0', 'ben')]: { emojis: ['👍'] } });
    await denied(deleteDoc(mine('bob', 'm0', 'r1', 'ben')));
    await denied(deleteDoc(mine('ana', 'm0', 'r1', 'ben')));
    await denied(takeBackReaction(mine('ana', 'm0', 'r1', 'ben'), '👍'));
    await denied(deleteDoc(mine(null, 'm0', 'r1', 'ben')));
    await allowed(deleteDoc(mine('ben')));
  });

  it('a muted member neither gives, takes back nor removes a reaction until the mute ends', async () => {
    await seed(env, { [reactionPath('r1', 'm0', 'ben')]: { emojis: ['👍'] } });
    await muteIn(at(600_000));
    await denied(giveReaction(mine('ben'), '❤️'));
    await denied(takeBackReaction(mine('ben'), '👍'));
    await denied(deleteDoc(mine('ben')));
    await denied(giveReaction(mine('ben', 'reply'), '❤️'));
    await muteIn(at(-1000));
    await allowed(giveReaction(mine('ben'), '❤️'));
    await allowed(takeBackReaction(mine('ben'), '👍'));
    await allowed(deleteDoc(mine('ben')));
  });

  it('a member muted app-wide (the server’s mutedUntil on their ledger) neither, until it ends', async () => {
    await seed(env, {
      [reactionPath('r1', 'm0', 'ben')]: { emojis: ['👍'] },
      'ledgers/ben': { ...ledgerAfter(3, () => 60_000), mutedUntil: at(600_000) },
    });
    await denied(giveReaction(mine('ben'), '❤️'));
    await denied(takeBackReaction(mine('ben'), '👍'));
    await denied(deleteDoc(mine('ben')));
    await denied(giveReaction(mine('ben', 'm0', 'priv'), '❤️'));
    await seed(env, { 'ledgers/ben': { ...ledgerAfter(3, () => 60_000), mutedUntil: at(-1000) } });
    await allowed(giveReaction(mine('ben'), '❤️'));
    await allowed(deleteDoc(mine('ben')));
    // a ledger without a mute
    await seed(env, { 'ledgers/ben': ledgerAfter(3, () => 60_000) });
    await allowed(giveReaction(mine('ben'), '❤️'));
  });

  it('a kicked member neither gives, takes back nor removes a reaction', async () => {
    await seed(env, {
      [reactionPath('r1', 'm0', 'bob')]: { emojis: ['👍'] },
      'rooms/r1/sanctions/bob': { mutedUntil: null, kickedAt: at(-1000) },
    });
    await env.withSecurityRulesDisabled(async (c) => {
      await deleteDoc(doc(c.firestore(), 'rooms/r1/members/bob'));
      await deleteDoc(doc(c.firestore(), listingPath('bob', 'r1')));
    });
    await denied(giveReaction(mine('bob'), '❤️'));
    await denied(takeBackReaction(mine('bob'), '👍'));
    await denied(deleteDoc(mine('bob')));
  });

  it("members read each other's reactions; a public room's are open to signed-in users; a private room's to members", async () => {
    await allowed(getDoc(mine('ben', 'm0', 'r1', 'ana')));
    await allowed(getDoc(mine('eve', 'm0', 'r1', 'ana')));
    await allowed(getDoc(mine('ben', 'm0', 'priv', 'ana')));
    await allowed(list(collection(as(env, 'ben'), 'rooms', 'priv', 'messages', 'm0', 'reactions'), 100));
    await allowed(list(collection(as(env, 'eve'), 'rooms', 'r1', 'messages', 'm0', 'reactions'), 100));
    await denied(getDoc(mine('eve', 'm0', 'priv', 'ana')));
    await denied(getDoc(mine('eve', 'm0', 'priv', 'eve')));
    await denied(list(collection(as(env, 'eve'), 'rooms', 'priv', 'messages', 'm0', 'reactions'), 100));
    await denied(list(collection(as(env, 'ben'), 'rooms', 'priv', 'messages', 'm0', 'reactions'), 101));
    await denied(getDocs(collection(as(env, 'ben'), 'rooms', 'priv', 'messages', 'm0', 'reactions')));
    await denied(getDoc(mine(null, 'm0', 'r1', 'ana')));
  });

  it('no collection-group query reaches reactions', async () => {
    await denied(list(collectionGroup(as(env, 'ben'), 'reactions'), 10));
    await denied(list(collectionGroup(as(env, 'eve'), 'reactions'), 10));
  });
});
