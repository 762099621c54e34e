/**
 * No Functions transaction reads or writes a document that a send's rules read (the room, the
 * sender's member document, profile, ledger, slow-mode stamp and blockers). A transaction holds
 * what it reads until it commits and what it writes while it commits: the emulator keeps a lock
 * that a send's rules lookup must wait for, a lookup that times out fails the rules (issue #11's
 * "evaluation error" under load), and production Firestore takes the same pessimistic locks for
 * server transactions. Issue #11's cause: onMessageCreated's transaction read restrictions/{uid},
 * which the send rules then read, for every message; later it wrote the sender's ledger (which
 * every send reads) when it muted. The triggers now touch only their claim, the sender's
 * userLimits/{uid} and restrictions/{uid}, the day's stats, the coalescing marks and, when
 * moderation acts, the message, its queue item and its file; the mute reaches the ledger by a
 * plain write after the transaction.
 *
 * Deterministic: every transaction of the scenario is recorded, not raced.
 */
import type { DocumentReference, Firestore, Transaction } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { decide } from '../../functions/src/callable/moderateMessage';
import { handleMessageCreated } from '../../functions/src/messages/created';
import { handleMessageWritten } from '../../functions/src/messages/summary';
import { handleCursorWritten } from '../../functions/src/triggers/onReadCursorWritten';
import { handleReport } from '../../functions/src/triggers/onReportCreated';
import { handleScreen } from '../../functions/src/messages/screen';
import { uniqueId } from '../support/env';
import { addMessage, at, direct, seedRoom, storedMessage } from './support';

/** The same Firestore, with the path of every document a transaction reads or writes written down. */
function recording(store: Firestore): { store: Firestore; touched: string[] } {
  const touched: string[] = [];
  const note = (refs: unknown[]) => {
    for (const ref of refs) {
      const path = (ref as DocumentReference | undefined)?.path;
      if (typeof path === 'string') touched.push(path);
    }
  };
  const TOUCHES = new Set<PropertyKey>(['get', 'getAll', 'set', 'update', 'create', 'delete']);
  const inTransaction = (tx: Transaction) =>
    new Proxy(tx, {
      get(target, key) {
        const method = Reflect.get(target, key, target) as unknown;
        if (typeof method !== 'function') return method;
        const bound = (method as (...args: unknown[]) => unknown).bind(target);
        if (!TOUCHES.has(key)) return bound;
        return (...args: unknown[]) => {
          note(key === 'getAll' ? args : args.slice(0, 1));
          return bound(...args);
        };
      },
    });
  const wrapped = new Proxy(store, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (key === 'runTransaction')
        return (update: (tx: Transaction) => Promise<unknown>, options?: Parameters<Firestore['runTransaction']>[1]) =>
          target.runTransaction((tx) => update(inTransaction(tx)), options);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: wrapped, touched };
}

/** Documents a send's rules read (get, exists, getAfter) on every send. */
const SEND_PATH = [
  /^rooms\/[^/]+$/,
  /^rooms\/[^/]+\/members\/[^/]+$/,
  /^rooms\/[^/]+\/slowMode\/[^/]+$/,
  /^ledgers\/[^/]+$/,
  /^users\/[^/]+$/,
  /^blockedBy\/[^/]+$/,
];

describe('Functions transactions and the send path', () => {
  it("no trigger or callable transaction reads or writes a document a send's rules read", async () => {
    const { store, touched } = recording(direct());
    const { roomId, owner, members } = await seedRoom(direct(), 2);
    const author = members[1]!;
    await direct()
      .doc(`rooms/${roomId}/config/moderation`)
      .set({ terms: { heck: 'hide' } });
    const base = Date.now();

    // the same text five times mutes the sender
    const outcomes: string[] = [];
    const send = (i: number, eventId: string) =>
      handleMessageCreated(store, {
        eventId,
        roomId,
        message: storedMessage(author, 'buy now', { createdAt: at(base + i) }),
        now: base + i,
      });
    for (let i = 0; i < 4; i++) outcomes.push(await send(i, uniqueId('e')));
    const muting = uniqueId('e');
    outcomes.push(await send(4, muting));
    expect(outcomes.at(-1)).toBe('muted:repeated');
    // the mute the rules enforce reached the sender's ledger
    const ledger = direct().doc(`ledgers/${author}`);
    expect((await ledger.get()).get('mutedUntil')).toBeTruthy();
    // and reaches it on the event's redelivery when the write after the transaction was lost
    await ledger.delete();
    expect(await send(4, muting)).toBe('duplicate');
    expect((await ledger.get()).get('mutedUntil')).toBeTruthy();

    // screening hides a message; summaries, a read cursor, a report, a moderator's decision
    const hidden = storedMessage(owner, 'what the heck', { createdAt: at(base) });
    const hiddenId = await addMessage(direct(), roomId, owner, 'what the heck');
    expect(
      await handleScreen(store, {
        eventId: uniqueId('e'),
        roomId,
        messageId: hiddenId,
        before: undefined,
        after: hidden,
      }),
    ).toBe('hidden');
    await handleMessageWritten(store, { eventId: uniqueId('e'), roomId, before: undefined, after: hidden });
    const reportedId = await addMessage(direct(), roomId, owner, 'fine');
    await direct()
      .doc(`users/${author}/reads/${roomId}`)
      .set({ lastReadAt: at(base), lastReadId: reportedId, updatedAt: at(base) });
    await handleCursorWritten(store, { eventId: uniqueId('e'), uid: author, roomId });
    await handleReport(store, {
      eventId: uniqueId('e'),
      roomId,
      report: { messageId: reportedId, reporterId: author, reason: 'spam' },
    });
    await decide(store, { uid: owner, appAdmin: false }, { roomId, messageId: hiddenId, decision: 'restore' });

    expect(touched.length).toBeGreaterThan(0);
    const held = [...new Set(touched.filter((path) => SEND_PATH.some((pattern) => pattern.test(path))))];
    expect(held).toEqual([]);
  }, 120_000);
});
