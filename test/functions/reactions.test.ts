/**
 * Reactions (issue #14): each member writes their own rooms/{roomId}/messages/{id}/reactions/{uid}
 * = { emojis }, and the server counts them into the message's `reactions` (emoji -> the first
 * REACTION_NAMES uids) and `reactionCounts` (emoji -> how many), for the MAX_REACTION_EMOJIS
 * emojis given most, coalesced with the thread summary under one key per message. The reaction
 * documents are written with the Admin SDK here (the rules are tested in test/rules).
 */
import { MAX_REACTION_EMOJIS, REACTION_NAMES } from '@chat/shared';
import { FieldValue, type DocumentData, type Firestore } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { coalesceRef } from '../../functions/src/lib/coalesce';
import { flushKey } from '../../functions/src/lib/flushLater';
import {
  markReactionsStale,
  markThreadStale,
  messageKey,
  partsOf,
  writeMessageSummary,
} from '../../functions/src/lib/messageSummary';
import { reactionsUpdate, touchedEmojis, type Tally } from '../../functions/src/lib/reactions';
import { summaryKey } from '../../functions/src/lib/roomSummary';
import { redactedAttachmentId } from '../../functions/src/messages/redacted';
import { handleScreen } from '../../functions/src/messages/screen';
import { handleMessageWritten } from '../../functions/src/messages/summary';
import { changedThread } from '../../functions/src/messages/thread';
import { handleReactionWritten } from '../../functions/src/triggers/onReactionWritten';
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

/** 21 distinct emojis, one more than a message shows. */
const EMOJIS = [
  '😀',
  '😁',
  '😂',
  '🤣',
  '😃',
  '😄',
  '😅',
  '😆',
  '😉',
  '😊',
  '😋',
  '😎',
  '😍',
  '😘',
  '🥰',
  '😗',
  '😙',
  '😚',
  '🙂',
  '🤗',
  '🤩',
];

/** `n` uids that sort in the order they are made (document id order is uid order). */
const people = (n: number, prefix = uniqueId('p')) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);

const reactionPath = (roomId: string, messageId: string, uid: string) =>
  `rooms/${roomId}/messages/${messageId}/reactions/${uid}`;

/** As the app writes it: a merge of the caller's own document, never a read. */
function react(db: Firestore, roomId: string, messageId: string, uid: string, emoji: string, on = true) {
  return db
    .doc(reactionPath(roomId, messageId, uid))
    .set({ emojis: on ? FieldValue.arrayUnion(emoji) : FieldValue.arrayRemove(emoji) }, { merge: true });
}

async function messageOf(db: Firestore, roomId: string, messageId: string): Promise<DocumentData> {
  return (await db.doc(`rooms/${roomId}/messages/${messageId}`).get()).data()!;
}

async function pendingOf(db: Firestore, key: string): Promise<number> {
  return (await coalesceRef(db, key).collection('pending').get()).size;
}

/** A message seeded in the direct project (no trigger), with what `extra` gives it. */
async function seedMessage(db: Firestore, roomId: string, extra: DocumentData = {}): Promise<string> {
  const id = uniqueId('m');
  await db
    .doc(`rooms/${roomId}/messages/${id}`)
    .set({ ...messageData('ana', 'react to me'), createdAt: at(Date.now() - 60_000), ...extra });
  return id;
}

/** Calls the trigger's handler for a write of `uid`'s document, as the event would carry it. */
async function handled(
  db: Firestore,
  roomId: string,
  messageId: string,
  before: string[] | undefined,
  after: string[] | undefined,
  eventId = uniqueId('evt'),
) {
  return handleReactionWritten(db, {
    eventId,
    roomId,
    messageId,
    before: before && { emojis: before },
    after: after && { emojis: after },
  });
}

