/**
 * The writes the web client makes (web/src/data), run unchanged against the rules: if a rule
 * tightens past what the app sends, this file fails before the browser tests do.
 */
import { DEFAULT_REPORT_THRESHOLD, DEFAULT_ROOM_ID, RATE_LIMIT_COUNT, directRoomId } from '@chat/shared';
import { deleteDoc, disableNetwork, doc, enableNetwork, getDoc, onSnapshot } from 'firebase/firestore';
import { describe, expect, it } from 'vitest';
import { setBlockedTerm } from '../../web/src/data/blocklist';
import { blockUser, subscribeBlocks, unblockUser } from '../../web/src/data/blocks';
import { newMessageId, sendMessage } from '../../web/src/data/messages';
import {
  ensureDefaultRoom,
  isMember,
  joinPublicRoom,
  joinRoom,
  leaveRoom,
  readRoom,
  ROOMS_PER_LISTENER,
  searchMembers,
  subscribeMyRooms,
} from '../../web/src/data/rooms';
import { getProfile, saveProfile } from '../../web/src/data/users';
import { takeWarmWindow, warmLatestMessages } from '../../web/src/data/warmWindows';
import type { MessageDoc } from '../../web/src/data/converters';
import {
  allowed,
  as,
  at,
  denied,
  inviteDoc,
  listingDoc,
  listingPath,
  profileDoc,
  rulesSuite,
  seed,
  seedRoom,
  storedMessage,
} from './support';

const env = await rulesSuite('client');

const send = (uid: string, roomId: string, text: string, db = as(env, uid)) =>
  sendMessage(db, { roomId, id: newMessageId(db, roomId), authorId: uid, authorName: `Name ${uid}`, text });

