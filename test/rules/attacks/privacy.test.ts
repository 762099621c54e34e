/**
 * Privacy and consent: what a stranger can learn about who talks to whom, who can take the
 * default room, and what a block stops (opening a direct room, being added to a room, and the
 * blocker using a block to silence the other side while still messaging them).
 */
import { collection, doc, getDoc, serverTimestamp, setDoc, writeBatch, type Firestore } from 'firebase/firestore';
import { DEFAULT_ROOM_ID } from '@chat/shared';
import { describe, expect, it } from 'vitest';
import {
  as,
  at,
  denied,
  inviteDoc,
  joinBatch,
  list,
  membershipDocs,
  newMember,
  newMessage,
  newRoom,
  openDirectBatch,
  profileDoc,
  roomDoc,
  roomLedgerEntry,
  rulesSuite,
  seed,
  sendBatch,
} from '../support';
import { mal, restReadRefused, seedWorld } from './world';

/** The live invite code vic joined the private room by: mal, a plain member there, wants it. */
const VICS_CODE = 'vics-live-invite-code-0123';

const env = await rulesSuite('attacks-privacy', (env) =>
  seedWorld(env, {
    'rooms/dm_own_vic': roomDoc('direct', 'own', ['own', 'vic']),
    ...membershipDocs('dm_own_vic', 'own', 'member'),
    ...membershipDocs('dm_own_vic', 'vic', 'member'),
    // vic joined the private room by an invite that still works
    [`rooms/priv/invites/${VICS_CODE}`]: inviteDoc('own', { createdAt: at(-7_200_000) }),
    'rooms/priv/joins/vic': { code: VICS_CODE },
    'users/out': profileDoc('out'),
  }),
);

/** A direct room of mal and `other` as the client opens it: the room, both members, the count, the request. */
const openDirect = (db: Firestore, other: string) => openDirectBatch(db, 'mal', other);

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
      ...membershipDocs('lair', 'mal', 'owner'),
    });
    await denied(joinBatch(mal(env), 'lair', 'vic'));
  });

  it('refused: blocking the victim so they cannot answer, and messaging them still', async () => {
    await seed(env, {
      'users/mal/blocks/vic': { createdAt: at(-1000) },
      'blockedBy/vic': { uids: ['mal'] },
      'rooms/dm_mal_vic': roomDoc('direct', 'mal', ['mal', 'vic']),
      ...membershipDocs('dm_mal_vic', 'mal', 'member'),
      ...membershipDocs('dm_mal_vic', 'vic', 'member'),
    });
    await denied(
      sendBatch(mal(env), 'dm_mal_vic', 'mal', 'h1', newMessage('mal', { createdAt: serverTimestamp() }), 7),
    );
  });
});

describe('attack: harvesting invite codes to let outsiders in past the admins', () => {
  it("refused: a member reads another member's invite code, by get, list or REST", async () => {
    const vic = await getDoc(doc(mal(env), 'rooms', 'priv', 'members', 'vic'));
    expect(JSON.stringify(vic.data())).not.toContain(VICS_CODE);
    await denied(getDoc(doc(mal(env), 'rooms', 'priv', 'joins', 'vic')));
    await denied(list(collection(mal(env), 'rooms', 'priv', 'joins'), 10));
    await restReadRefused(env, 'mal', 'rooms/priv/joins/vic');
  });

  it("refused: writing a joins document for someone else (an outsider's, to let them in with it)", async () => {
    await denied(setDoc(doc(mal(env), 'rooms', 'priv', 'joins', 'out'), { code: VICS_CODE }));
    await denied(setDoc(doc(mal(env), 'rooms', 'priv', 'joins', 'vic'), { code: 'mals-made-up-code-01234' }));
  });

  it('refused: an outsider joins with a code they made up, or with no code at all', async () => {
    for (const code of ['made-up-invite-code-0123', undefined]) {
      await denied(joinBatch(as(env, 'out'), 'priv', 'out', newMember('out', 'member'), code));
    }
  });
});
