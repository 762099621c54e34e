/**
 * Sanctions that must survive every path through leaving and joining: a mute outlives the
 * membership it was given in (rooms/{roomId}/sanctions/{uid} holds it; joining copies it onto the
 * member document and every batch keeps the two equal, so sending reads the member document's
 * copy: the cases below that try to part them are refused), and a kick outlives the invite code the member came in with (a kicked member comes
 * back only through an invite made after the kick, or when an admin adds them).
 */
import {
  deleteDoc,
  doc,
  serverTimestamp,
  setDoc,
  updateDoc,
  writeBatch,
  type DocumentData,
  type Firestore,
} from 'firebase/firestore';
import { describe, it } from 'vitest';
import {
  as,
  at,
  denied,
  inviteDoc,
  joinBatch,
  leaveBatch,
  listingPath,
  memberDoc,
  newMember,
  giveReaction,
  newMessage,
  reactionPath,
  roomDoc,
  rulesSuite,
  seed,
  sendBatch,
  countedEdit,
} from '../support';
import { mal, seedWorld } from './world';

/** The code mal joined the private room with, made long before anything below. */
const FIRST_CODE = 'mals-first-code-0123456789';
/** Another code of the room, made before the kick too. */
const OLD_CODE = 'older-code-of-the-room-0123';

const env = await rulesSuite('attacks-sanctions', async (env) => {
  const invite = inviteDoc('own', { createdAt: at(-7_200_000) });
  await seedWorld(env, {
    [`rooms/priv/invites/${FIRST_CODE}`]: invite,
    [`rooms/priv/invites/${OLD_CODE}`]: invite,
    'rooms/priv/members/mal': memberDoc('mal', 'member'),
    'rooms/priv/joins/mal': { code: FIRST_CODE },
  });
});

const MUTE = () => at(3_600_000);

/** mal muted for an hour in `roomId`, as a moderator leaves it: the sanction and its mirror. */
const muted = (roomId: string) =>
  seed(env, {
    [`rooms/${roomId}/sanctions/mal`]: { mutedUntil: MUTE(), kickedAt: null },
    [`rooms/${roomId}/members/mal`]: memberDoc('mal', 'member', { mutedUntil: MUTE() }),
  });

/** mal kicked from the private room a minute ago (no longer a member). */
const kicked = async () => {
  const room = roomDoc('private', 'own', ['own', 'adm', 'vic']);
  await env.withSecurityRulesDisabled(async (context) => {
    await deleteDoc(doc(context.firestore(), 'rooms/priv/members/mal'));
    await deleteDoc(doc(context.firestore(), listingPath('mal', 'priv')));
  });
  await seed(env, { 'rooms/priv': room, 'rooms/priv/sanctions/mal': { mutedUntil: null, kickedAt: at(-60_000) } });
};

const leave = (db: Firestore, roomId: string) => leaveBatch(db, roomId, 'mal');
const join = (db: Firestore, roomId: string, member: DocumentData, code: string | null = null) =>
  joinBatch(db, roomId, 'mal', member, code ?? undefined);