describe('reaction counts, computed', () => {
  it('a write touches the emojis given or taken back, nothing for a repeat or an empty document', () => {
    expect(touchedEmojis(undefined, { emojis: ['👍'] })).toEqual(['👍']);
    expect(touchedEmojis({ emojis: ['👍'] }, { emojis: ['👍', '🎉'] })).toEqual(['🎉']);
    expect(touchedEmojis({ emojis: ['👍', '🎉'] }, { emojis: ['🎉'] })).toEqual(['👍']);
    expect(touchedEmojis({ emojis: ['👍', '🎉'] }, undefined)).toEqual(['🎉', '👍'].sort());
    expect(touchedEmojis({ emojis: ['👍'] }, { emojis: ['🎉'] })).toEqual(['🎉', '👍'].sort());
    expect(touchedEmojis({ emojis: ['👍'] }, { emojis: ['👍'] })).toEqual([]);
    expect(touchedEmojis(undefined, { emojis: [] })).toEqual([]);
    // not a list, or not an emoji's size: nothing to count
    expect(touchedEmojis(undefined, { emojis: 'x' as unknown as string[] })).toEqual([]);
    expect(touchedEmojis(undefined, { emojis: ['', 'x'.repeat(33), 3 as unknown as string] })).toEqual([]);
  });

  it('marks of a thread reply and of reactions ask for the thread summary and the union of the emojis', () => {
    expect(partsOf([{}, { emojis: ['👍'] }, { emojis: ['🎉', '👍'] }])).toEqual({
      thread: true,
      emojis: ['🎉', '👍'].sort(),
    });
    expect(partsOf([{ emojis: ['👍'] }])).toEqual({ thread: false, emojis: ['👍'] });
  });

  it('keeps the 20 emojis given most: an emoji already shown stays before a new one of the same count, then by emoji', () => {
    const shownEmojis = EMOJIS.slice(0, MAX_REACTION_EMOJIS);
    const message = storedMessage('ana', 'x', {
      reactions: Object.fromEntries(shownEmojis.map((e) => [e, ['a', 'b']])),
      reactionCounts: Object.fromEntries(shownEmojis.map((e) => [e, 2])),
    });
    const extra = EMOJIS[MAX_REACTION_EMOJIS]!;
    const tally = (count: number, names: string[]): Map<string, Tally> => new Map([[extra, { count, names }]]);
    // as many as the shown ones: it waits
    expect(reactionsUpdate(message, tally(2, ['c', 'd']))).toBeNull();
    // more: it is in, and the last of the shown ones by emoji order is out
    const update = reactionsUpdate(message, tally(3, ['c', 'd', 'e']))!;
    const out = [...shownEmojis].sort().at(-1)!;
    expect(Object.keys(update.reactionCounts)).toHaveLength(MAX_REACTION_EMOJIS);
    expect(update.reactionCounts[extra]).toBe(3);
    expect(update.reactions[extra]).toEqual(['c', 'd', 'e']);
    expect(update.reactions).not.toHaveProperty(out);
    expect(update.reactionCounts).not.toHaveProperty(out);
    // an emoji nobody gives any more leaves both maps
    const gone = reactionsUpdate(message, new Map([[shownEmojis[0]!, { count: 0, names: [] }]]))!;
    expect(gone.reactions).not.toHaveProperty(shownEmojis[0]!);
    expect(gone.reactionCounts).not.toHaveProperty(shownEmojis[0]!);
    expect(Object.keys(gone.reactions)).toHaveLength(MAX_REACTION_EMOJIS - 1);
  });

  it('a message from before the counts: its lists are counted by their length, named by the first 20 by uid', () => {
    const crowd = people(25).reverse();
    const message = storedMessage('ana', 'x', { reactions: { '👍': crowd, '🎉': ['z'], '😀': [] } });
    const update = reactionsUpdate(message, new Map([['🎉', { count: 2, names: ['y', 'z'] }]]))!;
    expect(update.reactionCounts).toEqual({ '👍': 25, '🎉': 2 });
    expect(update.reactions['👍']).toEqual([...crowd].sort().slice(0, REACTION_NAMES));
    expect(update.reactions['🎉']).toEqual(['y', 'z']);
    // nothing counted, nothing shown: no write, and no reactionCounts on a message that never had any
    expect(reactionsUpdate(storedMessage('ana', 'x'), new Map([['👍', { count: 0, names: [] }]]))).toBeNull();
  });
});

