import { memberDocument, NOTICES_MAX_MEMBERS, roomDocument } from '@chat/shared';
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { eventually, uniqueId } from '../support/env';
import { at, renameRoom, seedRoom, triggered, TRIGGER_TIMEOUT_MS } from './support';

/** The room's memberCount once the server has counted its members again. */
async function countedTo(db: Firestore, roomId: string, count: number): Promise<void> {
  await eventually(
    async () => ((await db.doc(`rooms/${roomId}`).get()).get('memberCount') === count ? true : undefined),
    `memberCount ${count}`,
    TRIGGER_TIMEOUT_MS,
  );
}

describe('system messages on the emulator', () => {
  it(`keeps joins and leaves quiet in a room of more than ${NOTICES_MAX_MEMBERS} members, and still counts them`, async () => {
    const db = triggered();
    const roomId = uniqueId('room');
    const [owner, ben] = [uniqueId('u0'), uniqueId('u1')];
    // the room says it is big: the count its own trigger reads before it counts again
    const join = db.batch();
    join.set(
      db.doc(`rooms/${roomId}`),
      roomDocument({
        kind: 'public',
        name: roomId,
        createdBy: owner,
        createdAt: FieldValue.serverTimestamp(),
        memberCount: NOTICES_MAX_MEMBERS + 50,
      }),
    );
    for (const [uid, role] of [
      [owner, 'owner'],
      [ben, 'member'],
    ] as const) {
      join.set(
        db.doc(`rooms/${roomId}/members/${uid}`),
        memberDocument({ uid, role, displayName: `Member ${uid}`, joinedAt: FieldValue.serverTimestamp() }),
      );
      join.set(db.doc(`users/${uid}/rooms/${roomId}`), { joinedAt: FieldValue.serverTimestamp() });
    }
    await join.commit();
    // Ben's join is counted (the recount comes after the notice would have been posted) ...
    await countedTo(db, roomId, 2);
    // ... and his leave, from a room that is big again by its count
    const leave = db.batch();
    leave.update(db.doc(`rooms/${roomId}`), { memberCount: NOTICES_MAX_MEMBERS + 50 });
    leave.delete(db.doc(`rooms/${roomId}/members/${ben}`));
    leave.delete(db.doc(`users/${ben}/rooms/${roomId}`));
    await leave.commit();
    await countedTo(db, roomId, 1);
    const notices = await db.collection(`rooms/${roomId}/messages`).where('kind', '==', 'system').get();
    expect(notices.docs.map((d) => String(d.get('text')))).toEqual([]);
  });

  it('announces one join and one leave of a person an hour: joining and leaving in a loop stays quiet', async () => {
    const db = triggered();
    const { roomId, members } = await seedRoom(db, 2);
    const ben = members[1]!;
    const member = db.doc(`rooms/${roomId}/members/${ben}`);
    const listing = db.doc(`users/${ben}/rooms/${roomId}`);
    const leave = async () => {
      await db.batch().delete(member).delete(listing).commit();
      await countedTo(db, roomId, 1);
    };
    const join = async () => {
      await db
        .batch()
        .set(
          member,
          memberDocument({
            uid: ben,
            role: 'member',
            displayName: `Member ${ben}`,
            joinedAt: FieldValue.serverTimestamp(),
          }),
        )
        .set(listing, { joinedAt: FieldValue.serverTimestamp() })
        .commit();
      await countedTo(db, roomId, 2);
    };
    const notices = async () =>
      (await db.collection(`rooms/${roomId}/messages`).where('kind', '==', 'system').get()).docs
        .map((d) => String(d.get('text')))
        .sort();
    // The member count paces the rounds, but a count may be written by another event's coalesced
    // flush before this event's trigger has run: so each check waits for the notices to be
    // exactly as expected (more notices, as without the limit, never are).
    const noticesAre = (expected: string[]) =>
      eventually(
        async () => {
          const shown = await notices();
          return JSON.stringify(shown) === JSON.stringify([...expected].sort()) ? shown : undefined;
        },
        `the notices ${expected.join(', ')}`,
        TRIGGER_TIMEOUT_MS,
      );
    const mark = db.doc(`rooms/${roomId}/noticeMarks/${ben}`);
    // the seeded join is announced and recorded; then three rounds of leaving and joining again
    await noticesAre([`Member ${ben} joined the room`]);
    await eventually(async () => ((await mark.get()).exists ? true : undefined), 'the mark', TRIGGER_TIMEOUT_MS);
    for (let round = 0; round < 3; round++) {
      await leave();
      await join();
    }
    await noticesAre([`Member ${ben} joined the room`, `Member ${ben} left the room`]);

    // an hour after the last join notice, a join is announced again
    await mark.update({ 'joined.at': at(Date.now() - 3_600_000 - 1000) });
    await leave();
    await join();
    await noticesAre([`Member ${ben} joined the room`, `Member ${ben} joined the room`, `Member ${ben} left the room`]);
  }, 150_000);

  it('joins, renames, topic changes, mutes, bans and leaves appear in the room, written by Firechat', async () => {
    const db = triggered();
    const { roomId, members } = await seedRoom(db, 3);
    const [, ben, chloe] = members as [string, string, string];
    await renameRoom(db, roomId, members[0]!, { name: 'renamed-room', topic: 'A new topic' });
    await db.doc(`rooms/${roomId}/members/${ben}`).update({ mutedUntil: at(Date.now() + 10 * 60_000) });
    const banBatch = db.batch();
    banBatch.set(db.doc(`rooms/${roomId}/bans/${chloe}`), {
      bannedBy: members[0],
      reason: 'spam',
      createdAt: FieldValue.serverTimestamp(),
    });
    banBatch.delete(db.doc(`rooms/${roomId}/members/${chloe}`));
    banBatch.delete(db.doc(`users/${chloe}/rooms/${roomId}`));
    await banBatch.commit();
    const leave = db.batch();
    leave.delete(db.doc(`rooms/${roomId}/members/${ben}`));
    leave.delete(db.doc(`users/${ben}/rooms/${roomId}`));
    await leave.commit();

    const expected = [
      `Member ${ben} joined the room`,
      `Member ${chloe} joined the room`,
      'The room was renamed to “renamed-room”',
      'The topic is now “A new topic”',
      `Member ${ben} was muted for 10 minutes`,
      `Member ${chloe} was banned from the room`,
      `Member ${ben} left the room`,
    ].sort();
    const docs = await eventually(
      async () => {
        const snap = await db.collection(`rooms/${roomId}/messages`).where('kind', '==', 'system').limit(20).get();
        return snap.size >= expected.length ? snap.docs : undefined;
      },
      'seven system messages',
      TRIGGER_TIMEOUT_MS * 2,
    );
    // no "left" for the banned member: the ban says it
    expect(docs.map((d) => String(d.get('text'))).sort()).toEqual(expected);
    // beside its English words, what happened, for the app to say in the reader's language
    const events = docs.map((d) => d.get('event') as { type: string; name?: string; topic?: string; ms?: number });
    expect(events.map((e) => e.type).sort()).toEqual([
      'banned',
      'joined',
      'joined',
      'left',
      'muted',
      'renamed',
      'topic',
    ]);
    expect(events).toContainEqual({ type: 'renamed', name: 'renamed-room' });
    expect(events).toContainEqual({ type: 'topic', topic: 'A new topic' });
    expect(events).toContainEqual({ type: 'banned', name: `Member ${chloe}` });
    const muted = events.find((e) => e.type === 'muted');
    expect(muted?.name).toBe(`Member ${ben}`);
    expect(muted?.ms).toBeGreaterThan(9 * 60_000);
    const one = await db.collection(`rooms/${roomId}/messages`).where('kind', '==', 'system').limit(1).get();
    expect(one.docs[0]?.data()).toMatchObject({
      authorId: 'system',
      authorName: 'Firechat',
      deleted: false,
      mentions: [],
      words: [],
      reactions: {},
      // in the room's own history, in no thread
      threadId: null,
      inRoom: true,
    });
  }, 150_000);
});
