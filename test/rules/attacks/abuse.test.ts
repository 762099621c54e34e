/**
 * Abuse at scale: the rate limits span rooms and cannot be reset, per-document throttles hold for
 * presence, typing and read cursors, and a block stops messages and mentions.
 */
import { deleteDoc, doc, serverTimestamp, setDoc, writeBatch, type DocumentData } from 'firebase/firestore';
import { describe, it } from 'vitest';
import {
  allowed,
  at,
  countedEdit,
  denied,
  ledgerAfter,
  membershipDocs,
  newMessage,
  newMember,
  newRoom,
  profileDoc,
  roomDoc,
  rulesSuite,
  seed,
  sendBatch,
} from '../support';
import { mal, seedWorld } from './world';

const env = await rulesSuite('attacks-abuse', seedWorld);

/** Ten sends in the last few seconds, across rooms. */
const busyLedger = () => seed(env, { 'ledgers/mal': ledgerAfter(10, (slot) => 4_000 - slot * 300, 'byMal', 'pub') });

describe('attack: abuse at scale', () => {
  it.each<[string, () => Promise<void>]>([
    ['an 11th message in 10 s, in another room', () => sendBatch(mal(env), 'priv', 'mal', 'x1', newMessage('mal'), 10)],
    [
      'an 11th message with the counter reset to 0',
      () =>
        sendBatch(mal(env), 'pub', 'mal', 'x1', newMessage('mal'), {
          ledger: { n: 1, at: { '0': serverTimestamp() }, roomId: 'pub', messageId: 'x1' },
        }),
    ],
    [
      'an 11th message writing a slot that is not its own',
      () =>
        sendBatch(mal(env), 'pub', 'mal', 'x1', newMessage('mal'), {
          ledger: { n: 11, at: { '5': serverTimestamp() }, roomId: 'pub', messageId: 'x1' },
        }),
    ],
    [
      'an 11th message with the counter moved far ahead',
      () =>
        sendBatch(mal(env), 'pub', 'mal', 'x1', newMessage('mal'), {
          ledger: { n: 1001, at: { '0': serverTimestamp() }, roomId: 'pub', messageId: 'x1' },
        }),
    ],
    [
      'an 11th message after deleting the ledger',
      async () => {
        await deleteDoc(doc(mal(env), 'ledgers', 'mal'));
      },
    ],
    ['an 11th message starting the ring over', () => sendBatch(mal(env), 'pub', 'mal', 'x1', newMessage('mal'), 0)],
  ])('refused: %s', async (_case, attack) => {
    await busyLedger();
    await denied(attack());
  });

  it('refused: one ledger entry covering messages in two rooms', async () => {
    const db = mal(env);
    const batch = writeBatch(db);
    batch.set(doc(db, 'rooms', 'pub', 'messages', 'y1'), newMessage('mal'));
    batch.set(doc(db, 'rooms', 'priv', 'messages', 'y1'), newMessage('mal'));
    batch.set(
      doc(db, 'ledgers', 'mal'),
      { n: 8, at: { '7': serverTimestamp() }, roomId: 'pub', messageId: 'y1' },
      { merge: true },
    );
    await denied(batch.commit());
  });

  it('refused: sending in slow mode without the stamp, or over a fresh one', async () => {
    await seed(env, {
      'rooms/pub': roomDoc('public', 'own', ['own', 'adm', 'mal', 'vic'], { slowModeSec: 60 }),
      'rooms/pub/slowMode/mal': { at: at(-5_000), messageId: 'byMal' },
    });
    await denied(sendBatch(mal(env), 'pub', 'mal', 'z1', newMessage('mal'), 7));
    await denied(sendBatch(mal(env), 'pub', 'mal', 'z1', newMessage('mal'), { n: 7, slowMode: true }));
    await denied(deleteDoc(doc(mal(env), 'rooms', 'pub', 'slowMode', 'mal')));
  });

  // an edit is delivered to everyone with the room open and screened again: edits are rationed
  it('refused: an 11th edit within a minute, resetting the count, and an edit without it', async () => {
    const slots: Record<string, unknown> = {};
    for (let i = 0; i < 10; i++) slots[String(i)] = at(-2_000 * (i + 1));
    await seed(env, { 'editLedgers/mal': { n: 10, at: slots, roomId: 'pub', messageId: 'byMal' } });
    const message = doc(mal(env), 'rooms', 'pub', 'messages', 'byMal');
    const change = { text: 'again', words: ['again'], editedAt: serverTimestamp() };
    await denied(countedEdit(message, 'mal', change));
    const reset = { n: 1, at: { '0': serverTimestamp() }, roomId: 'pub', messageId: 'byMal' };
    await denied(countedEdit(message, 'mal', change, reset));
    await denied(countedEdit(message, 'mal', change, null));
    // control: with the ring a minute old, the same edit passes
    for (let i = 0; i < 10; i++) slots[String(i)] = at(-61_000);
    await seed(env, { 'editLedgers/mal': { n: 10, at: slots, roomId: 'pub', messageId: 'byMal' } });
    await allowed(countedEdit(message, 'mal', change));
  });

  it('refused: an 11th room within the hour, and a room without its count', async () => {
    const slots: Record<string, unknown> = {};
    for (let i = 0; i < 10; i++) slots[String(i)] = at(-60_000 * (i + 1));
    await seed(env, { 'roomLedgers/mal': { n: 10, at: slots, roomId: 'old' } });
    const db = mal(env);
    const eleventh = writeBatch(db);
    eleventh.set(doc(db, 'rooms', 'r11'), newRoom('public', 'mal', ['mal'], { name: 'spam' }));
    eleventh.set(doc(db, 'rooms', 'r11', 'members', 'mal'), newMember('mal', 'owner', { displayName: 'Name mal' }));
    eleventh.set(
      doc(db, 'roomLedgers', 'mal'),
      { n: 11, at: { '0': serverTimestamp() }, roomId: 'r11' },
      { merge: true },
    );
    await denied(eleventh.commit());
    const uncounted = writeBatch(db);
    uncounted.set(doc(db, 'rooms', 'r12'), newRoom('private', 'mal', ['mal'], { name: 'spam' }));
    uncounted.set(doc(db, 'rooms', 'r12', 'members', 'mal'), newMember('mal', 'owner', { displayName: 'Name mal' }));
    await denied(uncounted.commit());
  });

  it.each<[string, () => DocumentData, () => Promise<void>]>([
    [
      'a presence heartbeat 1 s after the last',
      () => ({ 'presence/mal': { state: 'online', lastSeen: at(-1_000) } }),
      () => setDoc(doc(mal(env), 'presence', 'mal'), { state: 'online', lastSeen: serverTimestamp() }),
    ],
    [
      'a presence heartbeat 20 s after the last',
      () => ({ 'presence/mal': { state: 'online', lastSeen: at(-20_000) } }),
      () => setDoc(doc(mal(env), 'presence', 'mal'), { state: 'online', lastSeen: serverTimestamp() }),
    ],
    [
      'flipping presence state every second',
      () => ({ 'presence/mal': { state: 'online', lastSeen: at(-1_000) } }),
      () => setDoc(doc(mal(env), 'presence', 'mal'), { state: 'away', lastSeen: serverTimestamp() }),
    ],
    [
      'deleting presence to write it afresh',
      () => ({ 'presence/mal': { state: 'online', lastSeen: at(-1_000) } }),
      () => deleteDoc(doc(mal(env), 'presence', 'mal')),
    ],
    [
      'a typing write 1 s after the last',
      () => ({ 'rooms/pub/typing/mal': { at: at(-1_000), displayName: 'Name mal', threadId: null } }),
      () =>
        setDoc(doc(mal(env), 'rooms', 'pub', 'typing', 'mal'), {
          at: serverTimestamp(),
          displayName: 'Name mal',
          threadId: null,
        }),
    ],
    [
      'deleting the typing signal 1 s after writing it',
      () => ({ 'rooms/pub/typing/mal': { at: at(-1_000), displayName: 'Name mal', threadId: null } }),
      () => deleteDoc(doc(mal(env), 'rooms', 'pub', 'typing', 'mal')),
    ],
    [
      'a read cursor 0.5 s after the last',
      () => ({ 'users/mal/reads/pub': { lastReadAt: at(-60_000), lastReadId: 'a', updatedAt: at(-500) } }),
      () =>
        setDoc(doc(mal(env), 'users', 'mal', 'reads', 'pub'), {
          lastReadAt: at(-1000),
          lastReadId: 'b',
          updatedAt: serverTimestamp(),
        }),
    ],
    [
      'deleting the read cursor to write it afresh',
      () => ({ 'users/mal/reads/pub': { lastReadAt: at(-60_000), lastReadId: 'a', updatedAt: at(-500) } }),
      () => deleteDoc(doc(mal(env), 'users', 'mal', 'reads', 'pub')),
    ],
  ])('refused: %s', async (_case, docs, attack) => {
    await seed(env, docs());
    await denied(attack());
  });

  describe('after the victim blocks the attacker', () => {
    const dm = 'dm_mal_vic';
    const blocked = async () => {
      await seed(env, {
        'users/vic/blocks/mal': { createdAt: at(-1000) },
        'blockedBy/mal': { uids: ['vic'] },
        [`rooms/${dm}`]: roomDoc('direct', 'mal', ['mal', 'vic']),
        ...membershipDocs(dm, 'mal', 'member'),
        ...membershipDocs(dm, 'vic', 'member'),
        'users/mal': profileDoc('mal'),
      });
    };

    it.each<[string, () => Promise<void>]>([
      ['a direct message to the victim', () => sendBatch(mal(env), dm, 'mal', 'b1', newMessage('mal'), 7)],
      [
        'a mention of the victim in a shared room',
        () => sendBatch(mal(env), 'pub', 'mal', 'b2', newMessage('mal', { mentions: ['vic'] }), 7),
      ],
      [
        'a mention of the victim among others',
        () => sendBatch(mal(env), 'pub', 'mal', 'b3', newMessage('mal', { mentions: ['own', 'adm', 'vic'] }), 7),
      ],
      [
        'removing themselves from the victim’s block mirror',
        () => setDoc(doc(mal(env), 'blockedBy', 'mal'), { uids: [] }),
      ],
      ['deleting the victim’s block', () => deleteDoc(doc(mal(env), 'users', 'vic', 'blocks', 'mal'))],
    ])('refused: %s', async (_case, attack) => {
      await blocked();
      await denied(attack());
    });
  });
});
