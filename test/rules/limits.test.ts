import {
  collection,
  doc,
  getDoc,
  serverTimestamp,
  setDoc,
  updateDoc,
  writeBatch,
  type DocumentData,
} from 'firebase/firestore';
import { EDIT_RATE_COUNT, RATE_LIMIT_COUNT, RENAME_COUNT, ROOM_RENAME_COUNT } from '@chat/shared';
import { RoomRenameLimitReached, updateRoomSettings } from '../../web/src/data/rooms';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  addMembership,
  allowed,
  as,
  at,
  countedEdit,
  denied,
  ledgerAfter,
  list,
  nameLedgerEntry,
  newMember,
  newMessage,
  newRoom,
  profileDoc,
  renameBatch,
  roomChange,
  roomLedgerEntry,
  rulesSuite,
  seed,
  seedRoom,
  sendBatch,
  storedMessage,
} from './support';

const env = await rulesSuite('limits', async (env) => {
  await seedRoom(env, 'r1', 'public', { ana: 'owner', ben: 'member' });
  await seedRoom(env, 'r2', 'public', { ana: 'owner', ben: 'member' });
});

const ledgerRef = (uid: string | null, owner = 'ben') => doc(as(env, uid), 'ledgers', owner);
/** Send number n (0-based) by ben, with the ledger the client would write unless given. */
const sendNumber = (n: number, ledger?: DocumentData, id = `m${n}`, roomId = 'r1') =>
  sendBatch(as(env, 'ben'), roomId, 'ben', id, newMessage('ben'), n, ledger);
const OLD = () => 60_000;
const entry = (n: number, extra: DocumentData = {}) => ({
  n,
  at: { [String((n - 1) % 10)]: serverTimestamp() },
  roomId: 'r1',
  messageId: `m${n - 1}`,
  ...extra,
});

describe('ledgers/{uid}: reading', () => {
  it('the user reads their own ledger; nobody else, and nobody lists ledgers', async () => {
    await seed(env, { 'ledgers/ben': ledgerAfter(3, OLD) });
    await allowed(getDoc(ledgerRef('ben')));
    await denied(getDoc(ledgerRef('ana')));
    await denied(list(collection(as(env, 'ben'), 'ledgers'), 10));
  });
});

describe('ledgers/{uid}: the first send', () => {
  it('creates the ledger with n 1 and slot 0, naming the room and the message', async () => {
    await allowed(sendNumber(0));
  });

  it.each<[string, DocumentData]>([
    ['starting at n 2', entry(1, { n: 2 })],
    ['filling two slots', entry(1, { at: { '0': serverTimestamp(), '1': serverTimestamp() } })],
    ['with a forged slot time', entry(1, { at: { '0': at(-60_000) } })],
    ['with an extra field', entry(1, { quota: 1000 })],
    ['without the room', (({ roomId: _r, ...rest }) => rest)(entry(1))],
    ['naming another room', entry(1, { roomId: 'r2' })],
    ['with a slot map that is not a map', entry(1, { at: 'now' })],
  ])('a first ledger is refused %s', async (_case, ledger) => {
    await denied(sendNumber(0, ledger));
  });

  it('a ledger alone, naming an existing message or none, is refused', async () => {
    await seed(env, { 'rooms/r1/messages/m-old': storedMessage('ben') });
    await denied(setDoc(ledgerRef('ben'), entry(1, { messageId: 'm-old' })));
    await denied(setDoc(ledgerRef('ben'), entry(1, { messageId: 5 })));
    await denied(setDoc(ledgerRef('ben'), entry(1, { roomId: 'r1/messages/m-old/x' })));
  });

  it("nobody writes another member's ledger; outsiders cannot send", async () => {
    await denied(setDoc(doc(as(env, 'ana'), 'ledgers', 'ben'), entry(1)));
    await denied(sendBatch(as(env, 'eve'), 'r1', 'eve', 'm0', newMessage('eve')));
  });
});

