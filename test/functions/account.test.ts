import { memberDocument, roomDocument, type RoomKind, type RoomRole } from '@chat/shared';
import { FieldValue } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { DELETED_NAME, deleteAccountData, exportAccountData, type ExportPage } from '../../functions/src/lib/account';
import { uniqueId } from '../support/env';
import {
  addMessage,
  adminAuth,
  anonymousClient,
  codeOf,
  direct,
  messageData,
  signedInClient,
  triggered,
} from './support';

const member = (uid: string, role: RoomRole) =>
  memberDocument({ uid, role, displayName: `Member ${uid}`, joinedAt: FieldValue.serverTimestamp() });
/** A room and its memberships (the first member the creator): member documents and room-list entries. */
function seedRoom(
  db: FirebaseFirestore.Firestore,
  batch: FirebaseFirestore.WriteBatch,
  roomId: string,
  kind: RoomKind,
  members: [string, RoomRole][],
) {
  const memberIds = members.map(([uid]) => uid);
  batch.set(
    db.doc(`rooms/${roomId}`),
    roomDocument({
      kind,
      name: kind === 'direct' ? '' : 'room',
      createdBy: memberIds[0]!,
      createdAt: FieldValue.serverTimestamp(),
      memberIds: kind === 'direct' ? [...memberIds].sort() : [],
      memberCount: members.length,
    }),
  );
  for (const [uid, role] of members) {
    batch.set(db.doc(`rooms/${roomId}/members/${uid}`), member(uid, role));
    batch.set(db.doc(`users/${uid}/rooms/${roomId}`), { joinedAt: FieldValue.serverTimestamp() });
  }
}

/** A person with everything an account gathers: rooms (one they own), a DM, messages, blocks, message requests both ways. */
async function seedPerson(db: FirebaseFirestore.Firestore) {
  const uid = uniqueId('gone');
  const [adm, mem, friend, blocked] = ['adm', 'mem', 'fr', 'bl'].map((p) => uniqueId(p)) as [
    string,
    string,
    string,
    string,
  ];
  const owned = uniqueId('owned');
  const joined = uniqueId('joined');
  const dm = [uid, friend].sort().join('_');
  const dmId = `dm_${dm}`;
  // a stranger's request to them (its room is beside the point here), and theirs to the friend
  const stranger = uniqueId('st');
  const inboundId = `dm_${[uid, stranger].sort().join('_')}`;
  const request = (from: string, to: string) => ({
    from,
    to,
    via: null,
    createdAt: FieldValue.serverTimestamp(),
    acceptedAt: null,
  });
  const batch = db.batch();
  batch.set(db.doc(`requests/${dmId}`), request(uid, friend));
  batch.set(db.doc(`requests/${inboundId}`), request(stranger, uid));
  batch.set(db.doc(`users/${uid}`), {
    displayName: 'Gone Soon',
    nameLower: 'gone soon',
    photoURL: null,
    createdAt: FieldValue.serverTimestamp(),
  });
  batch.set(db.doc(`users/${uid}/settings/notifications`), { rooms: { [owned]: 'all' } });
  batch.set(db.doc(`users/${uid}/reads/${owned}`), {
    lastReadAt: FieldValue.serverTimestamp(),
    lastReadId: 'x',
    updatedAt: FieldValue.serverTimestamp(),
  });
  batch.set(db.doc(`users/${uid}/blocks/${blocked}`), { createdAt: FieldValue.serverTimestamp() });
  batch.set(db.doc(`users/${uid}/threadReads/${owned}:t1`), {
    roomId: owned,
    threadId: 't1',
    lastReadAt: FieldValue.serverTimestamp(),
  });
  batch.set(db.doc(`users/${uid}/activity/m1`), { roomId: owned, at: FieldValue.serverTimestamp() });
  // a room-list entry whose member document is gone (written past the rules, which pair them)
  batch.set(db.doc(`users/${uid}/rooms/orphan-${owned}`), { joinedAt: FieldValue.serverTimestamp() });
  batch.set(db.doc(`blockedBy/${blocked}`), { uids: [uid, 'someone-else'] });
  batch.set(db.doc(`presence/${uid}`), { state: 'online', lastSeen: FieldValue.serverTimestamp() });
  batch.set(db.doc(`ledgers/${uid}`), { n: 1, at: {}, roomId: owned, messageId: 'x' });
  batch.set(db.doc(`nameLedgers/${uid}`), { n: 1, at: { '0': FieldValue.serverTimestamp() } });
  const stamp = FieldValue.serverTimestamp();
  batch.set(db.doc(`editLedgers/${uid}`), { n: 1, at: { '0': stamp }, roomId: owned, messageId: 'm1' });
  batch.set(db.doc(`roomNameLedgers/${uid}`), { n: 1, at: { '0': stamp }, roomId: owned });
  // when their last join to the room they belong to was announced
  batch.set(db.doc(`rooms/${joined}/noticeMarks/${uid}`), { joined: { at: stamp, eventId: 'e1' } });
  batch.set(db.doc(`uploadLedgers/${uid}`), { since: stamp, bytes: 10, at: stamp, roomId: owned, attachmentId: 'a1' });
  seedRoom(db, batch, owned, 'public', [
    [uid, 'owner'],
    [mem, 'member'],
    [adm, 'admin'],
  ]);
  seedRoom(db, batch, joined, 'private', [
    [mem, 'owner'],
    [uid, 'member'],
  ]);
  batch.set(db.doc(`rooms/${joined}/joins/${uid}`), { code: 'invite-code-of-this-room' });
  batch.set(db.doc(`rooms/${owned}/renames/${uid}`), { name: owned, at: FieldValue.serverTimestamp() });
  seedRoom(db, batch, dmId, 'direct', [
    [uid, 'member'],
    [friend, 'member'],
  ]);
  await batch.commit();
  const messages = {
    inOwned: await addMessage(db, owned, uid, 'first words', { authorName: 'Gone Soon' }),
    inDm: await addMessage(db, dmId, uid, 'a private word', { authorName: 'Gone Soon' }),
    byOther: await addMessage(db, owned, mem, 'a reply'),
  };
  return { uid, adm, mem, friend, blocked, owned, joined, dmId, inboundId, messages };
}

