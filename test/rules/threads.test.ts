/**
 * Threads: a message names its thread (threadId: null for a room message, or the id of a room
 * message of the same room, the thread's first message) and whether it shows in the room's
 * history (inRoom); the thread's summary on its first message (replies) is the server's; typing
 * says where (threadId); users/{uid}/threadReads/{roomId}:{threadId} is the user's own.
 */
import {
  arrayUnion,
  collection,
  deleteDoc,
  deleteField,
  doc,
  getDoc,
  serverTimestamp,
  setDoc,
  updateDoc,
  type DocumentData,
} from 'firebase/firestore';
import { beforeEach, describe, it } from 'vitest';
import {
  allowed,
  as,
  at,
  CAST,
  denied,
  giveReaction,
  list,
  newMessage,
  reactionPath,
  rulesSuite,
  seed,
  seedRoom,
  sendBatch,
  storedMessage,
  takeBackReaction,
  countedEdit,
} from './support';

const env = await rulesSuite('threads', async (env) => {
  await seedRoom(env, 'r1', 'public', CAST);
  await seedRoom(env, 'r2', 'public', { ana: 'owner', ben: 'member' });
  await seed(env, {
    // the thread's first message, a room message
    'rooms/r1/messages/top': storedMessage('ana'),
    // a reply in its thread, and one also sent to the room
    'rooms/r1/messages/reply': storedMessage('bob', { threadId: 'top', inRoom: false }),
    'rooms/r1/messages/shared': storedMessage('bob', { threadId: 'top', inRoom: true }),
    'rooms/r1/messages/sys': storedMessage('system', { kind: 'system', authorName: 'Firechat' }),
    'rooms/r2/messages/elsewhere': storedMessage('ana'),
  });
});

/** A thread reply as the client writes it: in the thread of `top`, kept there unless `inRoom`. */
const threadReply = (uid: string, extra: DocumentData = {}) =>
  newMessage(uid, { threadId: 'top', inRoom: false, ...extra });
/** A send with the sender's ledger entry: `n` is the sender's count of sends before it. */
const send = (uid: string | null, message: DocumentData, id = 'm1', roomId = 'r1', n = 0) =>
  sendBatch(as(env, uid), roomId, uid ?? 'anon', id, message, n);
const message = (uid: string | null, id: string) => doc(as(env, uid), 'rooms', 'r1', 'messages', id);
/** `owner`'s reaction document on message `id` of r1, as `uid` reaches it. */
const reaction = (uid: string, id: string, owner = uid) => doc(as(env, uid), reactionPath('r1', id, owner));

/** A server-written summary as the first message carries it once it has replies. */
const summary = (count = 2) => ({ count, lastAt: at(-1000), authors: [{ id: 'bob', name: 'Name bob' }] });