describe('ledgers/{uid}: later sends', () => {
  it('send n writes slot n % 10 over a time older than 10 s, in any room', async () => {
    await seed(env, { 'ledgers/ben': ledgerAfter(37, OLD) });
    await allowed(sendNumber(37));
    await allowed(sendNumber(38, undefined, 'm38', 'r2'));
  });

  it.each<[string, DocumentData]>([
    ['skipping a number', { n: 39, at: { '7': serverTimestamp() }, roomId: 'r1', messageId: 'm37' }],
    ['writing the wrong slot', { n: 38, at: { '8': serverTimestamp() }, roomId: 'r1', messageId: 'm37' }],
    ['with a forged slot time', { n: 38, at: { '7': at(-60_000) }, roomId: 'r1', messageId: 'm37' }],
    [
      'touching a second slot',
      { n: 38, at: { '7': serverTimestamp(), '1': serverTimestamp() }, roomId: 'r1', messageId: 'm37' },
    ],
    ['with an extra field', { n: 38, at: { '7': serverTimestamp() }, roomId: 'r1', messageId: 'm37', note: 'x' }],
    ['with n as a string', { n: '38', at: { '7': serverTimestamp() }, roomId: 'r1', messageId: 'm37' }],
    ['with a slot map that is not a map', { n: 38, at: 'now', roomId: 'r1', messageId: 'm37' }],
  ])('a send is refused %s', async (_case, ledger) => {
    await seed(env, { 'ledgers/ben': ledgerAfter(37, OLD) });
    await denied(sendNumber(37, ledger));
  });

  it('a ledger update alone, naming a message that is not new, is refused', async () => {
    await seed(env, { 'ledgers/ben': ledgerAfter(37, OLD), 'rooms/r1/messages/m-old': storedMessage('ben') });
    await denied(
      setDoc(
        ledgerRef('ben'),
        { n: 38, at: { '7': serverTimestamp() }, roomId: 'r1', messageId: 'm-old' },
        { merge: true },
      ),
    );
  });

  it('an 11th message within 10 s is refused, also in another room; the slot frees once it is 10 s old', async () => {
    // ten sends in the last 5 seconds
    await seed(env, { 'ledgers/ben': ledgerAfter(RATE_LIMIT_COUNT, (slot) => 5_000 - slot * 400) });
    await denied(sendNumber(RATE_LIMIT_COUNT));
    await denied(sendNumber(RATE_LIMIT_COUNT, undefined, 'x10', 'r2'));
    await seed(env, {
      'ledgers/ben': ledgerAfter(RATE_LIMIT_COUNT, (slot) => (slot === 0 ? 10_500 : 5_000 - slot * 400)),
    });
    await allowed(sendNumber(RATE_LIMIT_COUNT));
  });

  it('a burst of 10 queued sends passes across rooms, each with its own n; the 11th is refused', async () => {
    const db = as(env, 'ben');
    const sends = Array.from({ length: RATE_LIMIT_COUNT }, (_, n) =>
      sendBatch(db, n % 2 ? 'r2' : 'r1', 'ben', `q${n}`, newMessage('ben'), n),
    );
    await Promise.all(sends.map((sent) => allowed(sent)));
    await denied(sendBatch(db, 'r1', 'ben', 'q10', newMessage('ben'), RATE_LIMIT_COUNT));
  });
});

