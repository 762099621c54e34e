import { THREAD_SUMMARY_AUTHORS } from '@chat/shared';
import type { DocumentData, Firestore } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { coalesceRef, markPending } from '../../functions/src/lib/coalesce';
import { flushKey } from '../../functions/src/lib/flushLater';
import { computeSummary } from '../../functions/src/lib/roomSummary';
import {
  markThreadStale,
  messageKey,
  parseLegacyThreadKey,
  parseMessageKey,
} from '../../functions/src/lib/messageSummary';
import { meterRun } from '../../functions/src/lib/meter';
import { TALLY_MARGIN_MS } from '../../functions/src/lib/tally';
import { computeThreadSummary, writeThreadSummary } from '../../functions/src/lib/threadSummary';
import { handleMessageWritten } from '../../functions/src/messages/summary';
import { changedThread, handleThreadReply } from '../../functions/src/messages/thread';
import { eventually, uniqueId } from '../support/env';
import {
  addMessage,
  at,
  countWrites,
  direct,
  messageData,
  seedRoom,
  storedMessage,
  triggered,
  TRIGGER_TIMEOUT_MS,
} from './support';

/** A reply in `threadId`, kept in the thread unless `extra` says otherwise. */
const reply = (authorId: string, text: string, threadId: string, extra: DocumentData = {}) =>
  messageData(authorId, text, { threadId, inRoom: false, ...extra });

/** Seeds messages with ids and times of their own: id -> data (createdAt `base + i s` in order). */
async function seedMessages(db: Firestore, roomId: string, base: number, messages: [string, DocumentData][]) {
  const batch = db.batch();
  messages.forEach(([id, data], i) =>
    batch.set(db.doc(`rooms/${roomId}/messages/${id}`), { ...data, createdAt: at(base + i * 1000) }),
  );
  await batch.commit();
}