describe('deleting an account (lib/account.ts)', () => {
  it('removes the profile, personal documents, memberships and the Auth account; messages stay as from "Deleted user"', async () => {
    const db = direct();
    const p = await seedPerson(db);
    await adminAuth().createUser({
      uid: p.uid,
      email: `${p.uid.toLowerCase()}@example.com`,
      password: 'secret-pass-1',
    });

    const result = await deleteAccountData(db, adminAuth(), p.uid);
    expect(result).toMatchObject({ memberships: 3, messages: 2, transferred: [p.owned] });

    const exists = async (path: string) => (await db.doc(path).get()).exists;
    for (const path of [
      `users/${p.uid}`,
      `users/${p.uid}/settings/notifications`,
      `users/${p.uid}/reads/${p.owned}`,
      `users/${p.uid}/blocks/${p.blocked}`,
      `users/${p.uid}/threadReads/${p.owned}:t1`,
      `users/${p.uid}/activity/m1`,
      `users/${p.uid}/rooms/orphan-${p.owned}`,
      `presence/${p.uid}`,
      `ledgers/${p.uid}`,
      `nameLedgers/${p.uid}`,
      `uploadLedgers/${p.uid}`,
      `editLedgers/${p.uid}`,
      `roomNameLedgers/${p.uid}`,
      `rooms/${p.joined}/noticeMarks/${p.uid}`,
      `rooms/${p.owned}/members/${p.uid}`,
      `rooms/${p.joined}/members/${p.uid}`,
      `rooms/${p.joined}/joins/${p.uid}`,
      `rooms/${p.owned}/renames/${p.uid}`,
      `rooms/${p.dmId}/members/${p.uid}`,
      // each membership's room-list entry goes with its member document
      `users/${p.uid}/rooms/${p.owned}`,
      `users/${p.uid}/rooms/${p.joined}`,
      `users/${p.uid}/rooms/${p.dmId}`,
      `requests/${p.dmId}`,
      `requests/${p.inboundId}`,
    ]) {
      expect(await exists(path), path).toBe(false);
    }
    expect(await exists(`deletedAccounts/${p.uid}`)).toBe(true);
    expect((await db.doc(`blockedBy/${p.blocked}`).get()).get('uids')).toEqual(['someone-else']);
    // the longest-standing admin owns the room now; the member list no longer names the person
    expect((await db.doc(`rooms/${p.owned}/members/${p.adm}`).get()).get('role')).toBe('owner');
    const memberIds = async (roomId: string) =>
      (await db.collection(`rooms/${roomId}/members`).get()).docs.map((d) => d.id).sort();
    expect(await memberIds(p.owned)).toEqual([p.mem, p.adm].sort());
    expect(await memberIds(p.joined)).toEqual([p.mem]);
    expect((await db.collection(`users/${p.uid}/rooms`).get()).empty).toBe(true);
    // the others keep their memberships, listed in their room lists
    for (const [uid, roomId] of [
      [p.mem, p.owned],
      [p.adm, p.owned],
      [p.mem, p.joined],
      [p.friend, p.dmId],
    ] as const) {
      expect(await exists(`rooms/${roomId}/members/${uid}`), `${uid} in ${roomId}`).toBe(true);
      expect(await exists(`users/${uid}/rooms/${roomId}`), `${roomId} listed for ${uid}`).toBe(true);
    }
    // the friend keeps the conversation, still under the pair's id, its pair and count as they were
    expect((await db.doc(`rooms/${p.dmId}`).get()).data()).toMatchObject({
      memberIds: [p.uid, p.friend].sort(),
      memberCount: 2,
    });
    for (const [roomId, id] of [
      [p.owned, p.messages.inOwned],
      [p.dmId, p.messages.inDm],
    ] as const) {
      const message = (await db.doc(`rooms/${roomId}/messages/${id}`).get()).data();
      expect(message).toMatchObject({ authorId: p.uid, authorName: DELETED_NAME, deleted: false });
      expect(message?.text).not.toBe('');
    }
    expect((await db.doc(`rooms/${p.owned}/messages/${p.messages.byOther}`).get()).get('authorName')).toBe(
      `Member ${p.mem}`,
    );
    await expect(adminAuth().getUser(p.uid)).rejects.toMatchObject({ code: 'auth/user-not-found' });
    // deleting again finds nothing left and does not fail
    await expect(deleteAccountData(db, adminAuth(), p.uid)).resolves.toMatchObject({ memberships: 0 });
  });
});