describe('rooms/{roomId}/slowMode/{uid}: slow mode', () => {
  const slow = (age: number) => ({ at: at(-age), messageId: 'm-old' });

  it('in slow mode a send stamps the room; the previous stamp must be slowModeSec old', async () => {
    await seedRoom(env, 'r1', 'public', { ana: 'owner', ben: 'member' }, { slowModeSec: 30 });
    await allowed(sendBatch(as(env, 'ben'), 'r1', 'ben', 'm0', newMessage('ben'), { slowMode: true }));
    await seed(env, { 'ledgers/ben': ledgerAfter(1, OLD), 'rooms/r1/slowMode/ben': slow(20_000) });
    await denied(sendBatch(as(env, 'ben'), 'r1', 'ben', 'm1', newMessage('ben'), { n: 1, slowMode: true }));
    await seed(env, { 'rooms/r1/slowMode/ben': slow(31_000) });
    await allowed(sendBatch(as(env, 'ben'), 'r1', 'ben', 'm1', newMessage('ben'), { n: 1, slowMode: true }));
  });

  it('in slow mode a send without the stamp, or with a stamp for another message, is refused', async () => {
    await seedRoom(env, 'r1', 'public', { ana: 'owner', ben: 'member' }, { slowModeSec: 30 });
    await denied(sendNumber(0));
    await denied(
      sendBatch(as(env, 'ben'), 'r1', 'ben', 'm0', newMessage('ben'), {
        slowMode: { at: serverTimestamp(), messageId: 'other' },
      }),
    );
    await denied(
      sendBatch(as(env, 'ben'), 'r1', 'ben', 'm0', newMessage('ben'), {
        slowMode: { at: at(-60_000), messageId: 'm0' },
      }),
    );
  });

  it('a stamp of another shape, or by someone outside the room, is refused', async () => {
    await seedRoom(env, 'r1', 'public', { ana: 'owner', ben: 'member' }, { slowModeSec: 30 });
    const stamp = (slowMode: DocumentData) =>
      sendBatch(as(env, 'ben'), 'r1', 'ben', 'm0', newMessage('ben'), { slowMode });
    await denied(stamp({ at: serverTimestamp(), messageId: 'm0', extra: 1 }));
    await denied(
      setDoc(doc(as(env, 'ben'), 'rooms', 'r1', 'slowMode', 'ben'), { at: serverTimestamp(), messageId: 'm 0' }),
    );
    await denied(
      setDoc(doc(as(env, 'eve'), 'rooms', 'r1', 'slowMode', 'eve'), { at: serverTimestamp(), messageId: 'm0' }),
    );
    await seed(env, { 'rooms/r1/slowMode/eve': slow(60_000) });
    await denied(
      setDoc(doc(as(env, 'eve'), 'rooms', 'r1', 'slowMode', 'eve'), { at: serverTimestamp(), messageId: 'm0' }),
    );
  });

  it('a stamp alone, or by someone else, is refused; the member reads their own', async () => {
    await seed(env, { 'rooms/r1/slowMode/ben': slow(60_000) });
    await denied(
      setDoc(doc(as(env, 'ben'), 'rooms', 'r1', 'slowMode', 'ben'), { at: serverTimestamp(), messageId: 'm9' }),
    );
    await denied(
      setDoc(doc(as(env, 'ana'), 'rooms', 'r1', 'slowMode', 'ben'), { at: serverTimestamp(), messageId: 'm9' }),
    );
    await allowed(getDoc(doc(as(env, 'ben'), 'rooms', 'r1', 'slowMode', 'ben')));
    await denied(getDoc(doc(as(env, 'ana'), 'rooms', 'r1', 'slowMode', 'ben')));
  });
});

describe('roomLedgers/{uid}: creating rooms', () => {
  // a member document carries its person's profile name
  beforeEach(() => seed(env, { 'users/cid': profileDoc('cid') }));
  const create = (uid: string, roomId: string, n = 0, ledger?: DocumentData) => {
    const db = as(env, uid);
    const batch = writeBatch(db);
    batch.set(doc(db, 'rooms', roomId), newRoom('public', uid, [uid]));
    addMembership(batch, db, roomId, uid, newMember(uid, 'owner'));
    batch.set(doc(db, 'roomLedgers', uid), ledger ?? roomLedgerEntry(n, roomId), { merge: true });
    return batch.commit();
  };
  const hourLedger = (n: number, ageMs: (slot: number) => number) => {
    const slots: Record<string, unknown> = {};
    for (let slot = 0; slot < Math.min(n, 10); slot++) slots[String(slot)] = at(-ageMs(slot));
    return { n, at: slots, roomId: 'old' };
  };

  it('each room created is counted; the 11th within an hour is refused', async () => {
    await allowed(create('cid', 'new0'));
    await seed(env, { 'roomLedgers/cid': hourLedger(10, (slot) => 3_000_000 - slot * 1000) });
    await denied(create('cid', 'new10', 10));
    await seed(env, { 'roomLedgers/cid': hourLedger(10, (slot) => (slot === 0 ? 3_700_000 : 3_000_000)) });
    await allowed(create('cid', 'new10', 10));
  });

  it('a room without its count, or a count without its room, is refused', async () => {
    const db = as(env, 'cid');
    const batch = writeBatch(db);
    batch.set(doc(db, 'rooms', 'bare'), newRoom('public', 'cid', ['cid']));
    addMembership(batch, db, 'bare', 'cid', newMember('cid', 'owner'));
    await denied(batch.commit());
    await denied(setDoc(doc(db, 'roomLedgers', 'cid'), roomLedgerEntry(0, 'r1')));
    await denied(create('cid', 'new0', 0, { ...roomLedgerEntry(0, 'new0'), n: 1.5 }));
    await denied(create('cid', 'new0', 0, roomLedgerEntry(0, 'other')));
  });

  it("nobody counts a room in someone else's ledger", async () => {
    const db = as(env, 'ana');
    const batch = writeBatch(db);
    batch.set(doc(db, 'rooms', 'x1'), newRoom('public', 'ana', ['ana']));
    addMembership(batch, db, 'x1', 'ana', newMember('ana', 'owner'));
    batch.set(doc(db, 'roomLedgers', 'cid'), roomLedgerEntry(0, 'x1'), { merge: true });
    await denied(batch.commit());
    await seed(env, { 'roomLedgers/cid': hourLedger(1, () => 1000) });
    await denied(setDoc(doc(db, 'roomLedgers', 'cid'), roomLedgerEntry(1, 'x1'), { merge: true }));
  });

  it('a room ledger update of another shape is refused', async () => {
    await seed(env, { 'roomLedgers/cid': hourLedger(1, () => 1000) });
    await denied(create('cid', 'new1', 1, { ...roomLedgerEntry(1, 'new1'), extra: true }));
    await denied(create('cid', 'new1', 1, roomLedgerEntry(1, 'new 1')));
    await denied(create('cid', 'new1', 0, { ...roomLedgerEntry(0, 'new1'), extra: true }));
  });

  it('the user reads their own room ledger, nobody else', async () => {
    await seed(env, { 'roomLedgers/cid': hourLedger(1, () => 1000) });
    await allowed(getDoc(doc(as(env, 'cid'), 'roomLedgers', 'cid')));
    await denied(getDoc(doc(as(env, 'ben'), 'roomLedgers', 'cid')));
  });
});

