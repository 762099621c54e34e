import { doc, serverTimestamp, updateDoc, type DocumentData } from 'firebase/firestore';
import { beforeEach, describe, it } from 'vitest';
import {
  allowed,
  as,
  countedEdit,
  denied,
  newMessage,
  rulesSuite,
  seed,
  seedRoom,
  sendBatch,
  storedMessage,
} from './support';

/**
 * A room that holds messages until screened (rooms/{roomId}.holdUntilScreened, set by its admins):
 * every new or edited text carries screened == false until the screening function sets it, so
 * readers' apps keep it collapsed; elsewhere no client message carries the flag.
 */
const env = await rulesSuite('hold', async (env) => {
  await seedRoom(env, 'held', 'public', { ana: 'owner', adi: 'admin', ben: 'member' }, { holdUntilScreened: true });
  await seedRoom(env, 'open', 'public', { ana: 'owner', adi: 'admin', ben: 'member' });
});

const send = (roomId: string, message: DocumentData, id = 'm1') =>
  sendBatch(as(env, 'ben'), roomId, 'ben', id, message);

describe('rooms/{roomId}.holdUntilScreened: set by the room admins', () => {
  const settings = (extra: DocumentData) => ({ name: 'room', topic: '', slowModeSec: 0, ...extra });

  it('an owner or admin turns it on and off', async () => {
    await allowed(updateDoc(doc(as(env, 'adi'), 'rooms', 'open'), settings({ holdUntilScreened: true })));
    await allowed(updateDoc(doc(as(env, 'ana'), 'rooms', 'open'), settings({ holdUntilScreened: false })));
  });

  it('a member cannot, and it is a yes or a no', async () => {
    await denied(updateDoc(doc(as(env, 'ben'), 'rooms', 'open'), settings({ holdUntilScreened: true })));
    await denied(updateDoc(doc(as(env, 'ana'), 'rooms', 'open'), settings({ holdUntilScreened: 'yes' })));
  });
});

describe('rooms/{roomId}/messages: sending where messages are held', () => {
  it('a new message in a holding room goes out held', async () => {
    await allowed(send('held', newMessage('ben', { screened: false })));
  });

  it.each<[string, string, DocumentData]>([
    ['unheld in a holding room', 'held', newMessage('ben')],
    ['marked screened by its sender', 'held', newMessage('ben', { screened: true })],
    ['held in a room that does not hold', 'open', newMessage('ben', { screened: false })],
    ['marked screened in a room that does not hold', 'open', newMessage('ben', { screened: true })],
  ])('a message is refused %s', async (_case, roomId, message) => {
    await denied(send(roomId, message));
  });
});

describe('rooms/{roomId}/messages: edits where messages are held', () => {
  const ref = (roomId: string, id = 'm0') => doc(as(env, 'ben'), 'rooms', roomId, 'messages', id);
  const edit = (extra: DocumentData = {}) => ({
    text: 'fixed typo',
    words: ['fixed', 'typo'],
    editedAt: serverTimestamp(),
    ...extra,
  });

  beforeEach(async () => {
    await seed(env, {
      'rooms/held/messages/m0': storedMessage('ben', { screened: true }),
      'rooms/open/messages/m0': storedMessage('ben'),
      // held before the room stopped holding, not screened yet
      'rooms/open/messages/m1': storedMessage('ben', { screened: false }),
    });
  });

  it('an edit in a holding room holds the message again; elsewhere the flag is left as it is', async () => {
    await allowed(countedEdit(ref('held'), 'ben', edit({ screened: false })));
    await allowed(countedEdit(ref('open'), 'ben', edit()));
    await allowed(countedEdit(ref('open', 'm1'), 'ben', edit()));
  });

  it.each<[string, string, string, DocumentData]>([
    ['unheld in a holding room', 'held', 'm0', edit()],
    ['that marks itself screened', 'open', 'm1', edit({ screened: true })],
    ['that holds a message in a room that does not hold', 'open', 'm0', edit({ screened: false })],
  ])('an edit is refused %s', async (_case, roomId, id, change) => {
    await denied(countedEdit(ref(roomId, id), 'ben', change));
  });
});
