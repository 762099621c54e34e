import { directRoomId, RECEIPTS_MAX_MEMBERS } from '@chat/shared';
import { describe, expect, it } from 'vitest';
import { markCursorPending, flushReceipts, receiptsKey } from '../../functions/src/lib/receipts';
import { handleCursorWritten } from '../../functions/src/triggers/onReadCursorWritten';
import { eventually, uniqueId } from '../support/env';
import { at, direct, seedRoom, triggered, TRIGGER_TIMEOUT_MS } from './support';

describe('read receipts on the emulator', () => {
  it('a read cursor shows up in the room summary with the reader name', async () => {
    const db = triggered();
    const { roomId, members } = await seedRoom(db, 2);
    const reader = members[1]!;
    const when = at(Date.now());
    await db.doc(`users/${reader}/reads/${roomId}`).set({ lastReadAt: when, lastReadId: 'm42', updatedAt: when });
    const summary = await eventually(
      async () => (await db.doc(`rooms/${roomId}/receipts/summary`).get()).data(),
      'the summary',
      TRIGGER_TIMEOUT_MS,
    );
    expect(summary.reads[reader]).toEqual({ at: when, messageId: 'm42', name: `Member ${reader}` });
    expect(summary.updatedAt).toBeDefined();
  }, 120_000);
});

describe('read receipt handler, called directly', () => {
  it('keeps no summary for a direct room: the other of the pair reads the cursor itself', async () => {
    const db = direct();
    const [a, b] = [uniqueId('a'), uniqueId('b')];
    const roomId = directRoomId(a, b);
    const when = at(Date.now());
    await db.doc(`users/${a}/reads/${roomId}`).set({ lastReadAt: when, lastReadId: 'm1', updatedAt: when });
    expect(await handleCursorWritten(db, { eventId: uniqueId('e'), uid: a, roomId })).toBe('direct');
    expect((await db.doc(`rooms/${roomId}/receipts/summary`).get()).exists).toBe(false);
    expect((await db.collection(`coalesce/${receiptsKey(roomId)}/pending`).get()).empty).toBe(true);
  });

  it('two flushers that meet (a delayed task and another) never land an older receipt over a newer one', async () => {
    const db = direct();
    const { roomId, members } = await seedRoom(db, 2);
    const reader = members[1]!;
    const cursor = (ms: number, id: string) =>
      db.doc(`users/${reader}/reads/${roomId}`).set({ lastReadAt: at(ms), lastReadId: id, updatedAt: at(ms) });
    const base = Date.now();
    await cursor(base, 'm1');
    await markCursorPending(db, roomId, reader, uniqueId('e1'));
    // the first flusher reads the cursor at m1, and is held before it writes
    let hold!: () => void;
    const held = new Promise<void>((resolve) => (hold = resolve));
    let reading!: () => void;
    const read = new Promise<void>((resolve) => (reading = resolve));
    const first = flushReceipts(db, roomId, { dueMs: Date.now() }, async () => {
      reading();
      await held;
    });
    await read;
    // meanwhile the reader reads on, and a second flusher writes m2
    await cursor(base + 1000, 'm2');
    await markCursorPending(db, roomId, reader, uniqueId('e2'));
    expect(await flushReceipts(db, roomId, { dueMs: Date.now() })).toBe('flushed');
    hold();
    await first;
    const summary = (await db.doc(`rooms/${roomId}/receipts/summary`).get()).data();
    expect(summary?.reads[reader]).toMatchObject({ messageId: 'm2' });
  });

  it('50 concurrent cursor updates leave a correct summary', async () => {
    const db = direct();
    const { roomId, members } = await seedRoom(db, 50);
    const base = Date.now();
    await Promise.all(
      members.map((uid, i) =>
        db
          .doc(`users/${uid}/reads/${roomId}`)
          .set({ lastReadAt: at(base + i), lastReadId: `m${i}`, updatedAt: at(base + i) }),
      ),
    );
    const outcomes = await Promise.all(
      members.map((uid) => handleCursorWritten(db, { eventId: uniqueId('e'), uid, roomId })),
    );
    expect(outcomes.filter((o) => o === 'flushed').length).toBeGreaterThan(0);
    const reads = (await db.doc(`rooms/${roomId}/receipts/summary`).get()).get('reads') as Record<
      string,
      { at: { toMillis(): number }; messageId: string }
    >;
    expect(Object.keys(reads).sort()).toEqual([...members].sort());
    members.forEach((uid, i) => {
      expect(reads[uid]?.messageId).toBe(`m${i}`);
      expect(reads[uid]?.at.toMillis()).toBe(base + i);
    });
  }, 120_000);

  it('only moves forward: a late, older event or cursor never moves a receipt back; a repeat does nothing', async () => {
    const db = direct();
    const { roomId, members } = await seedRoom(db, 2);
    const uid = members[1]!;
    const cursor = db.doc(`users/${uid}/reads/${roomId}`);
    const newer = Date.now();
    await cursor.set({ lastReadAt: at(newer), lastReadId: 'new', updatedAt: at(newer) });
    const eventId = uniqueId('e');
    expect(await handleCursorWritten(db, { eventId, uid, roomId })).toBe('flushed');
    // the same event again: it marks the same, and its flush finds nothing to change
    const summaryRef = db.doc(`rooms/${roomId}/receipts/summary`);
    const written = (await summaryRef.get()).updateTime!;
    expect(await handleCursorWritten(db, { eventId, uid, roomId })).toBe('flushed');
    expect((await summaryRef.get()).updateTime!.isEqual(written)).toBe(true);
    // an older cursor value arriving late (only the server could write one)
    await cursor.set({ lastReadAt: at(newer - 60_000), lastReadId: 'old', updatedAt: at(newer) });
    await handleCursorWritten(db, { eventId: uniqueId('e'), uid, roomId });
    expect((await db.doc(`rooms/${roomId}/receipts/summary`).get()).get(`reads.${uid}.messageId`)).toBe('new');
  });

  it(`keeps no summary in a room of more than ${RECEIPTS_MAX_MEMBERS} members, and drops the one it had while smaller`, async () => {
    const db = direct();
    const { roomId, members } = await seedRoom(db, 2);
    const uid = members[1]!;
    const cursor = db.doc(`users/${uid}/reads/${roomId}`);
    const now = Date.now();
    await cursor.set({ lastReadAt: at(now), lastReadId: 'm1', updatedAt: at(now) });
    await handleCursorWritten(db, { eventId: uniqueId('e'), uid, roomId });
    const summary = db.doc(`rooms/${roomId}/receipts/summary`);
    expect((await summary.get()).get(`reads.${uid}.messageId`)).toBe('m1');
    // the room grows past the limit: its member count, as the server keeps it (the member
    // documents of the others are not needed here)
    await db.doc(`rooms/${roomId}`).update({ memberCount: members.length + RECEIPTS_MAX_MEMBERS });
    await cursor.set({ lastReadAt: at(now + 1000), lastReadId: 'm2', updatedAt: at(now + 1000) });
    await handleCursorWritten(db, { eventId: uniqueId('e'), uid, roomId });
    await eventually(async () => ((await summary.get()).exists ? undefined : true), 'the summary to go', 10_000);
  });
});
