import {
  collection,
  doc,
  getDoc,
  getDocs,
  limit,
  query,
  serverTimestamp,
  setDoc,
  type DocumentData,
} from 'firebase/firestore';
import { RATE_LIMIT_COUNT, RATE_LIMIT_WINDOW_MS } from '@chat/shared';
import { describe, it } from 'vitest';
import {
  allowed,
  as,
  at,
  denied,
  ledgerAfter,
  newMessage,
  rulesSuite,
  seed,
  seedRoom,
  sendBatch,
  storedMessage,
} from './support';

const env = await rulesSuite('limits', (env) => seedRoom(env, 'r1', 'public', { ana: 'owner', ben: 'member' }));

const ledgerRef = (uid: string | null, owner = 'ben') => doc(as(env, uid), 'rooms', 'r1', 'limits', owner);
/** Send number n (0-based) by ben, with the ledger the client would write unless given. */
const sendNumber = (n: number, ledger?: DocumentData, id = `m${n}`) =>
  sendBatch(as(env, 'ben'), 'r1', 'ben', id, newMessage('ben'), n, ledger);
/** A slot time well outside the rate-limit window. */
const OLD = () => RATE_LIMIT_WINDOW_MS + 50_000;
const WINDOW_S = RATE_LIMIT_WINDOW_MS / 1000;
/** The ledger slot send number n writes. */
const slot = (n: number) => String(n % RATE_LIMIT_COUNT);

describe('rooms/{roomId}/limits/{uid}: reading', () => {
  it('the user reads their own ledger; nobody else, and nobody lists ledgers', async () => {
    await seed(env, { 'rooms/r1/limits/ben': ledgerAfter(3, OLD) });
    await allowed(getDoc(ledgerRef('ben')));
    await denied(getDoc(ledgerRef('ana')));
    await denied(getDocs(query(collection(as(env, 'ben'), 'rooms', 'r1', 'limits'), limit(10))));
  });
});

describe('rooms/{roomId}/limits/{uid}: the first send', () => {
  it('creates the ledger with n 1 and slot 0', async () => {
    await allowed(sendNumber(0));
  });

  it.each<[string, DocumentData]>([
    ['starting at n 2', { n: 2, at: { '0': serverTimestamp() }, lastMessageId: 'm0' }],
    ['filling two slots', { n: 1, at: { '0': serverTimestamp(), '1': serverTimestamp() }, lastMessageId: 'm0' }],
    ['with a forged slot time', { n: 1, at: { '0': at(-60_000) }, lastMessageId: 'm0' }],
    ['with an extra field', { n: 1, at: { '0': serverTimestamp() }, lastMessageId: 'm0', quota: 1000 }],
  ])('a first ledger is refused %s', async (_case, ledger) => {
    await denied(sendNumber(0, ledger));
  });

  it('a ledger alone, naming an existing message or none, is refused', async () => {
    await seed(env, { 'rooms/r1/messages/m-old': storedMessage('ben') });
    await denied(setDoc(ledgerRef('ben'), { n: 1, at: { '0': serverTimestamp() }, lastMessageId: 'm-old' }));
    await denied(setDoc(ledgerRef('ben'), { n: 1, at: { '0': serverTimestamp() }, lastMessageId: 5 }));
  });

  it("a removed member's old ledger does not let them send", async () => {
    await seed(env, { 'rooms/r1/limits/eve': ledgerAfter(5, OLD) });
    await denied(sendBatch(as(env, 'eve'), 'r1', 'eve', 'm5', newMessage('eve'), 5));
  });

  it("nobody writes another member's ledger; outsiders have none", async () => {
    const db = as(env, 'ana');
    await denied(
      setDoc(doc(db, 'rooms', 'r1', 'limits', 'ben'), { n: 1, at: { '0': serverTimestamp() }, lastMessageId: 'm0' }),
    );
    await denied(sendBatch(as(env, 'eve'), 'r1', 'eve', 'm0', newMessage('eve')));
  });
});