describe('thread replies: sending', () => {
  it('a member replies in a thread, kept there or also sent to the room', async () => {
    await allowed(send('ben', threadReply('ben')));
    await allowed(send('ben', threadReply('ben', { inRoom: true }), 'm2', 'r1', 1));
  });

  it('a thread reply may quote a message of the thread (a reply in it, or its first message)', async () => {
    await allowed(send('ben', threadReply('ben', { replyTo: { id: 'reply' } })));
    await allowed(send('ben', threadReply('ben', { replyTo: { id: 'top' }, inRoom: true }), 'm2', 'r1', 1));
  });

  it('a room message is in the room: threadId null with inRoom true', async () => {
    await allowed(send('ben', newMessage('ben', { threadId: null, inRoom: true })));
  });

  it.each<[string, DocumentData]>([
    ['in the thread of a message that does not exist', threadReply('ben', { threadId: 'missing' })],
    ['in the thread of a system message', threadReply('ben', { threadId: 'sys' })],
    ['in the thread of a thread reply (threads are one level deep)', threadReply('ben', { threadId: 'reply' })],
    ['in the thread of a reply also sent to the room', threadReply('ben', { threadId: 'shared', inRoom: true })],
    ['in its own thread', threadReply('ben', { threadId: 'm1' })],
    ['in the thread of a message of another room', threadReply('ben', { threadId: 'elsewhere' })],
    ['naming a path as its thread', threadReply('ben', { threadId: '../../r2/messages/elsewhere' })],
    ['with an empty threadId', threadReply('ben', { threadId: '' })],
    ['with a 201-character threadId', threadReply('ben', { threadId: 't'.repeat(201) })],
    ['with a threadId that is not a string', threadReply('ben', { threadId: 7 })],
    ['with a threadId that is a map', threadReply('ben', { threadId: { id: 'top' } })],
    ['with inRoom not a boolean', threadReply('ben', { inRoom: 'yes' })],
    ['with inRoom null', threadReply('ben', { inRoom: null })],
    ['as a room message with inRoom null', newMessage('ben', { threadId: null, inRoom: null })],
    ['as a room message kept out of the room (threadId null, inRoom false)', newMessage('ben', { inRoom: false })],
    // a reply's read of its thread takes the place of a file's (the 10 reads of a write)
    [
      'in a thread, carrying a file',
      threadReply('ben', {
        attachment: {
          id: 'att1',
          name: 'a.pdf',
          contentType: 'application/pdf',
          size: 1,
          sha256: 'a'.repeat(64),
          width: null,
          height: null,
        },
      }),
    ],
  ])('refused: a message %s', async (_case, data) => {
    await denied(send('ben', data));
  });

  it('refused: a message without threadId or without inRoom', async () => {
    const { threadId: _t, ...noThread } = threadReply('ben');
    const { inRoom: _i, ...noInRoom } = threadReply('ben');
    const { threadId: _rt, ...roomNoThread } = newMessage('ben');
    const { inRoom: _ri, ...roomNoInRoom } = newMessage('ben');
    for (const data of [noThread, noInRoom, roomNoThread, roomNoInRoom]) await denied(send('ben', data));
  });

  it('refused: a thread reply by a non-member, signed out, or in a private room by an outsider', async () => {
    await denied(send('eve', threadReply('eve')));
    await denied(send(null, threadReply('anon')));
    await seedRoom(env, 'priv', 'private', { ana: 'owner', ben: 'member' });
    await seed(env, { 'rooms/priv/messages/top': storedMessage('ana') });
    await allowed(send('ben', threadReply('ben'), 'm1', 'priv'));
    await denied(send('eve', threadReply('eve'), 'm2', 'priv'));
  });
});

describe('thread summaries (replies) are the server’s', () => {
  beforeEach(async () => {
    await seed(env, {
      'rooms/r1/messages/own': storedMessage('ben', { createdAt: at(-60_000) }),
      'rooms/r1/messages/counted': storedMessage('ben', { replies: summary() }),
    });
  });

  it('refused: a client sending a message that carries a summary', async () => {
    await denied(send('ben', newMessage('ben', { replies: summary(0) })));
    await denied(send('ben', threadReply('ben', { replies: summary(0) })));
  });

  it.each<[string, string, string, DocumentData]>([
    ['adding one to their own message', 'ben', 'own', { replies: summary() }],
    ["adding one to someone else's", 'ben', 'top', { replies: summary() }],
    ['adding one as the room owner', 'ana', 'own', { replies: summary() }],
    ['changing the count', 'ben', 'counted', { 'replies.count': 99 }],
    ['naming other authors', 'ana', 'counted', { 'replies.authors': [{ id: 'ana', name: 'Name ana' }] }],
    ['removing it', 'ben', 'counted', { replies: deleteField() }],
    ['with an edit', 'ben', 'own', { text: 'x', words: ['x'], editedAt: serverTimestamp(), replies: summary() }],
    ['with a redaction', 'ben', 'own', { text: '', words: [], deleted: true, attachment: null, replies: summary() }],
    ['with a reaction', 'ben', 'top', { 'reactions.👍': arrayUnion('ben'), replies: summary() }],
  ])('refused: a client write of the summary, %s', async (_case, uid, id, change) => {
    // an edit comes with its count, so only the summary is what is refused
    await denied(change.editedAt ? countedEdit(message(uid, id), uid, change) : updateDoc(message(uid, id), change));
  });

  it('the first message of a thread with a summary is still edited, reacted to and redacted as before', async () => {
    await allowed(
      countedEdit(message('ben', 'counted'), 'ben', { text: 'edited', words: ['edited'], editedAt: serverTimestamp() }),
    );
    await allowed(giveReaction(reaction('bob', 'counted'), '👍'));
    await allowed(updateDoc(message('ben', 'counted'), { text: '', words: [], deleted: true, attachment: null }));
  });

  it('refused: moving a message into or out of a thread, or into or out of the room, after the send', async () => {
    await denied(updateDoc(message('ben', 'own'), { threadId: 'top' }));
    await denied(updateDoc(message('bob', 'reply'), { threadId: null, inRoom: true }));
    await denied(updateDoc(message('bob', 'reply'), { inRoom: true }));
    await denied(updateDoc(message('bob', 'shared'), { inRoom: false }));
  });
});