describe('thread summary handlers, called directly', () => {
  it('counts every reply, redacted and hidden ones too; names the newest distinct authors of replies still shown, at most three', async () => {
    const db = direct();
    const { roomId } = await seedRoom(db);
    const base = Date.now() - 60_000;
    await seedMessages(db, roomId, base, [
      ['top', messageData('ana', 'the first message')],
      ['r1', reply('fay', 'one', 'top')],
      ['r2', reply('ada', 'two', 'top')],
      ['r3', reply('bea', 'three', 'top')],
      ['r4', reply('cy', 'four', 'top', { inRoom: true })],
      // only a redacted reply and a hidden one of these two: counted, never named
      ['r5', reply('eve', '', 'top', { deleted: true, words: [] })],
      ['r6', reply('dan', 'six', 'top', { hidden: true })],
      ['r7', reply('bea', 'seven', 'top')],
      // neither the room's own messages nor another thread's replies
      ['room', messageData('ana', 'in the room')],
      ['other', messageData('ana', 'another thread')],
      ['elsewhere', reply('gus', 'elsewhere', 'other')],
    ]);
    const summary = await computeThreadSummary(db, roomId, 'top');
    expect(summary?.count).toBe(7);
    expect(summary?.lastAt.toMillis()).toBe(base + 7000);
    expect(summary?.authors).toEqual([
      { id: 'bea', name: 'Member bea' },
      { id: 'cy', name: 'Member cy' },
      { id: 'ada', name: 'Member ada' },
    ]);
    expect(summary?.authors).toHaveLength(THREAD_SUMMARY_AUTHORS);
    expect((await computeThreadSummary(db, roomId, 'other'))?.authors).toEqual([{ id: 'gus', name: 'Member gus' }]);
    // a thread without replies has no summary
    expect(await computeThreadSummary(db, roomId, 'room')).toBeNull();
  });

  it('the newest reply redacted: lastAt is still its time, and its author is named only by a reply still shown', async () => {
    const db = direct();
    const { roomId } = await seedRoom(db);
    const base = Date.now() - 60_000;
    await seedMessages(db, roomId, base, [
      ['top', messageData('ana', 'the first message')],
      ['r1', reply('ada', 'one', 'top')],
      ['r2', reply('bea', '', 'top', { deleted: true, words: [] })],
    ]);
    expect(await computeThreadSummary(db, roomId, 'top')).toMatchObject({
      count: 2,
      authors: [{ id: 'ada', name: 'Member ada' }],
    });
    expect((await computeThreadSummary(db, roomId, 'top'))?.lastAt.toMillis()).toBe(base + 2000);
  });

  it('writes the summary onto the first message once, and not again while the replies are unchanged', async () => {
    const db = direct();
    const { roomId } = await seedRoom(db);
    const base = Date.now() - 60_000;
    await seedMessages(db, roomId, base, [
      ['top', messageData('ana', 'the first message')],
      ['alone', messageData('ana', 'no replies')],
      ['r1', reply('ada', 'one', 'top')],
      ['r2', reply('bea', 'two', 'top')],
    ]);
    expect(await writeThreadSummary(db, roomId, 'top')).toBe('written');
    const top = (await db.doc(`rooms/${roomId}/messages/top`).get()).data();
    expect(top?.replies).toMatchObject({
      count: 2,
      authors: [
        { id: 'bea', name: 'Member bea' },
        { id: 'ada', name: 'Member ada' },
      ],
    });
    expect(top?.replies.lastAt.toMillis()).toBe(base + 3000);
    // the rest of the message as it was
    expect(top).toMatchObject({ text: 'the first message', threadId: null, inRoom: true, reactions: {} });
    expect(await writeThreadSummary(db, roomId, 'top')).toBe('unchanged');
    expect(await writeThreadSummary(db, roomId, 'alone')).toBe('unchanged');
    expect((await db.doc(`rooms/${roomId}/messages/alone`).get()).get('replies')).toBeUndefined();
    expect(await writeThreadSummary(db, roomId, 'missing')).toBe('gone');
  });

  it('a long thread is counted once: a flush counts the replies after its tally', async () => {
    const db = direct();
    const { roomId } = await seedRoom(db);
    // 1,500 replies from before the tally's margin, then one now
    const old = Date.now() - TALLY_MARGIN_MS - 60_000;
    await seedMessages(db, roomId, old, [['top', messageData('ana', 'the first message')]]);
    for (let first = 0; first < 1500; first += 500) {
      const batch = db.batch();
      for (let i = first; i < first + 500; i++) {
        batch.set(db.doc(`rooms/${roomId}/messages/old${i}`), { ...reply('ada', `old ${i}`, 'top'), createdAt: at(old + 1000 + i) });
      }
      await batch.commit();
    }
    const top = async () => (await db.doc(`rooms/${roomId}/messages/top`).get()).get('replies') as DocumentData;
    await db.doc(`rooms/${roomId}/messages/new1`).set(reply('bea', 'new one', 'top'));
    expect(await writeThreadSummary(db, roomId, 'top')).toBe('written');
    expect(await top()).toMatchObject({ count: 1501, tally: { count: 1500 } });

    // the next reply: the first message, the newest replies and a count() of those after the tally
    // (a count of the whole thread was a read more here, one per 1,000 replies)
    await db.doc(`rooms/${roomId}/messages/new2`).set(reply('cy', 'new two', 'top'));
    const next = await meterRun(() => writeThreadSummary(db, roomId, 'top'));
    expect(next.result).toBe('written');
    expect(await top()).toMatchObject({ count: 1502, tally: { count: 1500 } });
    expect(next.meter, 'npm test runs the functions tests with CHAT_METER set').not.toBeNull();
    // the message, the 20 newest replies, one count()
    expect(next.meter!.reads).toBe(22);
  });

  it('only a new reply, or one redacted, hidden or shown again, changes its thread; edits, reactions and room messages do not', () => {
    const room = storedMessage('ana', 'in the room');
    const inThread = storedMessage('ben', 'a reply', { threadId: 'top', inRoom: false });
    expect(changedThread(undefined, inThread)).toBe('top');
    expect(changedThread(inThread, { ...inThread, deleted: true, text: '' })).toBe('top');
    expect(changedThread(inThread, { ...inThread, hidden: true })).toBe('top');
    expect(changedThread({ ...inThread, hidden: true }, { ...inThread, hidden: false })).toBe('top');
    expect(changedThread(inThread, undefined)).toBe('top');
    expect(changedThread(inThread, { ...inThread, text: 'edited' })).toBeNull();
    expect(changedThread(inThread, { ...inThread, reactions: { '👍': ['ana'] } })).toBeNull();
    // the server's write of a reply's reaction counts
    expect(
      changedThread(inThread, { ...inThread, reactions: { '👍': ['ana'] }, reactionCounts: { '👍': 1 } }),
    ).toBeNull();
    expect(changedThread(undefined, room)).toBeNull();
    expect(changedThread(room, { ...room, deleted: true })).toBeNull();
    // the first message gaining its summary is no reply
    const summary = { count: 1, lastAt: at(Date.now()), authors: [{ id: 'ben', name: 'Member ben' }] };
    expect(changedThread(room, { ...room, replies: summary })).toBeNull();
  });

  it('replies arriving one after another write the first message at most once a second, and the delayed flush (flushKey) writes the rest', async () => {
    const db = direct();
    const { roomId } = await seedRoom(db);
    const base = Date.now() - 60_000;
    await seedMessages(db, roomId, base, [['top', messageData('ana', 'the first message')]]);
    // the first message was last written over two seconds ago (a quiet key): the first flush is
    // done at once, by the trigger
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const writes = countWrites(db, `rooms/${roomId}/messages/top`);
    const asked: number[] = [];
    const schedule = () => async (due: number) => (asked.push(due), true);
    const outcomes: string[] = [];
    const count = 12;
    const started = Date.now();
    for (let i = 0; i < count; i++) {
      // each reply lands, then its event is handled, as the trigger does
      const data = reply(`u${i % 4}`, `reply ${i}`, 'top');
      await db.doc(`rooms/${roomId}/messages/r${i}`).set({ ...data, createdAt: at(base + (i + 1) * 1000) });
      const after = storedMessage(`u${i % 4}`, `reply ${i}`, { threadId: 'top', inRoom: false });
      outcomes.push(
        await handleThreadReply(db, { eventId: `${roomId}-r${i}`, roomId, before: undefined, after }, schedule),
      );
    }
    const elapsed = Date.now() - started;
    expect(outcomes[0]).toBe('flushed');
    expect(outcomes.every((o) => ['flushed', 'scheduled', 'deferred'].includes(o))).toBe(true);
    // the ones that came within a second of a write asked for the delayed flush instead
    expect(outcomes).toContain('scheduled');
    expect(asked.length).toBeGreaterThan(0);
    // the delayed task's flush
    expect(await flushKey(db, messageKey(roomId, 'top'))).toBe('flushed');
    const top = (await db.doc(`rooms/${roomId}/messages/top`).get()).data();
    expect(top?.replies.count).toBe(count);
    expect(top?.replies.lastAt.toMillis()).toBe(base + count * 1000);
    expect(top?.replies.authors.map((a: { id: string }) => a.id)).toEqual(['u3', 'u2', 'u1']);
    // at most one write a second (and the delayed flush), fewer than one per reply
    const written = await writes.stop();
    expect(written).toBeLessThanOrEqual(2 + Math.floor(elapsed / 1000));
    expect(written).toBeLessThan(count);
    // nothing left pending
    expect((await coalesceRef(db, messageKey(roomId, 'top')).collection('pending').get()).size).toBe(0);
    // the same event again: it marks the same, and its flush finds nothing to change
    const topWritten = (await db.doc(`rooms/${roomId}/messages/top`).get()).updateTime!;
    const again = storedMessage('u0', 'reply 0', { threadId: 'top', inRoom: false });
    expect(await handleThreadReply(db, { eventId: `${roomId}-r0`, roomId, before: undefined, after: again })).toBe(
      'flushed',
    );
    expect((await db.doc(`rooms/${roomId}/messages/top`).get()).updateTime!.isEqual(topWritten)).toBe(true);
  });

  it("flushKey names a message's key apart from the room's keys, and flushes its pending marks", async () => {
    const db = direct();
    const { roomId } = await seedRoom(db);
    expect(messageKey(roomId, 'top')).toBe(`message_${roomId}:top`);
    expect(parseMessageKey(messageKey(roomId, 'top'))).toEqual({ roomId, messageId: 'top' });
    expect(parseMessageKey(messageKey('dm_a_b', 'm-1_x'))).toEqual({ roomId: 'dm_a_b', messageId: 'm-1_x' });
    expect(parseMessageKey(`roomSummary_${roomId}`)).toBeNull();
    expect(parseMessageKey(`receipts_${roomId}`)).toBeNull();
    expect(parseMessageKey(`thread_${roomId}:top`)).toBeNull();
    await seedMessages(db, roomId, Date.now() - 60_000, [
      ['top', messageData('ana', 'the first message')],
      ['r1', reply('ada', 'one', 'top')],
    ]);
    const key = messageKey(roomId, 'top');
    await markThreadStale(db, roomId, 'top', uniqueId('event'));
    expect(await flushKey(db, key)).toBe('flushed');
    expect((await db.doc(`rooms/${roomId}/messages/top`).get()).get('replies.count')).toBe(1);
    expect((await coalesceRef(db, key).collection('pending').get()).size).toBe(0);
    // a thread whose first message is gone: nothing to write, and nothing left pending
    await markThreadStale(db, roomId, 'gone', uniqueId('event'));
    expect(await flushKey(db, messageKey(roomId, 'gone'))).toBe('flushed');
    expect((await db.doc(`rooms/${roomId}/messages/gone`).get()).exists).toBe(false);
  });

  it('marks left under a thread key from before the message key (a deploy in between) are still flushed', async () => {
    const db = direct();
    const { roomId } = await seedRoom(db);
    await seedMessages(db, roomId, Date.now() - 60_000, [
      ['top', messageData('ana', 'the first message')],
      ['r1', reply('ada', 'one', 'top')],
      ['r2', reply('bea', 'two', 'top')],
    ]);
    const legacy = `thread_${roomId}:top`;
    expect(parseLegacyThreadKey(legacy)).toEqual({ roomId, messageId: 'top' });
    await markPending(db, legacy, uniqueId('event'));
    expect(await flushKey(db, legacy)).toBe('flushed');
    expect((await db.doc(`rooms/${roomId}/messages/top`).get()).get('replies.count')).toBe(2);
    expect((await coalesceRef(db, legacy).collection('pending').get()).size).toBe(0);
  });

  it("the room's summary reads the room's own history: a reply kept in its thread is neither its latest nor counted", async () => {
    const db = direct();
    const { roomId } = await seedRoom(db);
    const base = Date.now() - 60_000;
    await seedMessages(db, roomId, base, [
      ['top', messageData('ana', 'the first message')],
      ['shared', reply('ben', 'also in the room', 'top', { inRoom: true })],
      ['kept', reply('ben', 'only in the thread', 'top')],
    ]);
    const summary = await computeSummary(db, roomId);
    expect(summary.messageCount).toBe(2);
    expect(summary.lastMessage).toMatchObject({ id: 'shared', excerpt: 'also in the room' });
    expect(summary.lastMessageAt?.toMillis()).toBe(base + 1000);
    // and its writes leave the room's summary alone
    const kept = storedMessage('ben', 'only in the thread', { threadId: 'top', inRoom: false });
    expect(await handleMessageWritten(db, { eventId: uniqueId('evt'), roomId, before: undefined, after: kept })).toBe(
      'unchanged',
    );
    expect(
      await handleMessageWritten(db, {
        eventId: uniqueId('evt'),
        roomId,
        before: kept,
        after: { ...kept, text: '', deleted: true },
      }),
    ).toBe('unchanged');
  });
});