describe('nameLedgers/{uid}: renames', () => {
  beforeEach(() => seed(env, { 'users/cid': profileDoc('cid') }));
  const name = (text: string) => ({ displayName: text, nameLower: text.toLowerCase() });
  const rename = (uid: string, text: string, n = 0, ledger?: DocumentData | null) =>
    renameBatch(as(env, uid), uid, name(text), n, ledger);
  /** a ledger of n renames, slot s made ageMs(s) ago */
  const hourLedger = (n: number, ageMs: (slot: number) => number) => {
    const slots: Record<string, unknown> = {};
    for (let slot = 0; slot < Math.min(n, RENAME_COUNT); slot++) slots[String(slot)] = at(-ageMs(slot));
    return { n, at: slots };
  };

  it(`each rename is counted; the ${RENAME_COUNT + 1}th within an hour is refused`, async () => {
    await allowed(rename('cid', 'Cid 1'));
    await seed(env, { 'nameLedgers/cid': hourLedger(RENAME_COUNT, (slot) => 3_000_000 - slot * 1000) });
    await denied(rename('cid', 'Cid 6', RENAME_COUNT));
    // the oldest of the five is over an hour old: its slot is free again
    await seed(env, { 'nameLedgers/cid': hourLedger(RENAME_COUNT, (slot) => (slot === 0 ? 3_700_000 : 3_000_000)) });
    await allowed(rename('cid', 'Cid 6', RENAME_COUNT));
  });

  it('a rename without its count is refused; a photo, or the same name, needs none', async () => {
    const db = as(env, 'cid');
    await denied(rename('cid', 'Cid 2', 0, null));
    // a count written before, in another batch, is not this rename's
    await seed(env, { 'nameLedgers/cid': hourLedger(1, () => 1000) });
    await denied(rename('cid', 'Cid 2', 1, null));
    await allowed(updateDoc(doc(db, 'users', 'cid'), { photoURL: 'https://example.com/cid.png' }));
    await allowed(updateDoc(doc(db, 'users', 'cid'), name('Name cid')));
    // a count with no rename spends only its owner's own renames
    await allowed(setDoc(doc(db, 'nameLedgers', 'cid'), nameLedgerEntry(1), { merge: true }));
  });

  it('a name ledger of another shape is refused', async () => {
    await denied(rename('cid', 'Cid 1', 0, { ...nameLedgerEntry(0), n: 1.5 }));
    await denied(rename('cid', 'Cid 1', 0, { ...nameLedgerEntry(0), extra: true }));
    await seed(env, { 'nameLedgers/cid': hourLedger(1, () => 1000) });
    await denied(rename('cid', 'Cid 1', 1, { ...nameLedgerEntry(1), extra: true }));
    await denied(rename('cid', 'Cid 1', 1, nameLedgerEntry(2)));
  });

  it("nobody counts a rename in someone else's ledger, or renames someone else", async () => {
    await seed(env, { 'users/ana': profileDoc('ana') });
    const db = as(env, 'ana');
    const batch = writeBatch(db);
    batch.update(doc(db, 'users', 'ana'), name('Ana 2'));
    batch.set(doc(db, 'nameLedgers', 'cid'), nameLedgerEntry(0), { merge: true });
    await denied(batch.commit());
    await denied(renameBatch(db, 'cid', name('Not cid')));
    await seed(env, { 'nameLedgers/cid': hourLedger(1, () => 1000) });
    await denied(setDoc(doc(db, 'nameLedgers', 'cid'), nameLedgerEntry(1), { merge: true }));
  });

  it('the user reads their own name ledger, nobody else', async () => {
    await seed(env, { 'nameLedgers/cid': hourLedger(1, () => 1000) });
    await allowed(getDoc(doc(as(env, 'cid'), 'nameLedgers', 'cid')));
    await denied(getDoc(doc(as(env, 'ben'), 'nameLedgers', 'cid')));
  });
});

