/**
 * The reads and writes the web client makes (web/src/data), run unchanged against the rules: if
 * a rule tightens past what the app sends, this file fails before the browser tests do.
 */
import { DEFAULT_ROOM_ID, RATE_LIMIT_COUNT, RATE_LIMIT_WINDOW_MS } from '@chat/shared';
import { Timestamp, disableNetwork, doc, enableNetwork, getDoc, onSnapshot } from 'firebase/firestore';
import { describe, expect, it } from 'vitest';
import { newMessageId, sendMessage } from '../../web/src/data/messages';
import { writeReadCursor } from '../../web/src/data/reads';
import { countUnread, ensureDefaultRoom, joinPublicRoom } from '../../web/src/data/rooms';
import { toMicros } from '../../web/src/lib/unread';
import { saveProfile } from '../../web/src/data/users';
import { allowed, as, at, denied, rulesSuite, seed, seedRoom, storedMessage } from './support';

const env = await rulesSuite('client');

const send = (uid: string, roomId: string, text: string, db = as(env, uid)) =>
  sendMessage(db, { roomId, id: newMessageId(db, roomId), authorId: uid, authorName: `Name ${uid}`, text });

describe('the web client against the rules', () => {
  it('signs up: saveProfile creates the profile', async () => {
    await allowed(saveProfile(as(env, 'ana'), 'ana', '  Ana Lima '));
    await denied(saveProfile(as(env, 'ben'), 'ana', 'Not Ana'));
  });

  it('creates #general with its creator as owner, and a second person joins it', async () => {
    await allowed(ensureDefaultRoom(as(env, 'ana'), 'ana', 'Ana'));
    const ana = await getDoc(doc(as(env, 'ana'), 'rooms', DEFAULT_ROOM_ID, 'members', 'ana'));
    expect(ana.get('role')).toBe('owner');
    // the second caller finds the room and leaves it alone
    await allowed(ensureDefaultRoom(as(env, 'ben'), 'ben', 'Ben'));
    await allowed(joinPublicRoom(as(env, 'ben'), DEFAULT_ROOM_ID, 'ben', 'Ben'));
    const room = await getDoc(doc(as(env, 'ben'), 'rooms', DEFAULT_ROOM_ID));
    expect(room.get('memberIds')).toEqual(['ana', 'ben']);
    // joining twice is refused (the member document exists)
    await denied(joinPublicRoom(as(env, 'ben'), DEFAULT_ROOM_ID, 'ben', 'Ben'));
  });

  it('sends a message with its ledger in one batch; a non-member cannot', async () => {
    await seedRoom(env, 'r1', 'public', { ana: 'owner' });
    await allowed(send('ana', 'r1', 'Hello World, hello'));
    const sent = await getDoc(doc(as(env, 'ana'), 'rooms', 'r1', 'limits', 'ana'));
    expect(sent.get('n')).toBe(1);
    await denied(send('ben', 'r1', 'let me in'));
  });

  it(`replays a burst of ${RATE_LIMIT_COUNT} messages queued offline on reconnect, then refuses one more within the window`, async () => {
    await seedRoom(env, 'r1', 'public', { ana: 'owner' });
    // 37 earlier sends, all older than the window
    const old: Record<string, unknown> = {};
    for (let i = 0; i < RATE_LIMIT_COUNT; i++) old[String(i)] = at(-RATE_LIMIT_WINDOW_MS - 50_000 - i * 1000);
    await seed(env, { 'rooms/r1/limits/ana': { n: 37, at: old, lastMessageId: 'm-old' } });

    const db = as(env, 'ana');
    // a live listener keeps the ledger in the cache, as the app's would
    const stop = await new Promise<() => void>((resolve) => {
      const unsubscribe = onSnapshot(doc(db, 'rooms', 'r1', 'limits', 'ana'), () => resolve(unsubscribe));
    });
    await disableNetwork(db);
    const queued = Array.from({ length: RATE_LIMIT_COUNT }, (_, i) => send('ana', 'r1', `queued ${i}`, db));
    await enableNetwork(db);
    await Promise.all(queued.map((sent) => allowed(sent)));
    stop();

    const ledger = await getDoc(doc(db, 'rooms', 'r1', 'limits', 'ana'));
    expect(ledger.get('n')).toBe(37 + RATE_LIMIT_COUNT);
    await denied(send('ana', 'r1', 'one too many', db));
  });

  it("counts unread: others' text after the cursor up to the summary's newest, not one's own, notices or redactions", async () => {
    await seedRoom(env, 'r1', 'public', { ana: 'owner', ben: 'member' });
    // a cursor and a message in the same millisecond, 1 µs apart
    const cursorAt = new Timestamp(1_700_000_000, 500_000);
    const t = (s: number) => new Timestamp(1_700_000_000 + s, 0);
    await seed(env, {
      'rooms/r1/messages/m0': storedMessage('ana', { createdAt: cursorAt }),
      'rooms/r1/messages/m1': storedMessage('ana', { createdAt: new Timestamp(1_700_000_000, 501_000) }),
      'rooms/r1/messages/m2': storedMessage('ben', { createdAt: t(10) }),
      'rooms/r1/messages/m3': storedMessage('system', { kind: 'system', createdAt: t(20) }),
      'rooms/r1/messages/m4': storedMessage('ana', { text: '', words: [], deleted: true, createdAt: t(30) }),
      'rooms/r1/messages/m5': storedMessage('chloe', { createdAt: t(40) }),
      'rooms/r1/messages/m6': storedMessage('ana', { createdAt: t(50) }),
    });
    const count = (after: Timestamp | null, upTo: Timestamp) =>
      countUnread(as(env, 'ben'), 'r1', { reader: 'ben', after: toMicros(after), upTo: toMicros(upTo)! }, 100);
    // m1 and m5: Ben's own m2, the notice m3 and the redacted m4 do not count, m6 is past the summary
    expect(await count(cursorAt, t(40))).toBe(2);
    expect(await count(null, t(40))).toBe(3);
    expect(await count(null, t(50))).toBe(4);
    expect(await count(t(50), t(50))).toBe(0);
    // for Ana, Ben's message counts and hers do not
    expect(await countUnread(as(env, 'ana'), 'r1', { reader: 'ana', after: null, upTo: toMicros(t(50))! }, 100)).toBe(
      2,
    );
  });

  it("writes the read cursor at the seen message's time, however late: a message posted meanwhile stays unread", async () => {
    await seedRoom(env, 'r1', 'public', { ana: 'owner', ben: 'member' });
    const seenAt = at(-30_000);
    const laterAt = at(-10_000);
    await seed(env, {
      'rooms/r1/messages/seen': storedMessage('ana', { createdAt: seenAt }),
      'rooms/r1/messages/later': storedMessage('ana', { createdAt: laterAt }),
    });
    // Ben saw "seen"; his cursor write reaches the server only now, after "later" was posted
    const ben = as(env, 'ben');
    await allowed(writeReadCursor(ben, 'ben', 'r1', { id: 'seen', createdAt: seenAt }));
    const cursor = (await getDoc(doc(ben, 'users', 'ben', 'reads', 'r1'))).data();
    expect(cursor?.lastReadId).toBe('seen');
    expect((cursor?.lastReadAt as Timestamp).isEqual(seenAt)).toBe(true);
    const after = toMicros(cursor?.lastReadAt as Timestamp);
    expect(await countUnread(ben, 'r1', { reader: 'ben', after, upTo: toMicros(laterAt)! }, 100)).toBe(1);
    // the cursor never moves back
    await allowed(writeReadCursor(ben, 'ben', 'r1', { id: 'later', createdAt: laterAt }));
    await denied(writeReadCursor(ben, 'ben', 'r1', { id: 'seen', createdAt: seenAt }));
  });
});