describe('attack: sanctions that evaporate', () => {
  it.each<[string, string, string | null]>([
    ['the public room', 'pub', null],
    ['the private room, with the code they joined with', 'priv', FIRST_CODE],
  ])('refused: a muted member leaves %s and rejoins unmuted', async (_case, roomId, code) => {
    await muted(roomId);
    await leave(mal(env), roomId);
    await denied(join(mal(env), roomId, newMember('mal', 'member', { mutedUntil: null }), code));
  });

  it.each<[string, string, string | null]>([
    ['the public room', 'pub', null],
    ['the private room', 'priv', FIRST_CODE],
  ])('refused: a muted member rejoins %s with a shorter mute', async (_case, roomId, code) => {
    await muted(roomId);
    await leave(mal(env), roomId);
    await denied(join(mal(env), roomId, newMember('mal', 'member', { mutedUntil: at(-1000) }), code));
  });

  it.each<[string, (db: Firestore) => Promise<void>]>([
    ['sends', (db) => sendBatch(db, 'pub', 'mal', 'm1', newMessage('mal'), 7)],
    [
      'edits',
      (db) =>
        countedEdit(doc(db, 'rooms', 'pub', 'messages', 'byMal'), 'mal', {
          text: 'edited',
          words: ['edited'],
          editedAt: serverTimestamp(),
        }),
    ],
    ['reacts', (db) => giveReaction(doc(db, reactionPath('pub', 'byVic', 'mal')), '👎')],
  ])(
    "refused: a muted member %s (the rules read the mute from the member document, the sanction's mirror)",
    async (_c, act) => {
      await muted('pub');
      await denied(act(mal(env)));
    },
  );

  it.each<[string, string]>([
    ['the code they first joined with', FIRST_CODE],
    ['another code made before the kick', OLD_CODE],
  ])('refused: a kicked member walks back in with %s', async (_case, code) => {
    await kicked();
    await denied(join(mal(env), 'priv', newMember('mal', 'member'), code));
  });

  it.each<[string, (db: Firestore) => Promise<void>]>([
    ['an admin kicks without recording it', (db) => leaveBatch(db, 'priv', 'vic')],
    [
      'an admin kicks and records the kick as long past',
      (db) => leaveBatch(db, 'priv', 'vic', { mutedUntil: null, kickedAt: at(-86_400_000) }),
    ],
    [
      'an admin mutes in the member document only',
      (db) => updateDoc(doc(db, 'rooms', 'pub', 'members', 'vic'), { mutedUntil: at(3_600_000) }),
    ],
    [
      'an admin mutes in the sanction only',
      (db) => setDoc(doc(db, 'rooms', 'pub', 'sanctions', 'vic'), { mutedUntil: at(3_600_000), kickedAt: null }),
    ],
    [
      'an admin mutes the owner through the sanction',
      (db) => {
        const batch = writeBatch(db);
        batch.update(doc(db, 'rooms', 'pub', 'members', 'own'), { mutedUntil: at(3_600_000) });
        batch.set(doc(db, 'rooms', 'pub', 'sanctions', 'own'), { mutedUntil: at(3_600_000), kickedAt: null });
        return batch.commit();
      },
    ],
  ])('refused: %s', async (_case, act) => {
    await denied(act(as(env, 'adm')));
  });

  it.each<[string, () => Promise<void>]>([
    ['deleting their own sanction', () => deleteDoc(doc(mal(env), 'rooms', 'pub', 'sanctions', 'mal'))],
    [
      'lifting their own mute in the sanction',
      () => setDoc(doc(mal(env), 'rooms', 'pub', 'sanctions', 'mal'), { mutedUntil: null, kickedAt: null }),
    ],
    [
      'lifting their mute in the sanction and the member document together',
      () => {
        const db = mal(env);
        const batch = writeBatch(db);
        batch.update(doc(db, 'rooms', 'pub', 'members', 'mal'), { mutedUntil: null });
        batch.set(doc(db, 'rooms', 'pub', 'sanctions', 'mal'), { mutedUntil: null, kickedAt: null });
        return batch.commit();
      },
    ],
    [
      'muting the victim',
      () => {
        const db = mal(env);
        const batch = writeBatch(db);
        batch.update(doc(db, 'rooms', 'pub', 'members', 'vic'), { mutedUntil: at(3_600_000) });
        batch.set(doc(db, 'rooms', 'pub', 'sanctions', 'vic'), { mutedUntil: at(3_600_000), kickedAt: null });
        return batch.commit();
      },
    ],
    [
      'clearing the kick on record after being kicked',
      async () => {
        await kicked();
        await updateDoc(doc(mal(env), 'rooms', 'priv', 'sanctions', 'mal'), { kickedAt: null });
      },
    ],
  ])('refused: the member tries %s', async (_case, attack) => {
    await muted('pub');
    await denied(attack());
  });
});