describe('the web client against the rules', () => {
  it('signs up: saveProfile creates the profile', async () => {
    await allowed(saveProfile(as(env, 'ana'), 'ana', '  Ana Lima '));
    await denied(saveProfile(as(env, 'ben'), 'ana', 'Not Ana'));
  });

  it("signs up after the server made the profile (onUserCreated): the typed name replaces the server's", async () => {
    const made = { displayName: 'New user', nameLower: 'new user', photoURL: null, createdAt: at(-1000) };
    await seed(env, { 'users/ana': made, 'users/cy': made });
    await allowed(saveProfile(as(env, 'ana'), 'ana', '  Ana Lima '));
    const profile = await getDoc(doc(as(env, 'ana'), 'users', 'ana'));
    expect(profile.data()).toMatchObject({ displayName: 'Ana Lima', nameLower: 'ana lima', photoURL: null });
    // still nobody else's profile, and still no name the rules refuse
    await denied(saveProfile(as(env, 'ben'), 'ana', 'Not Ana'));
    await denied(saveProfile(as(env, 'cy'), 'cy', ' '));
  });

  it('creates #general with its creator as owner, and a second person joins it', async () => {
    // each under the name their profile holds, as the app writes it (stores/users.ts myName)
    await seed(env, {
      'users/ana': profileDoc('ana', { displayName: 'Ana', nameLower: 'ana' }),
      'users/ben': profileDoc('ben', { displayName: 'Ben', nameLower: 'ben' }),
    });
    await allowed(ensureDefaultRoom(as(env, 'ana'), 'ana', 'Ana'));
    const ana = await getDoc(doc(as(env, 'ana'), 'rooms', DEFAULT_ROOM_ID, 'members', 'ana'));
    expect(ana.get('role')).toBe('owner');
    // the second caller finds the room and leaves it alone
    await allowed(ensureDefaultRoom(as(env, 'ben'), 'ben', 'Ben'));
    await allowed(joinPublicRoom(as(env, 'ben'), DEFAULT_ROOM_ID, 'ben', 'Ben'));
    // no group room lists its members: each membership is a member document and its entry in
    // users/{uid}/rooms, readable by its owner alone
    const room = await getDoc(doc(as(env, 'ben'), 'rooms', DEFAULT_ROOM_ID));
    expect(room.get('memberIds')).toBeUndefined();
    expect(room.get('memberCount')).toBe(1);
    for (const uid of ['ana', 'ben']) {
      const entry = await getDoc(doc(as(env, uid), 'users', uid, 'rooms', DEFAULT_ROOM_ID));
      expect(Object.keys(entry.data() ?? {})).toEqual(['joinedAt']);
    }
    await denied(getDoc(doc(as(env, 'ben'), 'users', 'ana', 'rooms', DEFAULT_ROOM_ID)));
    // joining twice is refused (the member document exists)
    await denied(joinPublicRoom(as(env, 'ben'), DEFAULT_ROOM_ID, 'ben', 'Ben'));
  });

  it("searches a room's members by the start of their name (searchMembers): members of a private room, not outsiders", async () => {
    await seedRoom(env, 'priv', 'private', { ana: 'owner', ben: 'member', bob: 'member' });
    // the names the members joined under, as memberDocument wrote them
    const found = await searchMembers(as(env, 'ana'), 'priv', 'NAME B', 10);
    expect(found.map((m) => m.uid)).toEqual(['ben', 'bob']);
    expect(await searchMembers(as(env, 'ana'), 'priv', 'name bo', 10)).toEqual([
      expect.objectContaining({ uid: 'bob' }),
    ]);
    // past the rules' cap the query asks for 100 at most
    expect(await searchMembers(as(env, 'ben'), 'priv', 'name', 500)).toHaveLength(3);
    await denied(searchMembers(as(env, 'eve'), 'priv', 'name', 10));
  });

  it('tells a member from a stranger only from an answer: offline with nothing cached, isMember, readRoom and getProfile wait for the connection', async () => {
    await seedRoom(env, 'unreached', 'private', { ana: 'owner', ben: 'member' });
    await seed(env, { 'users/ana': profileDoc('ana', { displayName: 'Ana', nameLower: 'ana' }) });
    const ben = as(env, 'ben');
    await disableNetwork(ben);
    const member = isMember(ben, 'unreached', 'ben');
    const room = readRoom(ben, 'unreached');
    const profile = getProfile(ben, 'ana');
    // getDoc fails at once here ("the client is offline"), which the room screen took for "not a
    // member" and "private": these answer only once the server does
    const early = await Promise.race([
      Promise.race([member, room, profile]).then(() => 'answered'),
      new Promise((resolve) => setTimeout(() => resolve('waiting'), 500)),
    ]);
    await enableNetwork(ben);
    expect(early).toBe('waiting');
    expect(await member).toBe(true);
    expect((await room)?.kind).toBe('private');
    expect((await profile)?.displayName).toBe('Ana');
    // a stranger is told no: the rules refuse the room and there is no member document
    expect(await isMember(as(env, 'cid'), 'unreached', 'cid')).toBe(false);
    expect(await readRoom(as(env, 'cid'), 'unreached')).toBeNull();
  });

  it('joins a private room by invite: the code goes to joins/{uid}, never onto the member document', async () => {
    const code = 'client-invite-code-0123';
    await seedRoom(env, 'priv', 'private', { ana: 'owner', ben: 'member' });
    await seed(env, {
      [`rooms/priv/invites/${code}`]: inviteDoc('ana'),
      'users/cid': profileDoc('cid'),
    });
    await denied(joinRoom(as(env, 'cid'), 'priv', 'cid', 'Name cid'));
    await allowed(joinRoom(as(env, 'cid'), 'priv', 'cid', 'Name cid', code));
    const member = await getDoc(doc(as(env, 'ben'), 'rooms', 'priv', 'members', 'cid'));
    expect(member.data()).not.toHaveProperty('via');
    expect(JSON.stringify(member.data())).not.toContain(code);
    expect((await getDoc(doc(as(env, 'cid'), 'rooms', 'priv', 'joins', 'cid'))).data()).toEqual({ code });
    // leaving takes the code along
    await allowed(leaveRoom(as(env, 'cid'), 'priv', 'cid'));
    expect((await getDoc(doc(as(env, 'cid'), 'rooms', 'priv', 'joins', 'cid'))).exists()).toBe(false);
  });

  it('sends a message with its ledger in one batch; a non-member cannot', async () => {
    await seedRoom(env, 'r1', 'public', { ana: 'owner' });
    await allowed(send('ana', 'r1', 'Hello World, hello'));
    const sent = await getDoc(doc(as(env, 'ana'), 'ledgers', 'ana'));
    expect(sent.get('n')).toBe(1);
    await denied(send('ben', 'r1', 'let me in'));
  });

  it('replays a burst of 10 messages queued offline on reconnect, then refuses the 11th within 10 s', async () => {
    await seedRoom(env, 'r1', 'public', { ana: 'owner' });
    // 37 earlier sends, all older than the window
    const old: Record<string, unknown> = {};
    for (let i = 0; i < RATE_LIMIT_COUNT; i++) old[String(i)] = at(-60_000 - i * 1000);
    await seed(env, { 'ledgers/ana': { n: 37, at: old, roomId: 'r1', messageId: 'm-old' } });

    const db = as(env, 'ana');
    // a live listener keeps the ledger in the cache, as the app's would
    const stop = await new Promise<() => void>((resolve) => {
      const unsubscribe = onSnapshot(doc(db, 'ledgers', 'ana'), () => resolve(unsubscribe));
    });
    await disableNetwork(db);
    const queued = Array.from({ length: RATE_LIMIT_COUNT }, (_, i) => send('ana', 'r1', `queued ${i}`, db));
    await enableNetwork(db);
    await Promise.all(queued.map((sent) => allowed(sent)));
    stop();

    const ledger = await getDoc(doc(db, 'ledgers', 'ana'));
    expect(ledger.get('n')).toBe(37 + RATE_LIMIT_COUNT);
    await denied(send('ana', 'r1', 'one too many', db));
  });

  it('a refused send does not take the sends queued behind it down: they go out again with the ledger the server has', async () => {
    // ana sends in a room she has left (refused) and, queued behind it, in her own room: the
    // second batch carries the ledger number after the first, which the server never moved to
    await seedRoom(env, 'r1', 'public', { ana: 'owner' });
    await seedRoom(env, 'gone', 'public', { ben: 'owner' });
    const db = as(env, 'ana');
    await allowed(send('ana', 'r1', 'first', db));
    await disableNetwork(db);
    const refused = send('ana', 'gone', 'not a member here', db);
    const behind = send('ana', 'r1', 'still a member here', db);
    await enableNetwork(db);
    await denied(refused);
    await allowed(behind);
    expect((await getDoc(doc(db, 'ledgers', 'ana'))).get('n')).toBe(2);
  });

  it('blocks and unblocks in one batch each: a second blocker of the same person, and never for someone else', async () => {
    await allowed(blockUser(as(env, 'ana'), 'ana', 'ben'));
    // blocking twice is refused (the block exists); a second blocker adds to blockedBy/ben
    await denied(blockUser(as(env, 'ana'), 'ana', 'ben'));
    await allowed(blockUser(as(env, 'cy'), 'cy', 'ben'));
    await denied(blockUser(as(env, 'ben'), 'ana', 'cy'));
    await denied(unblockUser(as(env, 'ben'), 'ana', 'ben'));
    await denied(blockUser(as(env, 'ana'), 'ana', 'ana'));
    const uids = await new Promise<string[]>((resolve, reject) => {
      const stop = subscribeBlocks(
        as(env, 'ana'),
        'ana',
        (u) => {
          stop();
          resolve(u);
        },
        reject,
      );
    });
    expect(uids).toEqual(['ben']);
    await allowed(unblockUser(as(env, 'ana'), 'ana', 'ben'));
    await allowed(unblockUser(as(env, 'cy'), 'cy', 'ben'));
    // and again, with blockedBy/ben present and empty
    await allowed(blockUser(as(env, 'ana'), 'ana', 'ben'));
  });

  it("edits a room's blocklist term by term (the first creates the config), by its owner and admins only", async () => {
    await seedRoom(env, 'r1', 'public', { ana: 'owner', adi: 'admin', ben: 'member' });
    const config = () => getDoc(doc(as(env, 'ana'), 'rooms', 'r1', 'config', 'moderation'));
    await allowed(setBlockedTerm(as(env, 'ana'), 'r1', 'grapefruit', 'hide'));
    await allowed(setBlockedTerm(as(env, 'adi'), 'r1', 'spam*', 'mask'));
    await allowed(setBlockedTerm(as(env, 'adi'), 'r1', 'a.b c', 'mask'));
    await allowed(setBlockedTerm(as(env, 'ana'), 'r1', 'grapefruit', 'mask'));
    expect((await config()).get('terms')).toEqual({ grapefruit: 'mask', 'spam*': 'mask', 'a.b c': 'mask' });
    await allowed(setBlockedTerm(as(env, 'ana'), 'r1', 'grapefruit', null));
    expect((await config()).get('terms')).toEqual({ 'spam*': 'mask', 'a.b c': 'mask' });
    expect((await config()).get('reportThreshold')).toBe(DEFAULT_REPORT_THRESHOLD);
    await denied(setBlockedTerm(as(env, 'ben'), 'r1', 'ana', 'hide'));
  });

  it("edits a config written before terms became a map, and the app's blocklist as an app admin only", async () => {
    await seedRoom(env, 'r1', 'public', { ana: 'owner' });
    await seed(env, {
      'rooms/r1/config/moderation': {
        terms: [{ term: 'old', severity: 'hide' }],
        reportThreshold: 2,
        maxLinks: 5,
        maxMentions: 10,
      },
    });
    await allowed(setBlockedTerm(as(env, 'ana'), 'r1', 'new', 'mask'));
    const room = await getDoc(doc(as(env, 'ana'), 'rooms', 'r1', 'config', 'moderation'));
    expect(room.get('terms')).toEqual({ old: 'hide', new: 'mask' });
    await allowed(setBlockedTerm(as(env, 'root', { admin: true }), null, 'scam', 'hide'));
    await denied(setBlockedTerm(as(env, 'ana'), null, 'scam', 'allow'));
  });

  it("warms a room's latest messages for its conversation: handed over once the server has answered, once, from one listener its holders share", async () => {
    await seedRoom(env, 'r1', 'public', { ana: 'owner' });
    const messages = [1, 2, 3].map((i) => [
      `rooms/r1/messages/m${i}`,
      storedMessage('ana', { createdAt: at(-10_000 + i * 1_000) }),
    ]);
    await seed(env, Object.fromEntries(messages));
    const db = as(env, 'ana');
    // ChatView's askFirst and the messages store's warmUp ask for the same room
    const first = warmLatestMessages(db, 'r1');
    const second = warmLatestMessages(db, 'r1');
    // nothing before the server has answered: the cache alone may hold any part of the room
    expect(takeWarmWindow('r1')).toBeNull();
    // one holder letting go leaves the listener to the other
    first();
    let window: readonly MessageDoc[] | null = null;
    await expect.poll(() => (window = takeWarmWindow('r1')), { timeout: 20_000 }).not.toBeNull();
    // newest first, as the conversation's own window
    expect(window!.map((m) => m.id)).toEqual(['m3', 'm2', 'm1']);
    // the conversation's listener takes over from it: handed over once
    expect(takeWarmWindow('r1')).toBeNull();
    second();
  });

  it('reads my rooms by id, ten to a listener: every room in the first value; a room taken from me or never mine to read left out, the others kept; a new one shown', async () => {
    const groups = Array.from({ length: 13 }, (_, i) => `club${String(i).padStart(2, '0')}`);
    for (const [i, id] of groups.entries())
      await seedRoom(env, id, i % 3 === 0 ? 'public' : 'private', { ana: 'owner', cid: 'member' });
    await seedRoom(env, directRoomId('ana', 'cid'), 'direct', { ana: 'member', cid: 'member' });
    // a list entry for a private room whose member cid is not (seeded past the rules): the rules
    // refuse any query that names it, and a get of it
    await seedRoom(env, 'vault', 'private', { ben: 'owner' });
    await seed(env, { [listingPath('cid', 'vault')]: listingDoc() });
    expect(groups.length).toBeGreaterThan(ROOMS_PER_LISTENER);
    const values: string[][] = [];
    const errors: Error[] = [];
    const stop = subscribeMyRooms(
      as(env, 'cid'),
      'cid',
      (rooms) => values.push(rooms.map((r) => r.id).sort()),
      (error) => errors.push(error),
    );
    const mine = [...groups, directRoomId('ana', 'cid')].sort();
    await expect.poll(() => values.at(-1), { timeout: 20_000 }).toEqual(mine);
    // not filled in one listener at a time, nor shown without the rooms of the refused listener
    expect(values[0]).toEqual(mine);
    // taken out of a private room by its owner (member document and list entry in one batch)
    await env.withSecurityRulesDisabled(async (c) => {
      await deleteDoc(doc(c.firestore(), 'rooms/club01/members/cid'));
      await deleteDoc(doc(c.firestore(), listingPath('cid', 'club01')));
    });
    const afterRemoval = mine.filter((id) => id !== 'club01');
    await expect.poll(() => values.at(-1), { timeout: 20_000 }).toEqual(afterRemoval);
    // a room joined later shows with the others
    await seedRoom(env, 'later', 'public', { ana: 'owner', cid: 'member' });
    await expect.poll(() => values.at(-1), { timeout: 20_000 }).toEqual([...afterRemoval, 'later'].sort());
    stop();
    expect(errors).toEqual([]);
  });
});