describe("roomNameLedgers/{uid}: changes of rooms' names and topics", () => {
  /** ana's change of room `roomId`'s name, recorded and counted as the client saves it; `ledger` instead of the count */
  const rename = (name: string, roomId = 'r1', ledger?: DocumentData | null) =>
    roomChange(as(env, 'ana'), roomId, 'ana', { name }, { name, at: serverTimestamp() }, ledger);
  /** a ledger of n changes, slot s made ageMs(s) ago, the last in r1 */
  const hourLedger = (n: number, ageMs: (slot: number) => number) => {
    const slots: Record<string, unknown> = {};
    for (let slot = 0; slot < Math.min(n, ROOM_RENAME_COUNT); slot++) slots[String(slot)] = at(-ageMs(slot));
    return { n, at: slots, roomId: 'r1' };
  };
  /** change number n (0-based), in room roomId, as the client counts it */
  const entry = (n: number, roomId = 'r1') => ({
    n: n + 1,
    at: { [String(n % ROOM_RENAME_COUNT)]: serverTimestamp() },
    roomId,
  });

  it(`each change is counted, in any room; the ${ROOM_RENAME_COUNT + 1}th within an hour is refused`, async () => {
    await allowed(rename('one'));
    await allowed(roomChange(as(env, 'ana'), 'r2', 'ana', { topic: 'two' }, { topic: 'two', at: serverTimestamp() }));
    await seed(env, { 'roomNameLedgers/ana': hourLedger(ROOM_RENAME_COUNT, (slot) => 3_000_000 - slot * 1000) });
    await denied(rename('eleven'));
    // the oldest of the ten is over an hour old: its slot is free again
    await seed(env, {
      'roomNameLedgers/ana': hourLedger(ROOM_RENAME_COUNT, (slot) => (slot === 0 ? 3_700_000 : 3_000_000)),
    });
    await allowed(rename('eleven'));
  });

  it('a change without its count, or with a count written before or naming another room, is refused', async () => {
    await denied(rename('renamed', 'r1', null));
    await seed(env, { 'roomNameLedgers/ana': hourLedger(1, () => 1000) });
    await denied(rename('renamed', 'r1', null));
    await denied(rename('renamed', 'r1', entry(1, 'r2')));
    // one count, one room: a second room changed in the same batch is not counted
    const db = as(env, 'ana');
    const batch = writeBatch(db);
    for (const roomId of ['r1', 'r2']) {
      batch.update(doc(db, 'rooms', roomId), { name: 'both' });
      batch.set(doc(db, 'rooms', roomId, 'renames', 'ana'), { name: 'both', at: serverTimestamp() });
    }
    batch.set(doc(db, 'roomNameLedgers', 'ana'), entry(1), { merge: true });
    await denied(batch.commit());
    await allowed(rename('renamed', 'r1', entry(1)));
  });

  it('slow mode needs no count; a count alone spends only its owner’s own changes', async () => {
    await seed(env, { 'roomNameLedgers/ana': hourLedger(ROOM_RENAME_COUNT, () => 1000) });
    await allowed(updateDoc(doc(as(env, 'ana'), 'rooms', 'r1'), { slowModeSec: 30 }));
    await seed(env, { 'roomNameLedgers/ana': hourLedger(1, () => 1000) });
    await allowed(setDoc(doc(as(env, 'ana'), 'roomNameLedgers', 'ana'), entry(1), { merge: true }));
  });

  it('a room name ledger of another shape is refused', async () => {
    const alone = (data: DocumentData) => setDoc(doc(as(env, 'ana'), 'roomNameLedgers', 'ana'), data);
    await denied(alone({ ...entry(0), roomId: 'a/b' }));
    await denied(alone(entry(1)));
    await denied(rename('renamed', 'r1', { ...entry(0), n: 1.5 }));
    await denied(rename('renamed', 'r1', { ...entry(0), extra: true }));
    await denied(rename('renamed', 'r1', { ...entry(0), at: { '0': at(-1000) } }));
    await seed(env, { 'roomNameLedgers/ana': hourLedger(1, () => 1000) });
    await denied(rename('renamed', 'r1', { ...entry(1), extra: true }));
    await denied(rename('renamed', 'r1', entry(2)));
  });

  it("nobody counts a change in someone else's ledger; the user reads their own, nobody else", async () => {
    const db = as(env, 'ben');
    await denied(setDoc(doc(db, 'roomNameLedgers', 'ana'), entry(0), { merge: true }));
    await seed(env, { 'roomNameLedgers/ana': hourLedger(1, () => 1000) });
    await denied(setDoc(doc(db, 'roomNameLedgers', 'ana'), entry(1), { merge: true }));
    await allowed(getDoc(doc(as(env, 'ana'), 'roomNameLedgers', 'ana')));
    await denied(getDoc(doc(db, 'roomNameLedgers', 'ana')));
  });

  it('the client says when the next change may be made, writing nothing, and counts each change once', async () => {
    const db = as(env, 'ana');
    const shown = { name: 'room', topic: '' };
    await updateRoomSettings(db, 'r1', 'ana', { name: 'first', topic: 'a topic' }, shown);
    await updateRoomSettings(db, 'r1', 'ana', { slowModeSec: 5, name: 'first' }, { name: 'first', topic: 'a topic' });
    expect((await getDoc(doc(db, 'roomNameLedgers', 'ana'))).data()?.n).toBe(1);
    const ledger = hourLedger(ROOM_RENAME_COUNT, (slot) => 3_000_000 - slot * 1000);
    await seed(env, { 'roomNameLedgers/ana': ledger });
    const refusal = updateRoomSettings(db, 'r1', 'ana', { name: 'second' }, { name: 'first', topic: 'a topic' });
    await expect(refusal).rejects.toBeInstanceOf(RoomRenameLimitReached);
    // the slot of the oldest change frees an hour after it was made
    const retryAt = ((await refusal.catch((e: unknown) => e)) as RoomRenameLimitReached).retryAt.getTime();
    expect(Math.abs(retryAt - (Date.now() - 3_000_000 + 3_600_000))).toBeLessThan(120_000);
    expect((await getDoc(doc(db, 'rooms', 'r1'))).data()?.name).toBe('first');
    // settings that are no rename still save at the limit
    await updateRoomSettings(db, 'r1', 'ana', { slowModeSec: 0 }, { name: 'first', topic: 'a topic' });
  });
});

