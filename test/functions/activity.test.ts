/**
 * A reply that stays in its thread moves no room summary, so the people it concerns hear of it
 * through users/{uid}/activity/{messageId} (functions/src/messages/activity.ts): those it mentions
 * and the author of the thread's first message, never its own author nor someone who blocks them.
 */
import type { Firestore } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { handleThreadActivity } from '../../functions/src/messages/activity';
import { eventually } from '../support/env';
import { addMessage, direct, seedRoom, storedMessage, triggered, TRIGGER_TIMEOUT_MS } from './support';

const activityOf = async (db: Firestore, uid: string, messageId: string) =>
  (await db.doc(`users/${uid}/activity/${messageId}`).get()).data();

describe('thread activity', () => {
  it('tells the first message’s author and everyone mentioned, not the reply’s author, and only once per reply', async () => {
    const db = direct();
    const { roomId, members } = await seedRoom(db, 4);
    const [ana, ben, cy, dee] = members as [string, string, string, string];
    const first = await addMessage(db, roomId, ana, 'shall we ship friday');
    const message = storedMessage(ben, 'yes if @Cy agrees', { threadId: first, inRoom: false, mentions: [cy, ben] });
    expect(await handleThreadActivity(db, { roomId, messageId: 'r1', message })).toBe('told:2');
    expect(await activityOf(db, ana, 'r1')).toMatchObject({ kind: 'reply', roomId, threadId: first, authorId: ben });
    expect(await activityOf(db, cy, 'r1')).toMatchObject({ kind: 'mention', roomId, threadId: first });
    // the author mentioning themselves, and someone neither mentioned nor the first message's author
    expect(await activityOf(db, ben, 'r1')).toBeUndefined();
    expect(await activityOf(db, dee, 'r1')).toBeUndefined();
    // a redelivered event writes the same documents again
    expect(await handleThreadActivity(db, { roomId, messageId: 'r1', message })).toBe('told:2');
    const kept = await activityOf(db, ana, 'r1');
    expect(kept?.expireAt.toMillis()).toBeGreaterThan(kept?.at.toMillis());
  });

  it('tells nobody of a reply also sent to the room, a room message, a held reply, or a reply to one who blocks its author', async () => {
    const db = direct();
    const { roomId, members } = await seedRoom(db, 2);
    const [ana, ben] = members as [string, string];
    const first = await addMessage(db, roomId, ana, 'the plan');
    const reply = (extra: Record<string, unknown>) =>
      storedMessage(ben, 'a reply', { threadId: first, inRoom: false, ...extra });
    expect(await handleThreadActivity(db, { roomId, messageId: 'x1', message: reply({ inRoom: true }) })).toBe(
      'not-a-thread-reply',
    );
    expect(await handleThreadActivity(db, { roomId, messageId: 'x2', message: storedMessage(ben, 'hi') })).toBe(
      'not-a-thread-reply',
    );
    expect(await handleThreadActivity(db, { roomId, messageId: 'x3', message: reply({ screened: false }) })).toBe(
      'not-a-thread-reply',
    );
    await db.doc(`users/${ana}/blocks/${ben}`).set({ createdAt: new Date() });
    expect(await handleThreadActivity(db, { roomId, messageId: 'x4', message: reply({}) })).toBe('nobody');
    expect(await activityOf(db, ana, 'x4')).toBeUndefined();
  });

  it('is written by the trigger for a reply sent on the emulator', async () => {
    const db = triggered();
    const { roomId, members } = await seedRoom(db, 2);
    const [ana, ben] = members as [string, string];
    const first = await addMessage(db, roomId, ana, 'who takes the notes');
    const replyId = await addMessage(db, roomId, ben, 'I will', { threadId: first, inRoom: false });
    const told = await eventually(() => activityOf(db, ana, replyId), 'Ana told of the reply', TRIGGER_TIMEOUT_MS);
    expect(told).toMatchObject({ kind: 'reply', roomId, threadId: first, authorId: ben });
  });
});