describe('downloading your data (lib/account.ts)', () => {
  it('holds the profile, settings, memberships, blocks, message requests and every message, page by page', async () => {
    const db = direct();
    const p = await seedPerson(db);
    for (let i = 0; i < 3; i++) await addMessage(db, p.joined, p.uid, `more ${i}`, { authorName: 'Gone Soon' });
    const first = await exportAccountData(db, p.uid, {}, 2);
    expect(first.profile).toMatchObject({ displayName: 'Gone Soon' });
    expect(first.settings).toEqual({ rooms: { [p.owned]: 'all' } });
    expect(first.memberships.map((m) => m.room).sort()).toEqual([p.owned, p.joined, p.dmId].sort());
    expect(first.blocks).toEqual([p.blocked]);
    const requests = Object.fromEntries(first.requests.map((r) => [String(r.room), r]));
    expect(first.requests).toHaveLength(2);
    expect(requests[p.dmId]).toMatchObject({ from: p.uid, to: p.friend, via: null, acceptedAt: null });
    expect(requests[p.inboundId]).toMatchObject({ to: p.uid, createdAt: expect.any(String) });
    expect(first.renames).toEqual([{ room: p.owned, name: p.owned, at: expect.any(String) }]);
    const messages = [...first.messages];
    let next = first.next;
    let pages = 1;
    while (next) {
      const page: ExportPage = await exportAccountData(db, p.uid, { after: next }, 2);
      expect(page.profile).toBeNull();
      messages.push(...page.messages);
      next = page.next;
      pages++;
    }
    expect(pages).toBe(3);
    expect(messages.map((m) => m.text).sort()).toEqual(['a private word', 'first words', 'more 0', 'more 1', 'more 2']);
    expect(messages.every((m) => typeof m.createdAt === 'string' && m.room)).toBe(true);
    // someone else's message is no cursor into this person's data
    await expect(
      exportAccountData(db, p.uid, { after: `rooms/${p.owned}/messages/${p.messages.byOther}` }),
    ).rejects.toThrow('invalid cursor');
  });
});

describe('the account callables on the emulator', () => {
  it('exportMyData answers the caller only, with their profile; deleteAccount needs its confirmation', async () => {
    const db = triggered();
    const uid = uniqueId('Acct');
    const client = await signedInClient(uid);
    await db
      .doc(`users/${uid}`)
      .set({ displayName: 'Acct', nameLower: 'acct', photoURL: null, createdAt: FieldValue.serverTimestamp() });
    await db.doc(`rooms/r-${uid}/messages/m1`).set(messageData(uid, 'mine'));
    const page = await client.call<ExportPage>('exportMyData', {});
    expect(page.profile).toMatchObject({ displayName: 'Acct' });
    expect(page.messages.map((m) => m.text)).toEqual(['mine']);
    expect(await codeOf(client.call('exportMyData', { after: '../../users/x' }))).toBe('functions/invalid-argument');
    expect(await codeOf(client.call('deleteAccount', {}))).toBe('functions/invalid-argument');
    expect((await db.doc(`users/${uid}`).get()).exists).toBe(true);

    const result = await client.call<{ messages: number }>('deleteAccount', { confirm: 'delete' });
    expect(result.messages).toBe(1);
    expect((await db.doc(`users/${uid}`).get()).exists).toBe(false);
    expect((await db.doc(`rooms/r-${uid}/messages/m1`).get()).get('authorName')).toBe(DELETED_NAME);
    await expect(adminAuth().getUser(uid)).rejects.toMatchObject({ code: 'auth/user-not-found' });
    await client.close();
  }, 120_000);

  it('refuses callers who are not signed in', async () => {
    const anon = anonymousClient();
    expect(await codeOf(anon.call('deleteAccount', { confirm: 'delete' }))).toBe('functions/unauthenticated');
    expect(await codeOf(anon.call('exportMyData', {}))).toBe('functions/unauthenticated');
    await anon.close();
  }, 60_000);
});