describe('thread summary on the emulator', () => {
  it('replies written to the room give their first message its summary, through onMessageWritten', async () => {
    const db = triggered();
    const { roomId } = await seedRoom(db, 1);
    const ada = uniqueId('ada');
    const bea = uniqueId('bea');
    const top = await addMessage(db, roomId, ada, 'a question');
    await addMessage(db, roomId, ada, 'first answer', { threadId: top, inRoom: false });
    const second = await addMessage(db, roomId, bea, 'second answer', { threadId: top, inRoom: true });
    const last = await addMessage(db, roomId, bea, 'third answer', { threadId: top, inRoom: false });
    const replies = await eventually(
      async () => {
        const data = (await db.doc(`rooms/${roomId}/messages/${top}`).get()).data();
        return data?.replies?.count === 3 ? data.replies : undefined;
      },
      'the summary of three replies',
      TRIGGER_TIMEOUT_MS,
    );
    expect(replies.authors).toEqual([
      { id: bea, name: `Member ${bea}` },
      { id: ada, name: `Member ${ada}` },
    ]);
    const lastAt = (await db.doc(`rooms/${roomId}/messages/${last}`).get()).get('createdAt');
    expect(replies.lastAt.toMillis()).toBe(lastAt.toMillis());

    // redacted and hidden replies stay counted, and their author is named no more
    await db.doc(`rooms/${roomId}/messages/${last}`).update({ text: '', words: [], deleted: true });
    await db.doc(`rooms/${roomId}/messages/${second}`).update({ hidden: true });
    const after = await eventually(
      async () => {
        const data = (await db.doc(`rooms/${roomId}/messages/${top}`).get()).data();
        return data?.replies?.authors?.length === 1 ? data.replies : undefined;
      },
      'the summary after the redaction and the hiding',
      TRIGGER_TIMEOUT_MS,
    );
    expect(after.count).toBe(3);
    expect(after.authors).toEqual([{ id: ada, name: `Member ${ada}` }]);
  });

  it('a burst of replies is coalesced: the first message is written at most once a second, far fewer times than there are replies, and ends right', async () => {
    const db = triggered();
    const { roomId } = await seedRoom(db, 1);
    const top = await addMessage(db, roomId, uniqueId('ana'), 'a busy thread');
    const authors = Array.from({ length: 5 }, (_, i) => uniqueId(`p${i}`));
    // a first reply handled: the trigger's worker is up, so the burst's events come as they land
    await addMessage(db, roomId, authors[0]!, 'the first reply', { threadId: top, inRoom: false });
    await eventually(
      async () =>
        (await db.doc(`rooms/${roomId}/messages/${top}`).get()).get('replies.count') === 1 ? true : undefined,
      'the first reply handled',
      TRIGGER_TIMEOUT_MS,
    );
    const writes = countWrites(db, `rooms/${roomId}/messages/${top}`);
    const count = 24;
    // one after another, as people type them: each reply's event finds a count the last write lacks
    const started = Date.now();
    for (let i = 0; i < count; i++) {
      await db.doc(`rooms/${roomId}/messages/${uniqueId('r')}`).set(reply(authors[i % 5]!, `reply ${i}`, top));
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    const replies = await eventually(
      async () => {
        const data = (await db.doc(`rooms/${roomId}/messages/${top}`).get()).data();
        return data?.replies?.count === count + 1 ? data.replies : undefined;
      },
      `the summary of ${count + 1} replies`,
      TRIGGER_TIMEOUT_MS * 2,
    );
    expect(replies.authors).toHaveLength(THREAD_SUMMARY_AUTHORS);
    const elapsed = Date.now() - started;
    const written = await writes.stop();
    console.log(`[thread] ${count} replies: the first message written ${written} times in ${elapsed} ms`);
    expect(written).toBeGreaterThan(0);
    // at most once a second (and a last flush), and far fewer times than there are replies
    expect(written).toBeLessThanOrEqual(2 + Math.floor(elapsed / 1000));
    expect(written).toBeLessThanOrEqual(count / 2);
  }, 150_000);

  it("the room's summary ignores replies kept in their thread and counts a reply also sent to the room", async () => {
    const db = triggered();
    // the owner alone: a joining member would add a system message to the count
    const { roomId, owner } = await seedRoom(db, 1);
    const ben = uniqueId('ben');
    const top = await addMessage(db, roomId, owner, 'the first message');
    await addMessage(db, roomId, ben, 'only in the thread', { threadId: top, inRoom: false });
    const roomSummary = (ready: (room: DocumentData) => boolean, what: string) =>
      eventually(
        async () => {
          const room = (await db.doc(`rooms/${roomId}`).get()).data();
          return room && ready(room) ? room : undefined;
        },
        what,
        TRIGGER_TIMEOUT_MS,
      );
    // the thread's summary shows the reply's event was handled
    await eventually(
      async () =>
        (await db.doc(`rooms/${roomId}/messages/${top}`).get()).get('replies.count') === 1 ? true : undefined,
      'the first reply handled',
      TRIGGER_TIMEOUT_MS,
    );
    let room = await roomSummary((r) => r.lastMessage?.id === top, 'the room summary of the first message');
    expect(room.messageCount).toBe(1);

    const shared = await addMessage(db, roomId, ben, 'also in the room', { threadId: top, inRoom: true });
    room = await roomSummary((r) => r.lastMessage?.id === shared, 'the reply sent to the room as the latest');
    expect(room.messageCount).toBe(2);
    expect(room.lastMessage.excerpt).toBe('also in the room');

    await addMessage(db, roomId, ben, 'kept in the thread again', { threadId: top, inRoom: false });
    await eventually(
      async () =>
        (await db.doc(`rooms/${roomId}/messages/${top}`).get()).get('replies.count') === 3 ? true : undefined,
      'the third reply handled',
      TRIGGER_TIMEOUT_MS,
    );
    // past a coalesced flush's interval: a flush the reply had asked for would have landed
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    room = (await db.doc(`rooms/${roomId}`).get()).data()!;
    expect(room.lastMessage.id).toBe(shared);
    expect(room.messageCount).toBe(2);
  }, 150_000);
});