describe('thread replies: edits, reactions and redactions as for any message', () => {
  it('the author edits their reply within 15 minutes; nobody else does', async () => {
    const edit = { text: 'fixed', words: ['fixed'], editedAt: serverTimestamp() };
    await allowed(countedEdit(message('bob', 'reply'), 'bob', edit));
    await allowed(countedEdit(message('bob', 'shared'), 'bob', edit));
    await denied(countedEdit(message('ben', 'reply'), 'ben', edit));
    await seed(env, {
      'rooms/r1/messages/old': storedMessage('bob', { threadId: 'top', inRoom: false, createdAt: at(-16 * 60_000) }),
    });
    await denied(countedEdit(message('bob', 'old'), 'bob', edit));
  });

  it('members react to a reply with their own reaction document; nobody on the reply itself', async () => {
    await allowed(giveReaction(reaction('ben', 'reply'), '👍'));
    await allowed(takeBackReaction(reaction('ben', 'reply'), '👍'));
    await allowed(giveReaction(reaction('ben', 'shared'), '👍'));
    await denied(giveReaction(reaction('ben', 'reply', 'ana'), '👍'));
    await denied(giveReaction(reaction('eve', 'reply'), '👍'));
    await denied(updateDoc(message('ben', 'reply'), { 'reactions.👍': arrayUnion('ben') }));
    await denied(updateDoc(message('ben', 'reply'), { reactionCounts: { '👍': 1 } }));
  });

  it("the author redacts their reply; a room admin redacts a lower role's; another member does not", async () => {
    const redaction = { text: '', words: [], deleted: true, attachment: null };
    await allowed(updateDoc(message('bob', 'reply'), redaction));
    await allowed(updateDoc(message('adi', 'shared'), redaction));
    await seed(env, { 'rooms/r1/messages/byAna': storedMessage('ana', { threadId: 'top', inRoom: false }) });
    await denied(updateDoc(message('ben', 'byAna'), redaction));
    await denied(updateDoc(message('adi', 'byAna'), redaction));
  });

  it('nobody deletes a reply', async () => {
    await denied(deleteDoc(message('bob', 'reply')));
    await denied(deleteDoc(message('ana', 'reply')));
  });
});

describe('typing in a thread', () => {
  const typing = (threadId: unknown) => ({ at: serverTimestamp(), displayName: 'Name ben', threadId });
  const ref = (uid: string) => doc(as(env, uid), 'rooms', 'r1', 'typing', uid);

  it('a member types in the room (threadId null) or in a thread (its first message id)', async () => {
    await allowed(setDoc(ref('ben'), typing('top')));
    await seed(env, { 'rooms/r1/typing/ben': { at: at(-2500), displayName: 'Name ben', threadId: 'top' } });
    await allowed(setDoc(ref('ben'), typing(null)));
  });

  it.each<[string, DocumentData]>([
    ['an empty threadId', typing('')],
    ['a threadId naming a path', typing('top/replies')],
    ['a 201-character threadId', typing('t'.repeat(201))],
    ['a threadId that is a number', typing(1)],
    ['a threadId that is a list', typing(['top'])],
    ['no threadId', { at: serverTimestamp(), displayName: 'Name ben' }],
  ])('refused: a typing mark with %s', async (_case, data) => {
    await denied(setDoc(ref('ben'), data));
  });
});

