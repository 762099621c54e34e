import { describe, expect, it } from 'vitest';
import { handleMessageCreated } from '../../functions/src/messages/created';
import { eventually, uniqueId } from '../support/env';
import { addMessage, at, direct, seedRoom, storedMessage, triggered, TRIGGER_TIMEOUT_MS } from './support';

describe('cross-room rate limit on the emulator', () => {
  it('the same text five times across rooms mutes the sender and says so in the room', async () => {
    const db = triggered();
    const a = await seedRoom(db, 1);
    const b = await seedRoom(db, 1);
    const uid = a.owner;
    for (const room of [a, b, a, b, a]) await addMessage(db, room.roomId, uid, 'BUY NOW cheap pills');
    const restriction = await eventually(
      async () => (await db.doc(`restrictions/${uid}`).get()).data(),
      'the restriction',
      TRIGGER_TIMEOUT_MS,
    );
    expect(restriction).toMatchObject({ strikes: 1, reason: 'the same message again and again' });
    expect(restriction.mutedUntil.toMillis()).toBeGreaterThan(Date.now());
    const notice = await eventually(
      async () => {
        const snap = await db.collection(`rooms/${a.roomId}/messages`).where('kind', '==', 'system').limit(5).get();
        return snap.docs.find((d) => String(d.get('text')).includes('is muted for 1 minute'))?.data();
      },
      'the system message',
      TRIGGER_TIMEOUT_MS,
    );
    expect(notice).toMatchObject({ authorId: 'system', authorName: 'Firechat', kind: 'system', words: [] });
  }, 120_000);
});

describe('rate limit handler, called directly', () => {
  it('31 messages in a minute mute for 1 minute, and the next offence for longer', async () => {
    const db = direct();
    const { roomId, owner } = await seedRoom(db, 1);
    const start = Date.now();
    const send = (i: number, now: number) =>
      handleMessageCreated(db, {
        eventId: uniqueId('e'),
        roomId,
        message: storedMessage(owner, `message ${i}`, { createdAt: at(now) }),
        now,
      });
    const outcomes: string[] = [];
    for (let i = 0; i < 31; i++) outcomes.push(await send(i, start + i * 100));
    expect(outcomes.slice(0, 30).every((o) => o === 'counted')).toBe(true);
    expect(outcomes[30]).toBe('muted:too-many');
    const first = (await db.doc(`restrictions/${owner}`).get()).data();
    expect(first?.strikes).toBe(1);
    expect(first?.mutedUntil.toMillis()).toBe(start + 3_000 + 60_000);

    // two minutes later the mute has lifted by itself; another flood earns a longer one
    const later = start + 120_000;
    for (let i = 0; i < 31; i++) outcomes.push(await send(i, later + i * 100));
    const second = (await db.doc(`restrictions/${owner}`).get()).data();
    expect(second?.strikes).toBe(2);
    expect(second?.mutedUntil.toMillis()).toBe(later + 3_000 + 5 * 60_000);
    const notices = await db.collection(`rooms/${roomId}/messages`).where('kind', '==', 'system').get();
    expect(notices.docs.map((d) => d.get('text')).sort()).toEqual([
      `Member ${owner} is muted for 1 minute: too many messages in a minute.`,
      `Member ${owner} is muted for 5 minutes: too many messages in a minute.`,
    ]);
  }, 120_000);
});