describe('reaction counts, flushed directly', () => {
  it("one member's reaction shows as their name and a count of 1; taken back, the emoji leaves both maps", async () => {
    const db = direct();
    const { roomId } = await seedRoom(db);
    const id = await seedMessage(db, roomId);
    await react(db, roomId, id, 'ben', '👍');
    expect(await handled(db, roomId, id, undefined, ['👍'])).toBe('flushed');
    let message = await messageOf(db, roomId, id);
    expect(message.reactions).toEqual({ '👍': ['ben'] });
    expect(message.reactionCounts).toEqual({ '👍': 1 });
    expect(await pendingOf(db, messageKey(roomId, id))).toBe(0);

    await react(db, roomId, id, 'ben', '👍', false);
    expect(await handled(db, roomId, id, ['👍'], [])).toBe('flushed');
    message = await messageOf(db, roomId, id);
    expect(message.reactions).toEqual({});
    expect(message.reactionCounts).toEqual({});
    // the rest of the message as it was
    expect(message).toMatchObject({ text: 'react to me', threadId: null, inRoom: true, deleted: false });
    // a write that changes no emoji marks nothing
    expect(await handled(db, roomId, id, [], [])).toBe('unchanged');
    expect(await pendingOf(db, messageKey(roomId, id))).toBe(0);
  });

  it('more reactors than REACTION_NAMES: the first 20 by uid are named, and all 25 counted', async () => {
    const db = direct();
    const { roomId } = await seedRoom(db);
    const id = await seedMessage(db, roomId);
    const crowd = people(25);
    // written in reverse: the names are the first by uid, not the first to react
    for (const uid of [...crowd].reverse()) await react(db, roomId, id, uid, '🎉');
    await react(db, roomId, id, crowd[3]!, '👍');
    expect(await writeMessageSummary(db, roomId, id, { thread: false, emojis: ['🎉', '👍'] })).toBe('written');
    const message = await messageOf(db, roomId, id);
    expect(message.reactions['🎉']).toEqual(crowd.slice(0, REACTION_NAMES));
    expect(message.reactions['👍']).toEqual([crowd[3]]);
    expect(message.reactionCounts).toEqual({ '🎉': 25, '👍': 1 });
  });

  it('21 distinct emojis: the 20 given most are kept, and one given more later takes the place of the last', async () => {
    const db = direct();
    const { roomId } = await seedRoom(db);
    const id = await seedMessage(db, roomId);
    const shownEmojis = EMOJIS.slice(0, MAX_REACTION_EMOJIS);
    const extra = EMOJIS[MAX_REACTION_EMOJIS]!;
    // two people give the first 20 (as many as one document holds), a third the 21st
    for (const uid of ['a1', 'a2']) await db.doc(reactionPath(roomId, id, uid)).set({ emojis: shownEmojis });
    await react(db, roomId, id, 'a3', extra);
    expect(await writeMessageSummary(db, roomId, id, { thread: false, emojis: EMOJIS })).toBe('written');
    let message = await messageOf(db, roomId, id);
    expect(Object.keys(message.reactionCounts).sort()).toEqual([...shownEmojis].sort());
    expect(message.reactions).not.toHaveProperty(extra);

    // a second giver: as many as the shown ones, which stay
    await react(db, roomId, id, 'a4', extra);
    expect(await handled(db, roomId, id, undefined, [extra])).toBe('flushed');
    message = await messageOf(db, roomId, id);
    expect(message.reactionCounts).not.toHaveProperty(extra);
    // a third: it is shown, in the place of the last of the others by emoji order
    await react(db, roomId, id, 'a5', extra);
    expect(await handled(db, roomId, id, undefined, [extra])).toBe('flushed');
    message = await messageOf(db, roomId, id);
    const out = [...shownEmojis].sort().at(-1)!;
    expect(message.reactionCounts[extra]).toBe(3);
    expect(message.reactions[extra]).toEqual(['a3', 'a4', 'a5']);
    expect(Object.keys(message.reactionCounts)).toHaveLength(MAX_REACTION_EMOJIS);
    expect(message.reactionCounts).not.toHaveProperty(out);
    expect(message.reactions).not.toHaveProperty(out);
  });

  it('many reactions at once converge to exact counts; a redelivered event and a replayed flush change nothing', async () => {
    const db = direct();
    const { roomId } = await seedRoom(db);
    const id = await seedMessage(db, roomId);
    const crowd = people(30);
    const asked: number[] = [];
    const schedule = () => async (due: number) => (asked.push(due), true);
    const events = crowd.map((uid, i) => ({ uid, eventId: uniqueId(`e${i}`), emoji: i % 3 === 0 ? '👍' : '🎉' }));
    // every reaction lands and its event is handled side by side, as the trigger's instances do
    const outcomes = await Promise.all(
      events.map(async ({ uid, eventId, emoji }) => {
        await react(db, roomId, id, uid, emoji);
        return handleReactionWritten(
          db,
          { eventId, roomId, messageId: id, before: undefined, after: { emojis: [emoji] } },
          schedule,
        );
      }),
    );
    expect(outcomes.every((o) => ['flushed', 'scheduled', 'deferred'].includes(o))).toBe(true);
    // the delayed task's flush (if any was asked for) and whatever is left
    expect(await flushKey(db, messageKey(roomId, id))).toBe('flushed');
    const message = await messageOf(db, roomId, id);
    expect(message.reactionCounts).toEqual({ '👍': 10, '🎉': 20 });
    expect(message.reactions['👍']).toEqual(events.filter((e) => e.emoji === '👍').map((e) => e.uid));
    expect(message.reactions['🎉']).toEqual(events.filter((e) => e.emoji === '🎉').map((e) => e.uid));
    expect(await pendingOf(db, messageKey(roomId, id))).toBe(0);

    // the same event again, and the flush replayed: recomputed from the documents, nothing to write
    const written = (await db.doc(`rooms/${roomId}/messages/${id}`).get()).updateTime!;
    const first = events[0]!;
    expect(
      await handleReactionWritten(db, {
        eventId: first.eventId,
        roomId,
        messageId: id,
        before: undefined,
        after: { emojis: [first.emoji] },
      }),
    ).toBe('flushed');
    expect(await writeMessageSummary(db, roomId, id, { thread: true, emojis: ['👍', '🎉'] })).toBe('unchanged');
    expect((await db.doc(`rooms/${roomId}/messages/${id}`).get()).updateTime!.isEqual(written)).toBe(true);
    // an event that arrives after a later one (taken back, then given): the documents decide
    await react(db, roomId, id, first.uid, first.emoji, false);
    await handled(db, roomId, id, [first.emoji], []);
    await handled(db, roomId, id, undefined, [first.emoji]);
    expect((await messageOf(db, roomId, id)).reactionCounts).toEqual({ '👍': 9, '🎉': 20 });
  });

  it('a thread parent with pending replies and reactions is written once, with both summaries', async () => {
    const db = direct();
    const { roomId } = await seedRoom(db);
    const top = await seedMessage(db, roomId);
    const base = Date.now() - 30_000;
    for (let i = 0; i < 3; i++)
      await db.doc(`rooms/${roomId}/messages/r${i}-${top}`).set({
        ...messageData(`w${i}`, `reply ${i}`, { threadId: top, inRoom: false }),
        createdAt: at(base + i * 1000),
      });
    await react(db, roomId, top, 'ben', '👍');
    await react(db, roomId, top, 'cy', '👍');
    const writes = countWrites(db, `rooms/${roomId}/messages/${top}`);
    await markThreadStale(db, roomId, top, uniqueId('evt'));
    await markReactionsStale(db, roomId, top, uniqueId('evt'), ['👍']);
    await markReactionsStale(db, roomId, top, uniqueId('evt'), ['👍']);
    expect(await flushKey(db, messageKey(roomId, top))).toBe('flushed');
    expect(await writes.stop()).toBe(1);
    const message = await messageOf(db, roomId, top);
    expect(message.replies.count).toBe(3);
    expect(message.replies.authors.map((a: { id: string }) => a.id)).toEqual(['w2', 'w1', 'w0']);
    expect(message.reactions).toEqual({ '👍': ['ben', 'cy'] });
    expect(message.reactionCounts).toEqual({ '👍': 2 });
    // a reaction mark alone leaves the thread summary as it is, and the reverse
    await react(db, roomId, top, 'dee', '🎉');
    expect(await writeMessageSummary(db, roomId, top, { thread: false, emojis: ['🎉'] })).toBe('written');
    expect((await messageOf(db, roomId, top)).replies.count).toBe(3);
    expect(await writeMessageSummary(db, roomId, top, { thread: true, emojis: [] })).toBe('unchanged');
  });

  it('writes only text messages that exist: a system message keeps no counts, a missing one is not created', async () => {
    const db = direct();
    const { roomId } = await seedRoom(db);
    const system = await seedMessage(db, roomId, { kind: 'system', authorId: 'system' });
    await react(db, roomId, system, 'ben', '👍');
    expect(await handled(db, roomId, system, undefined, ['👍'])).toBe('flushed');
    expect((await messageOf(db, roomId, system)).reactionCounts).toBeUndefined();
    const missing = uniqueId('gone');
    await react(db, roomId, missing, 'ben', '👍');
    expect(await handled(db, roomId, missing, undefined, ['👍'])).toBe('flushed');
    expect((await db.doc(`rooms/${roomId}/messages/${missing}`).get()).exists).toBe(false);
    expect(await pendingOf(db, messageKey(roomId, missing))).toBe(0);
  });

  it('a message from before the counts keeps the reactions it lists beside a newly counted emoji', async () => {
    const db = direct();
    const { roomId } = await seedRoom(db);
    const crowd = people(25);
    const id = await seedMessage(db, roomId, { reactions: { '👍': [...crowd].reverse() } });
    await react(db, roomId, id, 'ben', '🎉');
    expect(await handled(db, roomId, id, undefined, ['🎉'])).toBe('flushed');
    const message = await messageOf(db, roomId, id);
    expect(message.reactionCounts).toEqual({ '👍': 25, '🎉': 1 });
    expect(message.reactions).toEqual({ '👍': crowd.slice(0, REACTION_NAMES), '🎉': ['ben'] });
  });

  it("the server's write of the counts calls for none of onMessageWritten's parts", async () => {
    const db = direct();
    const { roomId } = await seedRoom(db);
    const messageId = uniqueId('m');
    const attachment = { id: 'a1', name: 'f.png', contentType: 'image/png', size: 1, sha256: 'x', width: 1, height: 1 };
    const reply = storedMessage('ana', 'a reply', { threadId: 'top', inRoom: false, attachment });
    const room = storedMessage('ana', 'in the room', { attachment });
    for (const before of [reply, room, { ...room, deleted: true, text: '', attachment: null }]) {
      const after = { ...before, reactions: { '👍': ['ben'] }, reactionCounts: { '👍': 1 } };
      const write = { eventId: uniqueId('evt'), roomId, before, after };
      expect(await handleMessageWritten(db, write)).toBe('unchanged');
      expect(changedThread(before, after)).toBeNull();
      expect(await handleScreen(db, { ...write, messageId })).toBe('not-new-text');
      expect(redactedAttachmentId(before, after)).toBeNull();
    }
    expect(await pendingOf(db, summaryKey(roomId))).toBe(0);
  });
});