describe('users/{uid}/threadReads/{roomId}:{threadId}', () => {
  const read = (extra: DocumentData = {}) => ({
    roomId: 'r1',
    threadId: 'top',
    lastReadAt: serverTimestamp(),
    ...extra,
  });
  const ref = (uid: string | null, owner = 'ben', key = 'r1:top') =>
    doc(as(env, uid), 'users', owner, 'threadReads', key);

  it('the user creates and moves their own mark, stamped with the server time', async () => {
    await allowed(setDoc(ref('ben'), read()));
    await allowed(setDoc(ref('ben'), read()));
    await allowed(updateDoc(ref('ben'), { lastReadAt: serverTimestamp() }));
    await allowed(setDoc(ref('ben', 'ben', 'dm_ana_ben:m-9_x'), read({ roomId: 'dm_ana_ben', threadId: 'm-9_x' })));
  });

  it('the user reads and lists their own marks (with a limit); nobody else does', async () => {
    await seed(env, { 'users/ben/threadReads/r1:top': { roomId: 'r1', threadId: 'top', lastReadAt: at(-1000) } });
    await allowed(getDoc(ref('ben')));
    await allowed(list(collection(as(env, 'ben'), 'users', 'ben', 'threadReads'), 100));
    await denied(list(collection(as(env, 'ben'), 'users', 'ben', 'threadReads'), 101));
    await denied(getDoc(ref('ana')));
    await denied(getDoc(ref(null)));
    await denied(list(collection(as(env, 'ana'), 'users', 'ben', 'threadReads'), 10));
    await denied(list(collection(as(env, null), 'users', 'ben', 'threadReads'), 10));
  });

  it.each<[string, string | null, string, string, DocumentData]>([
    ['for someone else', 'ana', 'ben', 'r1:top', read()],
    ['signed out', null, 'ben', 'r1:top', read()],
    ['under a key of another thread', 'ben', 'ben', 'r1:other', read()],
    ['under a key of another room', 'ben', 'ben', 'r2:top', read()],
    ['under a key with no room', 'ben', 'ben', 'top', read()],
    ['under a key the other way round', 'ben', 'ben', 'top:r1', read()],
    ['with a client time', 'ben', 'ben', 'r1:top', read({ lastReadAt: at(-1000) })],
    ['with a time in the future', 'ben', 'ben', 'r1:top', read({ lastReadAt: at(60_000) })],
    ['with an extra field', 'ben', 'ben', 'r1:top', read({ lastReadId: 'm1' })],
    ['without lastReadAt', 'ben', 'ben', 'r1:top', { roomId: 'r1', threadId: 'top' }],
    ['with an empty threadId', 'ben', 'ben', 'r1:', read({ threadId: '' })],
    ['with a roomId that is not an id', 'ben', 'ben', 'r 1:top', read({ roomId: 'r 1' })],
    ['with a threadId that is not an id', 'ben', 'ben', 'r1:t.p', read({ threadId: 't.p' })],
    ['with a threadId that is not a string', 'ben', 'ben', 'r1:7', read({ threadId: 7 })],
  ])('refused: a thread read mark %s', async (_case, uid, owner, key, data) => {
    await denied(setDoc(ref(uid, owner, key), data));
  });

  it('refused: moving the mark to another thread or a client time on update; deleting is not offered', async () => {
    await seed(env, { 'users/ben/threadReads/r1:top': { roomId: 'r1', threadId: 'top', lastReadAt: at(-1000) } });
    await denied(updateDoc(ref('ben'), { threadId: 'other', lastReadAt: serverTimestamp() }));
    await denied(updateDoc(ref('ben'), { lastReadAt: at(0) }));
    await denied(updateDoc(ref('ana'), { lastReadAt: serverTimestamp() }));
    await denied(deleteDoc(ref('ben')));
  });
});

describe('users/{uid}/activity/{messageId}', () => {
  const mine = (uid: string | null, owner = 'ben') => doc(as(env, uid), 'users', owner, 'activity', 'r9');
  const record = {
    kind: 'reply',
    roomId: 'r1',
    threadId: 'top',
    authorId: 'ana',
    authorName: 'Name ana',
    at: at(-1000),
    expireAt: at(86_400_000),
  };

  it('the user reads and lists their own (with a limit); nobody else does', async () => {
    await seed(env, { 'users/ben/activity/r9': record });
    await allowed(getDoc(mine('ben')));
    await allowed(list(collection(as(env, 'ben'), 'users', 'ben', 'activity'), 20));
    await denied(list(collection(as(env, 'ben'), 'users', 'ben', 'activity'), 101));
    await denied(getDoc(mine('ana')));
    await denied(getDoc(mine(null)));
    await denied(list(collection(as(env, 'ana'), 'users', 'ben', 'activity'), 20));
  });

  it('only the server writes it: not the user, not the reply’s author', async () => {
    await seed(env, { 'users/ben/activity/r9': record });
    await denied(setDoc(mine('ben', 'ben'), record));
    await denied(setDoc(doc(as(env, 'ana'), 'users', 'ben', 'activity', 'r8'), record));
    await denied(updateDoc(mine('ben'), { kind: 'mention' }));
    await denied(deleteDoc(mine('ben')));
  });
});
