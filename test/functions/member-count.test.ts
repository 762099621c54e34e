/**
 * rooms/{roomId}.memberCount (functions/src/lib/memberCount.ts), kept by onMemberCreated and
 * onMemberDeleted with the room's summary (lib/roomSummary.ts): a group room holds no list of its
 * members, only members/{uid} documents (each listed in users/{uid}/rooms), and its count follows
 * them. A direct room's count is its pair's, and is never touched.
 */
import { memberDocument, roomDocument, type RoomRole } from '@chat/shared';
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { deleteAccountData } from '../../functions/src/lib/account';
import { SLOT_SLACK_MS } from '../../functions/src/lib/coalesce';
import { recountMembers } from '../../functions/src/lib/memberCount';
import { SUMMARY_INTERVAL_MS, writeRoomSummary } from '../../functions/src/lib/roomSummary';
import { eventually, uniqueId } from '../support/env';
import { addMessage, adminAuth, direct, seedRoom, triggered, TRIGGER_TIMEOUT_MS } from './support';

const LONG = 150_000;

/** A membership as the app writes it: the member document and its room-list entry, in one batch. */
async function join(db: Firestore, roomId: string, uid: string, role: RoomRole = 'member') {
  const batch = db.batch();
  batch.set(
    db.doc(`rooms/${roomId}/members/${uid}`),
    memberDocument({ uid, role, displayName: `Member ${uid}`, joinedAt: FieldValue.serverTimestamp() }),
  );
  batch.set(db.doc(`users/${uid}/rooms/${roomId}`), { joinedAt: FieldValue.serverTimestamp() });
  await batch.commit();
}

/** A leave, or with `bannedBy` a ban: the member document and its room-list entry go together. */
async function leave(db: Firestore, roomId: string, uid: string, bannedBy?: string) {
  const batch = db.batch();
  if (bannedBy)
    batch.set(db.doc(`rooms/${roomId}/bans/${uid}`), {
      bannedBy,
      reason: 'spam',
      createdAt: FieldValue.serverTimestamp(),
    });
  batch.delete(db.doc(`rooms/${roomId}/members/${uid}`));
  batch.delete(db.doc(`users/${uid}/rooms/${roomId}`));
  await batch.commit();
}

/** The recount a join or leave asks for, written at once (no coalescing). */
const writeMemberCount = (db: Firestore, roomId: string) =>
  writeRoomSummary(db, roomId, { messages: false, members: true });

const memberDocs = async (db: Firestore, roomId: string) =>
  (await db.collection(`rooms/${roomId}/members`).count().get()).data().count;

/** Waits for the room's memberCount to be `n`, and checks it is the number of its member documents. */
async function countOnce(db: Firestore, roomId: string, n: number, what: string) {
  const count = await eventually(
    async () => {
      const value = (await db.doc(`rooms/${roomId}`).get()).get('memberCount') as unknown;
      return value === n ? value : undefined;
    },
    what,
    TRIGGER_TIMEOUT_MS,
  );
  expect(count).toBe(await memberDocs(db, roomId));
}

describe('member count on the emulator', () => {
  it(
    'joins and leaves of a group room (a ban among them) bring memberCount to the number of member documents',
    async () => {
      const db = triggered();
      // the owner alone: a group room is created with memberCount 1
      const { roomId, owner } = await seedRoom(db, 1);
      expect((await db.doc(`rooms/${roomId}`).get()).get('memberCount')).toBe(1);
      const joiners = ['ana', 'ben', 'cy', 'dee'].map((p) => uniqueId(p));
      // at once, as a busy room sees them: each recount is conditional, so the count is right in the end
      await Promise.all(joiners.map((uid) => join(db, roomId, uid)));
      await countOnce(db, roomId, 5, 'memberCount 5 after four joins');

      const [ana, ben, cy] = joiners as [string, string, string, string];
      await leave(db, roomId, ana);
      await leave(db, roomId, ben);
      await leave(db, roomId, cy, owner);
      await countOnce(db, roomId, 2, 'memberCount 2 after two leaves and a ban');
      // the count is the room's only record of its size: no list of members comes back
      expect((await db.doc(`rooms/${roomId}`).get()).get('memberIds')).toBeUndefined();
    },
    LONG,
  );

  it(
    "deleting an account takes its member documents and room-list entries; a direct room's count stays its pair's",
    async () => {
      const db = triggered();
      const { roomId, members } = await seedRoom(db, 3);
      const gone = members[2]!;
      const friend = uniqueId('friend');
      const pair = [gone, friend].sort();
      const dmId = `dm_${pair.join('_')}`;
      const batch = db.batch();
      batch.set(
        db.doc(`rooms/${dmId}`),
        roomDocument({
          kind: 'direct',
          name: '',
          createdBy: gone,
          createdAt: FieldValue.serverTimestamp(),
          memberIds: pair,
        }),
      );
      for (const uid of pair) {
        batch.set(
          db.doc(`rooms/${dmId}/members/${uid}`),
          memberDocument({ uid, role: 'member', displayName: `Member ${uid}`, joinedAt: FieldValue.serverTimestamp() }),
        );
        batch.set(db.doc(`users/${uid}/rooms/${dmId}`), { joinedAt: FieldValue.serverTimestamp() });
      }
      await batch.commit();
      expect((await db.doc(`rooms/${dmId}`).get()).get('memberCount')).toBe(2);

      const result = await deleteAccountData(db, adminAuth(), gone);
      expect(result.memberships).toBe(2);
      expect((await db.doc(`rooms/${roomId}/members/${gone}`).get()).exists).toBe(false);
      expect((await db.doc(`rooms/${dmId}/members/${gone}`).get()).exists).toBe(false);
      expect((await db.collection(`users/${gone}/rooms`).get()).empty).toBe(true);
      // everyone else's memberships stay listed
      expect((await db.doc(`users/${friend}/rooms/${dmId}`).get()).exists).toBe(true);
      for (const uid of members.slice(0, 2))
        expect((await db.doc(`users/${uid}/rooms/${roomId}`).get()).exists).toBe(true);
      await countOnce(db, roomId, 2, "the group room's memberCount 2 after the account's deletion");

      // the direct room's member deletion has been delivered by now (the Firestore emulator
      // delivers events in order, and a message written after it has been summarized): its count
      // is still its pair's, though one member document is left
      await addMessage(db, dmId, friend, 'still here');
      await eventually(
        async () => ((await db.doc(`rooms/${dmId}`).get()).get('messageCount') === 1 ? true : undefined),
        "the direct room's summary",
        TRIGGER_TIMEOUT_MS,
      );
      expect(await memberDocs(db, dmId)).toBe(1);
      expect((await db.doc(`rooms/${dmId}`).get()).data()).toMatchObject({ memberIds: pair, memberCount: 2 });
    },
    LONG,
  );
});