describe('reactions on the emulator', () => {
  /** The message once its reactions are what `ready` says. */
  const reactedOnce = (db: Firestore, roomId: string, id: string, ready: (m: DocumentData) => boolean, what: string) =>
    eventually(
      async () => {
        const data = (await db.doc(`rooms/${roomId}/messages/${id}`).get()).data();
        return data && ready(data) ? data : undefined;
      },
      what,
      TRIGGER_TIMEOUT_MS,
    );

  it("one member's reaction shows as their name and a count of 1, and taken back it is gone, through onReactionWritten", async () => {
    const db = triggered();
    const { roomId, owner } = await seedRoom(db, 1);
    const id = await addMessage(db, roomId, owner, 'react to me');
    const ben = uniqueId('ben');
    await react(db, roomId, id, ben, '👍');
    let message = await reactedOnce(db, roomId, id, (m) => m.reactionCounts?.['👍'] === 1, 'the reaction counted');
    expect(message.reactions).toEqual({ '👍': [ben] });
    await react(db, roomId, id, ben, '👍', false);
    message = await reactedOnce(
      db,
      roomId,
      id,
      (m) => m.reactionCounts && !('👍' in m.reactionCounts),
      'the reaction taken back',
    );
    expect(message.reactions).toEqual({});
    expect(message.reactionCounts).toEqual({});
  });

  it('25 reactors at once, on a thread parent whose replies keep coming: exact counts, 20 names, and both summaries right', async () => {
    const db = triggered();
    const { roomId, owner } = await seedRoom(db, 1);
    const top = await addMessage(db, roomId, owner, 'a busy thread');
    const crowd = people(25);
    const writes = countWrites(db, `rooms/${roomId}/messages/${top}`);
    const started = Date.now();
    const replies = 6;
    await Promise.all([
      ...crowd.map((uid, i) => react(db, roomId, top, uid, i < 5 ? '👍' : '🎉')),
      (async () => {
        for (let i = 0; i < replies; i++) {
          await addMessage(db, roomId, crowd[i]!, `reply ${i}`, { threadId: top, inRoom: false });
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })(),
    ]);
    const message = await reactedOnce(
      db,
      roomId,
      top,
      (m) => m.reactionCounts?.['🎉'] === 20 && m.reactionCounts?.['👍'] === 5 && m.replies?.count === replies,
      'every reaction and reply counted',
    );
    expect(message.reactions['👍']).toEqual(crowd.slice(0, 5));
    expect(message.reactions['🎉']).toEqual(crowd.slice(5));
    expect(message.replies.authors.map((a: { id: string }) => a.id)).toEqual([crowd[5], crowd[4], crowd[3]]);
    // then 5 more: 25 counted, the first 20 by uid named
    const more = people(5, `${crowd[0]}-z`);
    await Promise.all(more.map((uid) => react(db, roomId, top, uid, '🎉')));
    const after = await reactedOnce(db, roomId, top, (m) => m.reactionCounts?.['🎉'] === 25, '25 reactors');
    expect(after.reactions['🎉']).toEqual([...crowd.slice(5), ...more].sort().slice(0, REACTION_NAMES));
    expect(after.reactions['🎉']).toHaveLength(REACTION_NAMES);
    // one key for both: at most one write a second (and a last flush), far fewer than the events
    const elapsed = Date.now() - started;
    const written = await writes.stop();
    console.log(
      `[reactions] ${crowd.length + more.length} reactions and ${replies} replies: the message written ${written} times in ${elapsed} ms`,
    );
    expect(written).toBeLessThanOrEqual(2 + Math.floor(elapsed / 1000));
    expect(written).toBeLessThan(crowd.length + more.length + replies);
    // the events the last flushes counted ahead of them are still being delivered: their marks go too
    await eventually(
      async () => ((await pendingOf(db, messageKey(roomId, top))) === 0 ? true : undefined),
      'nothing left pending',
      TRIGGER_TIMEOUT_MS,
    );
    expect((await messageOf(db, roomId, top)).reactionCounts).toEqual({ '👍': 5, '🎉': 25 });
  }, 150_000);

  it("the counts' write of the message makes onMessageWritten mark nothing for the room's summary", async () => {
    const db = triggered();
    const { roomId, owner } = await seedRoom(db, 1);
    const id = await addMessage(db, roomId, owner, 'react to me');
    const other = await addMessage(db, roomId, owner, 'another message');
    await eventually(
      async () => ((await db.doc(`rooms/${roomId}`).get()).get('lastMessage.id') === other ? true : undefined),
      'the room summary of both messages',
      TRIGGER_TIMEOUT_MS,
    );
    // The summary's lease held, and the room quiet for two seconds with nothing pending: a summary
    // mark made now stays (its flush is 'deferred' to the holder, and no task is asked for), so it
    // can be seen.
    const pending = coalesceRef(db, summaryKey(roomId)).collection('pending');
    await eventually(
      async () => ((await pending.get()).empty ? true : undefined),
      'no summary pending',
      TRIGGER_TIMEOUT_MS,
    );
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    const lease = coalesceRef(db, summaryKey(roomId)).collection('lease').doc('current');
    await lease.set({ owner: 'reactions.test', until: Date.now() + 10 * 60_000 });
    try {
      await react(db, roomId, id, uniqueId('ben'), '👍');
      await reactedOnce(db, roomId, id, (m) => m.reactionCounts?.['👍'] === 1, 'the reaction counted');
      // Then a reply kept in another message's thread, which marks no room summary either: the
      // emulator delivers the events of onMessageWritten in order, so once its thread summary is
      // written, the event of the counts' write was handled before it.
      await addMessage(db, roomId, owner, 'a reply', { threadId: other, inRoom: false });
      await reactedOnce(db, roomId, other, (m) => m.replies?.count === 1, 'the later reply handled');
      expect((await pending.get()).docs.map((mark) => mark.id)).toEqual([]);
    } finally {
      await lease.delete();
      await flushKey(db, summaryKey(roomId));
    }
  }, 150_000);
});
