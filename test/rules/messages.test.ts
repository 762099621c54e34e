import {
  arrayRemove,
  arrayUnion,
  collection,
  collectionGroup,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  limit,
  query,
  serverTimestamp,
  setDoc,
  updateDoc,
  writeBatch,
  type DocumentData,
} from 'firebase/firestore';
import {
  EDIT_WINDOW_MS,
  MAX_DISPLAY_NAME,
  MAX_MENTIONS,
  MAX_MESSAGE_LENGTH,
  MAX_QUERY_LIMIT,
  MAX_REACTION_EMOJIS,
  MAX_REPLY_EXCERPT,
  MAX_WORD_LENGTH,
  MAX_WORDS,
} from '@chat/shared';
import { beforeEach, describe, it } from 'vitest';
import { allowed, as, at, denied, newMessage, rulesSuite, seed, seedRoom, sendBatch, storedMessage } from './support';

const env = await rulesSuite('messages', async (env) => {
  await seedRoom(env, 'r1', 'public', { ana: 'owner', adi: 'admin', ben: 'member', bob: 'member' });
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

const send = (uid: string | null, message: DocumentData, roomId = 'r1', id = 'm1') =>
  sendBatch(as(env, uid), roomId, uid ?? 'anon', id, message);

describe('rooms/{roomId}/messages: reading', () => {
  beforeEach(async () => {
    await seed(env, { 'rooms/r1/messages/m0': storedMessage('ana'), 'rooms/priv/messages/m0': storedMessage('ana') });
  });

  it("a public room's messages are open to signed-in users; a private room's to members", async () => {
    await allowed(getDoc(doc(as(env, 'eve'), 'rooms', 'r1', 'messages', 'm0')));
    await allowed(getDocs(query(collection(as(env, 'eve'), 'rooms', 'r1', 'messages'), limit(50))));
    await allowed(getDocs(query(collection(as(env, 'ben'), 'rooms', 'priv', 'messages'), limit(MAX_QUERY_LIMIT))));
    await denied(getDoc(doc(as(env, 'eve'), 'rooms', 'priv', 'messages', 'm0')));
    await denied(getDocs(query(collection(as(env, 'eve'), 'rooms', 'priv', 'messages'), limit(50))));
    await denied(getDocs(query(collection(as(env, 'ben'), 'rooms', 'priv', 'messages'), limit(MAX_QUERY_LIMIT + 1))));
    await denied(getDocs(collection(as(env, 'ben'), 'rooms', 'priv', 'messages')));
    await denied(getDoc(doc(as(env, null), 'rooms', 'r1', 'messages', 'm0')));
  });

  it('no collection-group query reaches messages, member or not', async () => {
    await denied(getDocs(query(collectionGroup(as(env, 'ben'), 'messages'), limit(10))));
    await denied(getDocs(query(collectionGroup(as(env, 'eve'), 'messages'), limit(10))));
  });
});

describe('rooms/{roomId}/messages: sending', () => {
  it('a member sends a message with its ledger', async () => {
    await allowed(send('ben', newMessage('ben')));
  });

  it(`with a reply, ${MAX_MENTIONS} mentions, ${MAX_WORDS} words and ${MAX_MESSAGE_LENGTH} characters`, async () => {
    await allowed(
      send(
        'ben',
        newMessage('ben', {
          text: 'x'.repeat(MAX_MESSAGE_LENGTH),
          replyTo: { id: 'm0', authorName: 'Ana', excerpt: 'hello' },
          mentions: Array.from({ length: MAX_MENTIONS }, (_, i) => `u${i}`),
          words: Array.from({ length: MAX_WORDS }, (_, i) => `w${i}`),
        }),
      ),
    );
    await allowed(send('ana', newMessage('ana', { text: '!', words: [] }), 'r1', 'm2'));
  });

  it.each<[string, DocumentData]>([
    ['as someone else', newMessage('ana')],
    ['with an empty author name', newMessage('ben', { authorName: '' })],
    ['as a system message', newMessage('ben', { kind: 'system' })],
    ['with a forged time', newMessage('ben', { createdAt: at(-60_000) })],
    ['with empty text', newMessage('ben', { text: '', words: [] })],
    [`with ${MAX_MESSAGE_LENGTH + 1} characters`, newMessage('ben', { text: 'x'.repeat(MAX_MESSAGE_LENGTH + 1) })],
    ['with text that is not a string', newMessage('ben', { text: 42 })],
    [`with ${MAX_WORDS + 1} words`, newMessage('ben', { words: Array.from({ length: MAX_WORDS + 1 }, (_, i) => `w${i}`) })],
    ['with an uppercase word', newMessage('ben', { words: ['Hello'] })],
    ['with a repeated word', newMessage('ben', { words: ['hello', 'hello'] })],
    ['with an empty word', newMessage('ben', { words: ['hello', ''] })],
    [`with a ${MAX_WORD_LENGTH + 1}-character word`, newMessage('ben', { words: ['w'.repeat(MAX_WORD_LENGTH + 1)] })],
    ['with a word holding a space', newMessage('ben', { words: ['hello there'] })],
    ['with words that are not a list', newMessage('ben', { words: 'hello' })],
    ['with words that are not strings', newMessage('ben', { words: [1, 2] })],
    ['without words', (({ words: _words, ...rest }) => rest)(newMessage('ben'))],
    [
      'replying with extra fields',
      newMessage('ben', { replyTo: { id: 'm0', authorName: 'A', excerpt: '', text: 'all' } }),
    ],
    ['replying with an empty id', newMessage('ben', { replyTo: { id: '', authorName: 'A', excerpt: '' } })],
    [
      `replying with a ${MAX_DISPLAY_NAME + 1}-character name`,
      newMessage('ben', { replyTo: { id: 'm0', authorName: 'a'.repeat(MAX_DISPLAY_NAME + 1), excerpt: '' } }),
    ],
    [
      `replying with a ${MAX_REPLY_EXCERPT + 1}-character excerpt`,
      newMessage('ben', { replyTo: { id: 'm0', authorName: 'A', excerpt: 'e'.repeat(MAX_REPLY_EXCERPT + 1) } }),
    ],
    [`with ${MAX_MENTIONS + 1} mentions`, newMessage('ben', { mentions: Array.from({ length: MAX_MENTIONS + 1 }, (_, i) => `u${i}`) })],
    ['with mentions that are not a list', newMessage('ben', { mentions: 'everyone' })],
    ['already edited', newMessage('ben', { editedAt: serverTimestamp() })],
    ['already deleted', newMessage('ben', { deleted: true })],
    ['with reactions', newMessage('ben', { reactions: { '👍': ['ben'] } })],
    ['marked hidden', newMessage('ben', { hidden: false })],
    ['with a moderation verdict', newMessage('ben', { moderation: { action: 'none', reasons: [], reportCount: 0 } })],
  ])('a message cannot be sent %s', async (_case, message) => {
    await denied(send('ben', message));
  });

  it('a message without its ledger entry, or with a ledger naming another message, is refused', async () => {
    const db = as(env, 'ben');
    await denied(setDoc(doc(db, 'rooms', 'r1', 'messages', 'm1'), newMessage('ben')));
    await denied(
      sendBatch(db, 'r1', 'ben', 'm1', newMessage('ben'), 0, {
        n: 1,
        at: { '0': serverTimestamp() },
        lastMessageId: 'other',
      }),
    );
  });

  it('one ledger entry covers one message: a second message in the batch is refused', async () => {
    const db = as(env, 'ben');
    const batch = writeBatch(db);
    batch.set(doc(db, 'rooms', 'r1', 'messages', 'm1'), newMessage('ben'));
    batch.set(doc(db, 'rooms', 'r1', 'messages', 'm2'), newMessage('ben'));
    batch.set(doc(db, 'rooms', 'r1', 'limits', 'ben'), { n: 1, at: { '0': serverTimestamp() }, lastMessageId: 'm2' });
    await denied(batch.commit());
  });

  it('outsiders and signed-out users cannot send, even to a public room', async () => {
    await denied(send('eve', newMessage('eve')));
    await denied(send(null, newMessage('anon')));
  });

  it('a muted member cannot send until the mute ends', async () => {
    await seed(env, {
      'rooms/r1/members/ben': {
        uid: 'ben',
        role: 'member',
        displayName: 'Ben',
        joinedAt: at(-9000),
        mutedUntil: at(600_000),
        via: null,
      },
    });
    await denied(send('ben', newMessage('ben')));
    await seed(env, {
      'rooms/r1/members/ben': {
        uid: 'ben',
        role: 'member',
        displayName: 'Ben',
        joinedAt: at(-9000),
        mutedUntil: at(-1000),
        via: null,
      },
    });
    await allowed(send('ben', newMessage('ben')));
  });

  it('a user restricted app-wide cannot send anywhere until it ends', async () => {
    await seed(env, { 'restrictions/ben': { mutedUntil: at(600_000), strikes: 1, reason: 'flood' } });
    await denied(send('ben', newMessage('ben')));
    await seed(env, { 'restrictions/ben': { mutedUntil: at(-1000), strikes: 1, reason: 'flood' } });
    await allowed(send('ben', newMessage('ben')));
  });

  it('a banned user (banned and removed) cannot send', async () => {
    await seed(env, { 'rooms/r1/bans/bob': { bannedBy: 'ana', reason: 'spam', createdAt: at(-1000) } });
    await env.withSecurityRulesDisabled(async (c) => {
      await deleteDoc(doc(c.firestore(), 'rooms/r1/members/bob'));
      await updateDoc(doc(c.firestore(), 'rooms/r1'), { memberIds: arrayRemove('bob') });
    });
    await denied(send('bob', newMessage('bob')));
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
      'rooms/r1/messages/old': storedMessage('ben', { createdAt: at(-(EDIT_WINDOW_MS + 60_000)) }),
      'rooms/r1/messages/gone': storedMessage('ben', { text: '', words: [], deleted: true }),
      'rooms/r1/messages/sys': storedMessage('ben', { kind: 'system' }),
      'rooms/r1/messages/file': storedMessage('ben', { attachment: attachmentRef() }),
    });
  });

  it(`the author edits text and words within ${EDIT_WINDOW_MS / 60_000} minutes`, async () => {
    await allowed(updateDoc(ref('ben'), edit()));
    await allowed(updateDoc(ref('ben', 'file'), edit({ text: '', words: [] })));
  });

  it.each<[string, string, string, DocumentData]>([
    [`after ${EDIT_WINDOW_MS / 60_000} minutes`, 'ben', 'old', edit()],
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
    await denied(updateDoc(ref(uid || null, id), change));
  });

  it("the author redacts their message, even late; a room admin redacts anyone's", async () => {
    await allowed(updateDoc(ref('ben', 'old'), redaction()));
    await allowed(updateDoc(ref('adi'), redaction()));
    await allowed(updateDoc(ref('ana', 'file'), redaction()));
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

describe('rooms/{roomId}/messages: reactions', () => {
  const ref = (uid: string) => doc(as(env, uid), 'rooms', 'r1', 'messages', 'm0');
  const twenty = () =>
    Object.fromEntries(Array.from({ length: MAX_REACTION_EMOJIS }, (_, i) => [`e${String(i).padStart(2, '0')}`, ['ana']]));

  beforeEach(async () => {
    await seed(env, { 'rooms/r1/messages/m0': storedMessage('ana', { reactions: { '👍': ['ana'], '🎉': ['ben'] } }) });
  });

  it('a member adds and removes their own uid under an emoji', async () => {
    await allowed(updateDoc(ref('ben'), { 'reactions.👍': arrayUnion('ben') }));
    await allowed(updateDoc(ref('ben'), { 'reactions.❤️': arrayUnion('ben') }));
    await allowed(updateDoc(ref('ben'), { 'reactions.🎉': arrayRemove('ben') }));
    await allowed(updateDoc(ref('ana'), { 'reactions.👍': arrayRemove('ana') }));
  });

  it('on a message with 20 emojis, any of them', async () => {
    await seed(env, { 'rooms/r1/messages/m0': storedMessage('ana', { reactions: twenty() }) });
    await allowed(updateDoc(ref('ben'), { 'reactions.e19': arrayUnion('ben') }));
  });

  it.each<[string, string, DocumentData]>([
    ['adding someone else', 'ben', { 'reactions.👍': arrayUnion('bob') }],
    ['removing someone else', 'ben', { 'reactions.👍': arrayRemove('ana') }],
    ['replacing someone with oneself', 'ben', { 'reactions.👍': ['ben'] }],
    ['swapping oneself for someone else', 'ben', { 'reactions.🎉': ['bob'] }],
    ['adding oneself twice', 'ben', { 'reactions.🎉': ['ben', 'ben'] }],
    ['adding oneself and another', 'ben', { 'reactions.❤️': ['ben', 'bob'] }],
    ['with a list that is not a list', 'ben', { 'reactions.❤️': 'ben' }],
    ['removing an emoji key', 'ben', { reactions: { '👍': ['ana'] } }],
    ['reacting and editing at once', 'ben', { 'reactions.❤️': ['ben'], text: 'mine' }],
    ['by an outsider', 'eve', { 'reactions.❤️': ['eve'] }],
  ])('a reaction is refused: %s', async (_case, uid, change) => {
    await denied(updateDoc(ref(uid), change));
  });

  it(`an emoji beyond the ${MAX_REACTION_EMOJIS} a message may carry is refused`, async () => {
    await seed(env, { 'rooms/r1/messages/m0': storedMessage('ana', { reactions: twenty() }) });
    await denied(updateDoc(ref('ben'), { 'reactions.new': ['ben'] }));
  });

  // the rules check each emoji position separately: a forgery at every position
  it.each(Array.from({ length: MAX_REACTION_EMOJIS }, (_, i) => i))("someone else's uid at emoji position %i is refused", async (i) => {
    await seed(env, { 'rooms/r1/messages/m0': storedMessage('ana', { reactions: twenty() }) });
    await denied(updateDoc(ref('ben'), { [`reactions.e${String(i).padStart(2, '0')}`]: arrayUnion('bob') }));
  });
});
