import { FieldValue } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { eventually } from '../support/env';
import { at, seedRoom, triggered, TRIGGER_TIMEOUT_MS } from './support';

describe('system messages on the emulator', () => {
  it('joins, renames, topic changes, mutes, bans and leaves appear in the room, written by Firechat', async () => {
    const db = triggered();
    const { roomId, members } = await seedRoom(db, 3);
    const [, ben, chloe] = members as [string, string, string];
    await db.doc(`rooms/${roomId}`).update({ name: 'renamed-room', topic: 'A new topic' });
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