describe('member count, called directly', () => {
  it('writes the count of member documents, whatever the room held; unchanged and gone rooms are left alone', async () => {
    const db = direct();
    const { roomId } = await seedRoom(db, 3);
    // a count that fell behind (events lost or out of order): it counts, it does not add
    await db.doc(`rooms/${roomId}`).update({ memberCount: 7 });
    expect(await writeMemberCount(db, roomId)).toBe('written');
    expect((await db.doc(`rooms/${roomId}`).get()).get('memberCount')).toBe(3);
    expect(await writeMemberCount(db, roomId)).toBe('unchanged');
    await join(db, roomId, uniqueId('late'));
    expect(await writeMemberCount(db, roomId)).toBe('written');
    expect((await db.doc(`rooms/${roomId}`).get()).get('memberCount')).toBe(4);
    // a room deleted while its members' events were on their way is not written back into being
    const goneRoom = uniqueId('room');
    await join(db, goneRoom, uniqueId('orphan'));
    expect(await writeMemberCount(db, goneRoom)).toBe('gone');
    expect((await db.doc(`rooms/${goneRoom}`).get()).exists).toBe(false);
  });

  it("joins one after another write the room once per summary interval at most, below a write a second: the count rides the summary's coalescing", async () => {
    const db = direct();
    const { roomId } = await seedRoom(db, 1);
    const room = db.doc(`rooms/${roomId}`);
    const versions = [(await room.get()).updateTime!.toMillis()];
    // sign-ups into a public room as fast as they come (#general on a busy day); no scheduler, so
    // each recount waits out the interval itself
    for (let i = 0; i < 4; i++) {
      await join(db, roomId, uniqueId(`j${i}`));
      await recountMembers(db, roomId, uniqueId('event'));
      versions.push((await room.get()).updateTime!.toMillis());
    }
    expect((await room.get()).get('memberCount')).toBe(5);
    const writes = [...new Set(versions)];
    const gaps = writes.slice(1).map((t, i) => t - writes[i]!);
    expect(gaps).toHaveLength(4);
    // each write in a second of its own (the flush keeps to slots: coalesce.ts nextSlot), never
    // closer to the one before than the interval less the slack a flush may write into its slot
    expect(new Set(writes.map((t) => Math.floor(t / SUMMARY_INTERVAL_MS))).size).toBe(writes.length);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(SUMMARY_INTERVAL_MS - SLOT_SLACK_MS);
    // and sustained below Firestore's one write a second to a document: any run of writes takes
    // more than a second per write (with an interval of exactly a second, about one, the limit itself)
    const perWrite = writes.flatMap((t, i) => writes.slice(i + 2).map((u, k) => (u - t) / (k + 2)));
    expect(Math.min(...perWrite)).toBeGreaterThan(1_000);
  });

  it('recounts racing a join land on the latest count: a count taken before it never overwrites one taken after', async () => {
    const db = direct();
    const { roomId } = await seedRoom(db, 2);
    const joiners = Array.from({ length: 6 }, (_, i) => uniqueId(`j${i}`));
    // each join's recount runs beside the others, as the triggers of a burst of joins do
    await Promise.all(
      joiners.map(async (uid) => {
        await join(db, roomId, uid);
        await writeMemberCount(db, roomId);
      }),
    );
    expect((await db.doc(`rooms/${roomId}`).get()).get('memberCount')).toBe(8);
  });
});
