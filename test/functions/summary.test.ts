import { describe, expect, it } from 'vitest';
import { activeHourMs } from '@chat/shared';
import { COUNTED_KEEP, handleMessageCreated } from '../../functions/src/messages/created';
import { handleMessageWritten } from '../../functions/src/messages/summary';
import {
  flushRoomSummary,
  summaryKey,
  SUMMARY_INTERVAL_MS,
  writeRoomSummary,
} from '../../functions/src/lib/roomSummary';
import { TALLY_MARGIN_MS } from '../../functions/src/lib/tally';
import { FieldValue, type QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { markPending, nextSlot, type PendingMark, requestFlush } from '../../functions/src/lib/coalesce';
import { meterRun } from '../../functions/src/lib/meter';
import { flushTaskId } from '../../functions/src/lib/flushLater';
import { dayKey } from '../../functions/src/lib/stats';
import { eventually, uniqueId } from '../support/env';
import { addMessage, at, direct, messageData, seedRoom, storedMessage, triggered, TRIGGER_TIMEOUT_MS } from './support';

describe('room summary on the emulator', () => {
  it('follows creates, edits and redactions: lastMessage, lastMessageAt, activeHour, messageCount', async () => {
    const db = triggered();
    // the owner alone: a joining member would add a system message to the count
    const { roomId, owner: ana } = await seedRoom(db, 1);
    const ben = uniqueId('ben');
    await addMessage(db, roomId, ana, 'first');
    await addMessage(db, roomId, ben, 'second');
    const third = await addMessage(db, roomId, ana, 'third');
    await eventually(
      async () => {
        const room = (await db.doc(`rooms/${roomId}`).get()).data();
        return room?.messageCount === 3 && room.lastMessage?.id === third && room.lastMessage.excerpt === 'third'
          ? room
          : undefined;
      },
      'the summary of three messages',
      TRIGGER_TIMEOUT_MS,
    );

    await db.doc(`rooms/${roomId}/messages/${third}`).update({ text: 'third, edited', editedAt: at(Date.now()) });
    await eventually(
      async () =>
        (await db.doc(`rooms/${roomId}`).get()).get('lastMessage.excerpt') === 'third, edited' ? true : undefined,
      'the edit',
      TRIGGER_TIMEOUT_MS,
    );

    await db.doc(`rooms/${roomId}/messages/${third}`).update({ text: '', deleted: true });
    const room = await eventually(
      async () => {
        const data = (await db.doc(`rooms/${roomId}`).get()).data();
        return data?.messageCount === 2 ? data : undefined;
      },
      'the redaction',
      TRIGGER_TIMEOUT_MS,
    );
    expect(room.lastMessage.excerpt).toBe('second');
    expect(room.lastMessageAt.toMillis()).toBe(room.lastMessage.at.toMillis());
    // the hour Browse and the statistics query by, with it
    expect(room.activeHour.toMillis()).toBe(activeHourMs(room.lastMessageAt.toMillis()));
  });

  it("counts each sender's messages of the day in their own window, which the daily stats sum", async () => {
    const db = triggered();
    const { roomId, owner } = await seedRoom(db, 1);
    await addMessage(db, roomId, owner, 'one');
    await addMessage(db, roomId, owner, 'two');
    await eventually(
      async () => {
        const limits = (await db.doc(`userLimits/${owner}`).get()).data();
        return limits?.dayMessages === 2 && limits.activeDay === dayKey() ? true : undefined;
      },
      "the sender's count of the day",
      TRIGGER_TIMEOUT_MS,
    );
  });
});

describe('room summary handlers, called directly', () => {
  it('the same event delivered twice counts once (the sender window and their count of the day), for one read and one write', async () => {
    const db = direct();
    const { roomId, members } = await seedRoom(db);
    const uid = members[0]!;
    const day = '2001-01-01';
    const now = Date.parse(`${day}T12:00:00Z`);
    const message = storedMessage(uid, 'hello', { createdAt: at(now) });
    const eventId = uniqueId('evt');
    const first = await meterRun(() => handleMessageCreated(db, { eventId, roomId, message, now }));
    const again = await handleMessageCreated(db, { eventId, roomId, message, now });
    expect([first.result, again]).toEqual(['counted', 'duplicate']);
    const limits = (await db.doc(`userLimits/${uid}`).get()).data();
    expect(limits).toMatchObject({ times: [now], activeDay: day, dayMessages: 1, counted: [eventId] });
    // the event is remembered in the sender's own document: no claim of its own to read, write
    // and have deleted by a TTL policy, and no restriction read while the window is not crossed
    expect(first.meter).toMatchObject({ reads: 1, writes: 1, deletes: 0, paths: [`userLimits/${uid}`] });
    expect((await db.doc(`processedEvents/onMessageCreated_${eventId}`).get()).exists).toBe(false);
  });

  it("a sender's document remembers their latest COUNTED_KEEP events, newest last", async () => {
    const db = direct();
    const uid = uniqueId('sender');
    const events = Array.from({ length: COUNTED_KEEP + 2 }, (_, i) => `evt-${i}`);
    // a message every two minutes, each text its own: no limit crossed
    const base = Date.parse('2001-01-01T00:00:00Z');
    for (const [i, eventId] of events.entries()) {
      const now = base + i * 120_000;
      const message = storedMessage(uid, `text ${i}`, { createdAt: at(now) });
      expect(await handleMessageCreated(db, { eventId, roomId: 'room', message, now })).toBe('counted');
    }
    const counted = (await db.doc(`userLimits/${uid}`).get()).get('counted') as string[];
    expect(counted).toEqual(events.slice(-COUNTED_KEEP));
    // the newest is still a repeat; the oldest has been forgotten (a repeat that late counts again)
    const last = COUNTED_KEEP + 1;
    const message = storedMessage(uid, `text ${last}`, { createdAt: at(base + last * 120_000) });
    expect(await handleMessageCreated(db, { eventId: events[last]!, roomId: 'room', message, now: base + last * 120_000 })).toBe(
      'duplicate',
    );
  });

  it('events in any order, repeated, concurrent: the summary is the newest state, written by one flusher at a time', async () => {
    const db = direct();
    const { roomId, members } = await seedRoom(db);
    const base = Date.now() - 60_000;
    const ids = ['m1', 'm2', 'm3', 'm4'];
    await Promise.all(
      ids.map((id, i) =>
        db
          .doc(`rooms/${roomId}/messages/${id}`)
          .set({ ...messageData(members[0]!, `text ${i + 1}`), createdAt: at(base + i * 1000) }),
      ),
    );
    await db.doc(`rooms/${roomId}/messages/m4`).update({ text: '', deleted: true });
    // Deliver the events newest first, one of them twice, all at once.
    const events = ['m4', 'm3', 'm1', 'm2', 'm3'].map((id, i) => ({ eventId: i === 4 ? 'e-m3' : `e-${id}`, id }));
    const outcomes = await Promise.all(
      events.map(({ eventId, id }) =>
        handleMessageWritten(db, {
          eventId: `${roomId}-${eventId}`,
          roomId,
          before: undefined,
          after: storedMessage(members[0]!, id),
        }),
      ),
    );
    // the repeated event marked the same (its id names the mark): nothing counts it twice
    expect(outcomes).toContain('deferred');
    const room = (await db.doc(`rooms/${roomId}`).get()).data();
    expect(room?.messageCount).toBe(3);
    expect(room?.lastMessage).toMatchObject({ id: 'm3', excerpt: 'text 3' });
    expect(room?.lastMessageAt.toMillis()).toBe(base + 2000);
  });

  it('a summary computed before a newer message never lands over the newer summary (two flushers overlap)', async () => {
    const db = direct();
    const { roomId, members } = await seedRoom(db);
    const base = Date.now() - 60_000;
    const post = (id: string, i: number) =>
      db
        .doc(`rooms/${roomId}/messages/${id}`)
        .set({ ...messageData(members[1]!, `text ${i}`), createdAt: at(base + i * 1000) });
    await post('m1', 1);
    // The slow flusher has computed its summary (m1 newest) and is held before its write.
    let computed!: () => void;
    const heldAtWrite = new Promise<void>((resolve) => (computed = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const slow = writeRoomSummary(db, roomId, undefined, async () => {
      computed();
      await released;
    });
    await heldAtWrite;
    // Meanwhile m2 arrives and a second flusher (the lease ran out) writes its summary.
    await post('m2', 2);
    expect(await writeRoomSummary(db, roomId)).toBe('written');
    release();
    await slow;
    const room = (await db.doc(`rooms/${roomId}`).get()).data();
    expect(room?.lastMessage).toMatchObject({ id: 'm2', excerpt: 'text 2' });
    expect(room?.lastMessageAt.toMillis()).toBe(base + 2000);
    expect(room?.messageCount).toBe(2);
  });

  it('counts a long history once: a flush counts what came after its tally, and a redaction recounts the redacted', async () => {
    const db = direct();
    const { roomId, members } = await seedRoom(db);
    const author = members[1]!;
    // 2,500 messages from before the tally's margin (written without triggers), then one now
    const old = Date.now() - TALLY_MARGIN_MS - 60_000;
    for (let first = 0; first < 2500; first += 500) {
      const batch = db.batch();
      for (let i = first; i < first + 500; i++) {
        batch.set(db.doc(`rooms/${roomId}/messages/old${i}`), { ...messageData(author, `old ${i}`), createdAt: at(old + i) });
      }
      await batch.commit();
    }
    const post = (id: string) => db.doc(`rooms/${roomId}/messages/${id}`).set(messageData(author, id));
    const room = async () => (await db.doc(`rooms/${roomId}`).get()).data()!;
    await post('new1');
    expect(await writeRoomSummary(db, roomId)).toBe('written');
    expect((await room()).messageCount).toBe(2501);
    expect((await room()).messageTally).toMatchObject({ count: 2500, redacted: 0 });

    // The next message: the room, the newest message and a count() of what came after the tally
    // (a count of the whole history was 3 reads more here, a read per 1,000 messages)
    await post('new2');
    const next = await meterRun(() => writeRoomSummary(db, roomId));
    expect(next.result).toBe('written');
    expect((await room()).messageCount).toBe(2502);
    expect(next.meter, 'npm test runs the functions tests with CHAT_METER set').not.toBeNull();
    expect(next.meter!.reads).toBe(3);

    // A redaction of an old message, through its event's mark: the flush recounts the redacted
    await db.doc(`rooms/${roomId}/messages/old7`).update({ text: '', words: [], deleted: true });
    const before = storedMessage(author, 'old 7');
    await handleMessageWritten(db, {
      eventId: `${roomId}-redact-old7`,
      roomId,
      before,
      after: { ...before, text: '', deleted: true },
    });
    expect((await room()).messageCount).toBe(2501);
    expect((await room()).messageTally).toMatchObject({ count: 2500, redacted: 1 });
    // and the count stays right without it
    await post('new3');
    expect(await writeRoomSummary(db, roomId)).toBe('written');
    expect((await room()).messageCount).toBe(2502);
  });

  it("a message's event makes no mark: the task or the quiet spell's flush finds it in the messages (a mark written, read and deleted per message before)", async () => {
    const db = direct();
    const { roomId, members } = await seedRoom(db);
    const author = members[1]!;
    const room = async () => (await db.doc(`rooms/${roomId}`).get()).data()!;
    const marks = async () => (await db.collection(`coalesce/${summaryKey(roomId)}/pending`).get()).size;
    const asked: number[] = [];
    const event = async (id: string, answer = true) => {
      const message = await addMessage(db, roomId, author, id);
      const schedule = () => async (due: number) => (asked.push(due), answer);
      return meterRun(() =>
        handleMessageWritten(
          db,
          { eventId: `${roomId}-${id}`, roomId, before: undefined, after: storedMessage(author, id) },
          schedule,
        ),
      ).then(({ result, meter }) => ({ result, meter, message }));
    };

    // a quiet room (its last write two intervals ago): the trigger that claims the spell flushes
    const quietFor = async () => Date.now() - (await db.doc(`rooms/${roomId}`).get()).updateTime!.toMillis();
    await eventually(async () => ((await quietFor()) > 2 * SUMMARY_INTERVAL_MS ? true : undefined), 'the room quiet');
    const quiet = await event('quiet one');
    expect(quiet.result).toBe('flushed');
    expect((await room()).lastMessage).toMatchObject({ id: quiet.message, excerpt: 'quiet one' });
    expect(await marks()).toBe(0);

    // now busy: the trigger reads the room and asks for the slot's task, writing nothing
    const busy = await event('busy one');
    expect(busy.result).toBe('scheduled');
    expect(busy.meter, 'npm test runs the functions tests with CHAT_METER set').not.toBeNull();
    expect(busy.meter!.writes).toBe(0);
    expect(await marks()).toBe(0);
    // the task, at its time, recomputes the summary from the messages with no mark to read
    expect(await flushRoomSummary(db, roomId, { dueMs: asked.at(-1)!, later: async () => true })).toBe('flushed');
    expect(await room()).toMatchObject({ messageCount: 2, lastMessage: { id: busy.message, excerpt: 'busy one' } });

    // Cloud Tasks refusing: the trigger marks, then flushes under the lease when the interval is up
    const refused = await event('refused one', false);
    expect(refused.result).toBe('flushed');
    expect(await room()).toMatchObject({
      messageCount: 3,
      lastMessage: { id: refused.message, excerpt: 'refused one' },
    });
    expect(await marks()).toBe(0);
  });

  it('reactions do not touch the summary', async () => {
    const db = direct();
    const { roomId } = await seedRoom(db);
    const before = storedMessage('ana', 'x');
    const outcome = await handleMessageWritten(db, {
      eventId: uniqueId('evt'),
      roomId,
      before,
      after: { ...before, reactions: { '👍': ['a'] } },
    });
    expect(outcome).toBe('unchanged');
    // nor the counts the server writes beside them (lib/reactions.ts)
    const counted = await handleMessageWritten(db, {
      eventId: uniqueId('evt'),
      roomId,
      before: { ...before, reactions: { '👍': ['a'] }, reactionCounts: { '👍': 1 } },
      after: { ...before, reactions: { '👍': ['a', 'b'], '🎉': ['c'] }, reactionCounts: { '👍': 25, '🎉': 1 } },
    });
    expect(counted).toBe('unchanged');
  });
});

describe('coalesced flushes', () => {
  it('give the lease back when a flush fails, so the next request (or the retry) flushes at once', async () => {
    const db = direct();
    const key = `failing_${uniqueId()}`;
    await markPending(db, key, uniqueId('event'));
    const coalescer = { store: db, key, minIntervalMs: 0, lastWriteMs: async () => null };
    await expect(
      requestFlush({
        ...coalescer,
        flush: async () => {
          throw new Error('the write failed');
        },
      }),
    ).rejects.toThrow('the write failed');
    // before: the dead lease held for its minute, and every request in it returned 'deferred'
    let flushed = 0;
    expect(await requestFlush({ ...coalescer, flush: async () => void flushed++ })).toBe('flushed');
    expect(flushed).toBe(1);
  });

  it('a flush not due yet is asked of a delayed task (one for a burst) instead of waited for, and the task flushes every mark', async () => {
    const db = direct();
    const key = `later_${uniqueId()}`;
    const interval = 10_000;
    const lastWrite = Date.now();
    const asked: number[] = [];
    const flushed: string[] = [];
    const coalescer = {
      store: db,
      key,
      minIntervalMs: interval,
      lastWriteMs: async () => lastWrite,
      flush: async (pending: QueryDocumentSnapshot[]) => void flushed.push(...pending.map((mark) => mark.id)),
    };
    const later = async (due: number) => (asked.push(due), true);
    for (const event of ['e1', 'e2', 'e3']) {
      await markPending(db, key, event);
      // a trigger: it does not wait out the interval, and leaves its mark for the task
      expect(await requestFlush({ ...coalescer, later })).toBe('scheduled');
    }
    expect(flushed).toEqual([]);
    // every caller asked for the same flush, so Cloud Tasks keeps one task for the burst
    const slot = nextSlot(lastWrite, interval);
    expect(asked).toEqual([slot, slot, slot]);
    expect(new Set(asked.map((due) => flushTaskId(key, due))).size).toBe(1);
    expect(flushTaskId(key, lastWrite + interval)).toMatch(/^[A-Za-z0-9_-]{1,500}$/);
    expect(flushTaskId(key, lastWrite + 2 * interval)).not.toBe(flushTaskId(key, lastWrite + interval));
    // the task, run when the interval is up: it flushes the whole burst at once
    const task = { ...coalescer, lastWriteMs: async () => Date.now() - interval, leaseWaitMs: 5_000 };
    expect(await requestFlush(task)).toBe('flushed');
    expect(flushed.sort()).toEqual(['e1', 'e2', 'e3']);
    expect(await requestFlush(task)).toBe('flushed');
    expect(flushed).toHaveLength(3);
  });

  it('a trigger whose flush is plainly not due asks for the task without writing the lease (two writes per event before)', async () => {
    const db = direct();
    const key = `busy_${uniqueId()}`;
    const lastWrite = Date.now();
    await markPending(db, key, 'e1');
    const { result, meter } = await meterRun(() =>
      requestFlush({
        store: db,
        key,
        minIntervalMs: 10_000,
        lastWriteMs: async () => lastWrite,
        flush: async () => undefined,
        later: async () => true,
      }),
    );
    expect(result).toBe('scheduled');
    expect(meter, 'npm test runs the functions tests with CHAT_METER set').not.toBeNull();
    expect(meter!.paths.filter((path) => path.includes('/lease/'))).toEqual([]);
    // the mark stays for the task
    expect((await db.collection(`coalesce/${key}/pending`).get()).size).toBe(1);
  });

  it('a quiet key flushed under the lease hands marks made during its flush to a task, without taking the lease again', async () => {
    const db = direct();
    const key = `quiet_${uniqueId()}`;
    const interval = 10_000;
    await markPending(db, key, 'e1');
    let lastWrite: number | null = null;
    const asked: number[] = [];
    const flushed: string[] = [];
    const { result, meter } = await meterRun(() =>
      requestFlush({
        store: db,
        key,
        minIntervalMs: interval,
        lastWriteMs: async () => lastWrite,
        flush: async (pending) => {
          flushed.push(...pending.map((mark) => mark.id));
          lastWrite = Date.now();
          // another event of the key, whose trigger found the lease held and left its mark
          await markPending(db, key, 'e2');
        },
        later: async (due) => (asked.push(due), true),
      }),
    );
    expect(result).toBe('scheduled');
    expect(flushed).toEqual(['e1']);
    expect(asked).toEqual([nextSlot(lastWrite!, interval)]);
    // taken once and given back once (four writes before: taken again only to find the interval not up)
    expect(meter!.paths.filter((path) => path.includes('/lease/'))).toHaveLength(2);
    expect((await db.collection(`coalesce/${key}/pending`).get()).docs.map((d) => d.id)).toEqual(['e2']);
  });

  it('a quiet key is flushed by the trigger that claims its quiet spell, without the lease; the rest of the burst hand their marks to a task', async () => {
    const db = direct();
    const key = `claim_${uniqueId()}`;
    const interval = 300;
    const target = db.doc(`coalesceTargets/${key}`);
    await target.set({ flushed: [] });
    await new Promise((resolve) => setTimeout(resolve, 3 * interval)); // quiet for two intervals
    await markPending(db, key, 'e1');
    await markPending(db, key, 'e2');
    // the winner's flush is held until the other trigger has returned (whichever of the two wins
    // the claim, the first to return is the loser): both found the key quiet
    let loserDone!: () => void;
    const lost = new Promise<void>((resolve) => (loserDone = resolve));
    const asked: number[] = [];
    let flushes = 0;
    const trigger = () =>
      requestFlush({
        store: db,
        key,
        minIntervalMs: interval,
        lastWriteMs: async () => (await target.get()).updateTime?.toMillis() ?? null,
        flush: async (pending) => {
          flushes++;
          await lost;
          await target.update({ flushed: pending.map((mark) => mark.id).sort(), writes: FieldValue.increment(1) });
        },
        later: async (due) => (asked.push(due), true),
      });
    const { result, meter } = await meterRun(() =>
      Promise.all([trigger().finally(loserDone), trigger().finally(loserDone)]).then((outcomes) => outcomes.sort()),
    );
    expect(result).toEqual(['flushed', 'scheduled']);
    // no write of the lease (two a quiet spell before): one claim of the spell (the loser's create
    // refused), one write of the target
    expect(meter!.paths.filter((path) => path.includes('/lease/'))).toEqual([]);
    expect((await db.collection(`coalesce/${key}/claims`).get()).size).toBe(1);
    expect(flushes).toBe(1);
    const written = await target.get();
    expect(written.get('writes')).toBe(1);
    expect(written.get('flushed')).toEqual(['e1', 'e2']);
    // the loser asked for one task at least an interval on, and nothing is left behind
    expect(asked).toHaveLength(1);
    expect((await db.collection(`coalesce/${key}/pending`).get()).size).toBe(0);
  });

  it('a trigger that finds a quiet spell claimed by a flush still under way leaves its mark to a task, however slow that flush', async () => {
    const db = direct();
    const key = `slowclaim_${uniqueId()}`;
    const interval = 200;
    const target = db.doc(`coalesceTargets/${key}`);
    await target.set({ flushed: [] });
    await new Promise((resolve) => setTimeout(resolve, 3 * interval));
    let flushing!: () => void;
    const started = new Promise<void>((resolve) => (flushing = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const asked: number[] = [];
    const coalescer = (hold: boolean) => ({
      store: db,
      key,
      minIntervalMs: interval,
      lastWriteMs: async () => (await target.get()).updateTime?.toMillis() ?? null,
      flush: async (pending: QueryDocumentSnapshot<PendingMark>[]) => {
        if (hold) {
          flushing();
          await released;
        }
        await target.update({ flushed: FieldValue.arrayUnion(...pending.map((mark) => mark.id)) });
      },
      later: async (due: number) => (asked.push(due), true),
    });
    await markPending(db, key, 'e1');
    const slow = requestFlush(coalescer(true));
    await started;
    // the winner's flush outlasts two intervals (a loaded machine): the spell is still its own
    await new Promise((resolve) => setTimeout(resolve, 3 * interval));
    await markPending(db, key, 'e2');
    const { result, meter } = await meterRun(() => requestFlush(coalescer(false)));
    const askedByLoser = asked.length;
    release();
    await slow;
    // not the lease (a second flusher beside the first): a task, asked for once
    expect(result).toBe('scheduled');
    expect(meter!.paths.filter((path) => path.includes('/lease/'))).toEqual([]);
    // and no create sent to the claim it found taken: a burst's losers only read it, so a quiet
    // spell's claim document takes one write however many triggers arrive during its flush
    expect(meter!.paths.filter((path) => path.includes('/claims/'))).toEqual([]);
    expect(askedByLoser).toBe(1);
    // the winner flushed e1; e2, marked during its flush, went to the task (asked for again by the winner's last look)
    expect((await target.get()).get('flushed')).toEqual(['e1']);
    expect((await db.collection(`coalesce/${key}/pending`).get()).docs.map((d) => d.id)).toEqual(['e2']);
  });

  it('waits for the interval itself when no task can be asked for (Cloud Tasks refused), so nothing is left behind', async () => {
    const db = direct();
    const key = `refused_${uniqueId()}`;
    await markPending(db, key, 'e1');
    const lastWrite = Date.now();
    let asked = 0;
    const flushed: string[] = [];
    const outcome = await requestFlush({
      store: db,
      key,
      minIntervalMs: 1_500,
      lastWriteMs: async () => lastWrite,
      flush: async (pending) => void flushed.push(...pending.map((mark) => mark.id)),
      later: async () => (asked++, false),
    });
    expect(asked).toBe(1);
    expect(outcome).toBe('flushed');
    expect(flushed).toEqual(['e1']);
  });

  it('the delayed task flushes without the lease, at its time, every mark made before it', async () => {
    const db = direct();
    const key = `task_${uniqueId()}`;
    await markPending(db, key, 'e1');
    await markPending(db, key, 'e2');
    const dueMs = Date.now() + 300;
    const flushed: string[] = [];
    let flushedAt = 0;
    const { result, meter } = await meterRun(() =>
      requestFlush({
        store: db,
        key,
        minIntervalMs: 1_000,
        lastWriteMs: async () => Date.now() - 5_000,
        flush: async (pending) => {
          flushedAt = Date.now();
          flushed.push(...pending.map((mark) => mark.id));
        },
        later: async () => true,
        dueMs,
      }),
    );
    expect(result).toBe('flushed');
    expect(flushed.sort()).toEqual(['e1', 'e2']);
    // the emulator runs a task at once: it waited for its time, so later marks' callers can rely on it
    expect(flushedAt).toBeGreaterThanOrEqual(dueMs);
    expect(meter!.paths.filter((path) => path.includes('/lease/'))).toEqual([]);
    expect((await db.collection(`coalesce/${key}/pending`).get()).size).toBe(0);
  });

  it('a task whose key was written since it was asked for passes its marks to the task for when that interval is up', async () => {
    const db = direct();
    const key = `passed_${uniqueId()}`;
    await markPending(db, key, 'e1');
    // quiet when the task was asked for; written by another flusher just before the task's time
    const dueMs = Date.now() + 300;
    const writtenAt = dueMs - 50;
    const asked: number[] = [];
    let flushes = 0;
    const outcome = await requestFlush({
      store: db,
      key,
      minIntervalMs: 10_000,
      lastWriteMs: async () => (Date.now() < writtenAt ? writtenAt - 60_000 : writtenAt),
      flush: async () => void flushes++,
      later: async (due) => (asked.push(due), true),
      dueMs,
    });
    expect(outcome).toBe('scheduled');
    expect(flushes).toBe(0);
    expect(asked).toEqual([nextSlot(writtenAt, 10_000)]);
    expect((await db.collection(`coalesce/${key}/pending`).get()).size).toBe(1);
  });

  it("a slot's task flushes after the flush of the slot before, written into it no later than the slack: their callers asked for this one", async () => {
    // the task asked for by a trigger that found the slot before due: the callers after that
    // slot's write ask for this same slot, so this task flushes (it handed over before slots:
    // one task of the two only passed the marks on)
    const db = direct();
    const key = `slot_${uniqueId()}`;
    const interval = 1_000;
    await markPending(db, key, 'e1');
    const dueMs = Math.ceil((Date.now() + 300) / interval) * interval;
    const written = dueMs - interval + 200;
    const asked: number[] = [];
    let flushes = 0;
    const outcome = await requestFlush({
      store: db,
      key,
      minIntervalMs: interval,
      lastWriteMs: async () => written,
      flush: async () => void flushes++,
      later: async (due) => (asked.push(due), true),
      dueMs,
    });
    expect(outcome).toBe('flushed');
    expect(flushes).toBe(1);
    expect(asked).toEqual([]);
  });

  it('a slot\'s task hands over when the flush of the slot before wrote later than the slack into it: its callers ask for the slot after', async () => {
    // flushing now as well would write the target twice within a slot
    const db = direct();
    const key = `late_${uniqueId()}`;
    const interval = 1_000;
    await markPending(db, key, 'e1');
    const dueMs = Math.ceil((Date.now() + 300) / interval) * interval;
    const written = dueMs - interval + 400;
    const asked: number[] = [];
    let flushes = 0;
    const outcome = await requestFlush({
      store: db,
      key,
      minIntervalMs: interval,
      lastWriteMs: async () => written,
      flush: async () => void flushes++,
      later: async (due) => (asked.push(due), true),
      dueMs,
    });
    expect(outcome).toBe('scheduled');
    expect(flushes).toBe(0);
    expect(asked).toEqual([dueMs + interval]);
    expect(nextSlot(written, interval)).toBe(dueMs + interval);
  });

  it('a trigger that finds a busy key just due asks for the task after next instead of taking the lease', async () => {
    // written 1.05 intervals ago: the task for that interval is due or flushing, and may have read
    // the marks before this one; the next is asked for, and no lease is written
    const db = direct();
    const key = `due_${uniqueId()}`;
    const interval = 10_000;
    // written just into the slot before the current one (whose task is due or flushing), with
    // the current slot not about to end
    if (Date.now() % interval > interval - 1_000) await new Promise((resolve) => setTimeout(resolve, 1_000));
    const slot = Math.floor(Date.now() / interval) * interval;
    const lastWrite = slot - interval + 100;
    expect(nextSlot(lastWrite, interval)).toBe(slot);
    await markPending(db, key, 'e1');
    const asked: number[] = [];
    const { result, meter } = await meterRun(() =>
      requestFlush({
        store: db,
        key,
        minIntervalMs: interval,
        lastWriteMs: async () => lastWrite,
        flush: async () => undefined,
        later: async (due) => (asked.push(due), true),
      }),
    );
    expect(result).toBe('scheduled');
    expect(asked).toEqual([slot + interval]);
    expect(meter!.paths.filter((path) => path.includes('/lease/'))).toEqual([]);
  });
});
