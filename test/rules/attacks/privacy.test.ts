/**
 * Privacy and consent: what a stranger can learn about who talks to whom, who can take the
 * default room, and what a block stops (opening a direct room, being added to a room, and the
 * blocker using a block to silence the other side while still messaging them).
 */
import { arrayUnion, doc, getDoc, serverTimestamp, writeBatch, type Firestore } from 'firebase/firestore';
import { DEFAULT_ROOM_ID } from '@chat/shared';
import { describe, it } from 'vitest';
import {
  at,
  denied,
  memberDoc,
  newMember,
  newMessage,
  newRoom,
  roomDoc,
  roomLedgerEntry,
  rulesSuite,
  seed,
  sendBatch,
} from '../support';
import { mal, restReadRefused, seedWorld } from './world';

const env = await rulesSuite('attacks-privacy', async (env) => {
  await seedWorld(env);
  await seed(env, {
    'rooms/dm_own_vic': roomDoc('direct', 'own', ['own', 'vic']),
    'rooms/dm_own_vic/members/own': memberDoc('own', 'member'),
    'rooms/dm_own_vic/members/vic': memberDoc('vic', 'member'),
  });
});

/** A direct room of mal and `other` as the client opens it: the room, both members, the count. */
function openDirect(db: Firestore, other: string) {
  const pair = ['mal', other].sort();
  const roomId = `dm_${pair[0]}_${pair[1]}`;
  const batch = writeBatch(db);
  batch.set(doc(db, 'rooms', roomId), newRoom('direct', 'mal', pair, { name: '' }));
  for (const uid of pair) batch.set(doc(db, 'rooms', roomId, 'members', uid), newMember(uid, 'member'));
  batch.set(doc(db, 'roomLedgers', 'mal'), roomLedgerEntry(0, roomId));
  return batch.commit();
}

/** vic blocks mal. */
const vicBlocksMal = () =>
  seed(env, { 'users/vic/blocks/mal': { createdAt: at(-1000) }, 'blockedBy/mal': { uids: ['vic'] } });

describe('attack: privacy', () => {
  it.each<[string, string]>([
    ['an existing pair', 'rooms/dm_own_vic'],
    ['a pair that never talked', 'rooms/dm_adm_vic'],
  ])('refused: a stranger asks whether %s has a direct room', async (_case, path) => {
    await denied(getDoc(doc(mal(env), path)));
    await restReadRefused(env, 'mal', path);
  });

  it('refused: on a fresh deploy, creating the default room as a private room that locks everyone out', async () => {
    await env.clearFirestore();
    const db = mal(env);
    const batch = writeBatch(db);
    batch.set(doc(db, 'rooms', DEFAULT_ROOM_ID), newRoom('private', 'mal', ['mal'], { name: 'general' }));
    batch.set(doc(db, 'rooms', DEFAULT_ROOM_ID, 'members', 'mal'), newMember('mal', 'owner'));
    batch.set(doc(db, 'roomLedgers', 'mal'), roomLedgerEntry(0, DEFAULT_ROOM_ID));
    await denied(batch.commit());
  });
});

describe('attack: what a block stops', () => {
  it('refused: opening a direct room with someone who blocks you', async () => {
    await vicBlocksMal();
    await denied(openDirect(mal(env), 'vic'));
  });

  it('refused: adding someone who blocks you to your private room', async () => {
    await vicBlocksMal();
    await seed(env, {
      'rooms/lair': roomDoc('private', 'mal', ['mal']),
      'rooms/lair/members/mal': memberDoc('mal', 'owner'),
    });
    const db = mal(env);
    const batch = writeBatch(db);
    batch.update(doc(db, 'rooms', 'lair'), { memberIds: arrayUnion('vic') });
    batch.set(doc(db, 'rooms', 'lair', 'members', 'vic'), newMember('vic', 'member'));
    await denied(batch.commit());
  });

  it('refused: blocking the victim so they cannot answer, and messaging them still', async () => {
    await seed(env, {
      'users/mal/blocks/vic': { createdAt: at(-1000) },
      'blockedBy/vic': { uids: ['mal'] },
      'rooms/dm_mal_vic': roomDoc('direct', 'mal', ['mal', 'vic']),
      'rooms/dm_mal_vic/members/mal': memberDoc('mal', 'member'),
      'rooms/dm_mal_vic/members/vic': memberDoc('vic', 'member'),
    });
    await denied(
      sendBatch(mal(env), 'dm_mal_vic', 'mal', 'h1', newMessage('mal', { createdAt: serverTimestamp() }), 7),
    );
  });
});