describe('rooms/{roomId}/limits/{uid}: later sends', () => {
  it(`send n writes slot n % ${RATE_LIMIT_COUNT} over a time older than ${WINDOW_S} s`, async () => {
    await seed(env, { 'rooms/r1/limits/ben': ledgerAfter(37, OLD) });
    await allowed(sendNumber(37));
  });

  it.each<[string, DocumentData]>([
    ['skipping a number', { n: 39, at: { [slot(37)]: serverTimestamp() }, lastMessageId: 'm37' }],
    ['writing the wrong slot', { n: 38, at: { [slot(38)]: serverTimestamp() }, lastMessageId: 'm37' }],
    ['with a forged slot time', { n: 38, at: { [slot(37)]: at(-OLD()) }, lastMessageId: 'm37' }],
    ['touching a second slot', { n: 38, at: { [slot(37)]: serverTimestamp(), [slot(31)]: serverTimestamp() }, lastMessageId: 'm37' }],
    ['with an extra field', { n: 38, at: { [slot(37)]: serverTimestamp() }, lastMessageId: 'm37', note: 'x' }],
  ])('a send is refused %s', async (_case, ledger) => {
    await seed(env, { 'rooms/r1/limits/ben': ledgerAfter(37, OLD) });
    await denied(sendNumber(37, ledger));
  });

  it('a ledger update alone, naming a message that is not new, is refused', async () => {
    await seed(env, { 'rooms/r1/limits/ben': ledgerAfter(37, OLD), 'rooms/r1/messages/m-old': storedMessage('ben') });
    await denied(
      setDoc(ledgerRef('ben'), { n: 38, at: { [slot(37)]: serverTimestamp() }, lastMessageId: 'm-old' }, { merge: true }),
    );
  });

  it(`one send more than ${RATE_LIMIT_COUNT} within ${WINDOW_S} s is refused; the slot frees once it is ${WINDOW_S} s old`, async () => {
    // a full window of sends in its second half
    await seed(env, { 'rooms/r1/limits/ben': ledgerAfter(RATE_LIMIT_COUNT, (slot) => RATE_LIMIT_WINDOW_MS / 2 - slot * 400) });
    await denied(sendNumber(RATE_LIMIT_COUNT));
    await seed(env, {
      'rooms/r1/limits/ben': ledgerAfter(RATE_LIMIT_COUNT, (slot) => (slot === 0 ? RATE_LIMIT_WINDOW_MS + 500 : RATE_LIMIT_WINDOW_MS / 2 - slot * 400)),
    });
    await allowed(sendNumber(RATE_LIMIT_COUNT));
  });

  it(`a burst of ${RATE_LIMIT_COUNT} queued sends passes, each with its own n; one more is refused`, async () => {
    const db = as(env, 'ben');
    const sends = Array.from({ length: RATE_LIMIT_COUNT }, (_, n) =>
      sendBatch(db, 'r1', 'ben', `q${n}`, newMessage('ben'), n),
    );
    await Promise.all(sends.map((sent) => allowed(sent)));
    await denied(sendBatch(db, 'r1', 'ben', `q${RATE_LIMIT_COUNT}`, newMessage('ben'), RATE_LIMIT_COUNT));
  });

  it('slow mode: the previous send must be at least slowModeSec old', async () => {
    await seedRoom(env, 'r1', 'public', { ana: 'owner', ben: 'member' }, { slowModeSec: 30 });
    await seed(env, { 'rooms/r1/limits/ben': ledgerAfter(37, (slot) => (slot === 6 ? 20_000 : 60_000)) });
    await denied(sendNumber(37));
    await seed(env, { 'rooms/r1/limits/ben': ledgerAfter(37, (slot) => (slot === 6 ? 31_000 : 60_000)) });
    await allowed(sendNumber(37));
  });

  it('slow mode lets a send through when the ring holds no previous time', async () => {
    await seedRoom(env, 'r1', 'public', { ana: 'owner', ben: 'member' }, { slowModeSec: 30 });
    await seed(env, { 'rooms/r1/limits/ben': { n: 3, at: {}, lastMessageId: 'm2' } });
    await allowed(sendNumber(3));
  });
});