describe('editLedgers/{uid}: edits', () => {
  beforeEach(() =>
    seed(env, {
      'rooms/r1/messages/e1': storedMessage('ben'),
      'rooms/r1/messages/e2': storedMessage('ben'),
      'rooms/r2/messages/e3': storedMessage('ben'),
    }),
  );
  const msg = (id: string, roomId = 'r1', uid = 'ben') => doc(as(env, uid), 'rooms', roomId, 'messages', id);
  const fix = (text = 'fixed') => ({ text, words: [text], editedAt: serverTimestamp() });
  /** the ledger after n edits, slot s made ageMs(s) ago, the last naming e1 */
  const minuteLedger = (n: number, ageMs: (slot: number) => number) => {
    const slots: Record<string, unknown> = {};
    for (let slot = 0; slot < Math.min(n, EDIT_RATE_COUNT); slot++) slots[String(slot)] = at(-ageMs(slot));
    return { n, at: slots, roomId: 'r1', messageId: 'e1' };
  };
  /** edit number n (0-based) of message id, as the client counts it */
  const editEntry = (n: number, id = 'e1', roomId = 'r1') => ({
    n: n + 1,
    at: { [String(n % EDIT_RATE_COUNT)]: serverTimestamp() },
    roomId,
    messageId: id,
  });

  it(`each edit is counted, in any room; the ${EDIT_RATE_COUNT + 1}th within a minute is refused`, async () => {
    await allowed(countedEdit(msg('e1'), 'ben', fix('one')));
    await allowed(countedEdit(msg('e3', 'r2'), 'ben', fix('two')));
    await seed(env, { 'editLedgers/ben': minuteLedger(EDIT_RATE_COUNT, (slot) => 30_000 - slot * 1000) });
    await denied(countedEdit(msg('e2'), 'ben', fix('eleven')));
    // the oldest of the ten is over a minute old: its slot is free again
    await seed(env, {
      'editLedgers/ben': minuteLedger(EDIT_RATE_COUNT, (slot) => (slot === 0 ? 61_000 : 30_000)),
    });
    await allowed(countedEdit(msg('e2'), 'ben', fix('eleven')));
  });

  it('an edit without its count, or with a count written before or naming another message, is refused', async () => {
    await denied(countedEdit(msg('e1'), 'ben', fix(), null));
    await seed(env, { 'editLedgers/ben': minuteLedger(1, () => 1000) });
    await denied(countedEdit(msg('e1'), 'ben', fix(), null));
    await denied(countedEdit(msg('e1'), 'ben', fix(), editEntry(1, 'e2')));
    await denied(countedEdit(msg('e1'), 'ben', fix(), editEntry(1, 'e1', 'r2')));
    // one count, one edit: a second message in the same batch is not counted
    const db = as(env, 'ben');
    const batch = writeBatch(db);
    batch.update(doc(db, 'rooms', 'r1', 'messages', 'e1'), fix());
    batch.update(doc(db, 'rooms', 'r1', 'messages', 'e2'), fix());
    batch.set(doc(db, 'editLedgers', 'ben'), editEntry(1, 'e1'), { merge: true });
    await denied(batch.commit());
    await allowed(countedEdit(msg('e1'), 'ben', fix(), editEntry(1, 'e1')));
  });

  it('a redaction needs no count; a count alone spends only its owner’s own edits', async () => {
    await allowed(updateDoc(msg('e2'), { text: '', words: [], deleted: true, attachment: null }));
    await allowed(setDoc(doc(as(env, 'ben'), 'editLedgers', 'ben'), editEntry(0), { merge: true }));
  });

  it('an edit ledger of another shape is refused', async () => {
    const alone = (data: DocumentData) => setDoc(doc(as(env, 'ben'), 'editLedgers', 'ben'), data);
    await denied(alone({ ...editEntry(0), roomId: 'a/b' }));
    await denied(alone({ ...editEntry(0), messageId: '' }));
    await denied(alone(editEntry(1)));
    await denied(countedEdit(msg('e1'), 'ben', fix(), { ...editEntry(0), n: 1.5 }));
    await denied(countedEdit(msg('e1'), 'ben', fix(), { ...editEntry(0), extra: true }));
    await denied(countedEdit(msg('e1'), 'ben', fix(), { ...editEntry(0), roomId: 'a/b' }));
    await denied(countedEdit(msg('e1'), 'ben', fix(), { ...editEntry(0), messageId: 'x'.repeat(201) }));
    await seed(env, { 'editLedgers/ben': minuteLedger(1, () => 1000) });
    await denied(countedEdit(msg('e1'), 'ben', fix(), { ...editEntry(1), extra: true }));
    await denied(countedEdit(msg('e1'), 'ben', fix(), editEntry(2)));
  });

  it("nobody counts an edit in someone else's ledger; the user reads their own, nobody else", async () => {
    const db = as(env, 'ana');
    await denied(setDoc(doc(db, 'editLedgers', 'ben'), editEntry(0), { merge: true }));
    await seed(env, { 'editLedgers/ben': minuteLedger(1, () => 1000) });
    await denied(setDoc(doc(db, 'editLedgers', 'ben'), editEntry(1), { merge: true }));
    await allowed(getDoc(doc(as(env, 'ben'), 'editLedgers', 'ben')));
    await denied(getDoc(doc(db, 'editLedgers', 'ben')));
  });
});
