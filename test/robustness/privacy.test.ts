/**
 * Private rooms stay private: through every read the Firebase JS SDK offers (get, list, collection
 * group, count, live listeners), a signed-in non-member learns nothing of a private room, and a
 * signed-out client reads nothing at all. Member reads of the same paths succeed, so a denial is
 * the rules at work, not a broken fixture.
 */
import { memberDocument, roomDocument, textMessage } from '@chat/shared';
import { FieldValue, Timestamp as AdminTimestamp } from 'firebase-admin/firestore';
import {
  collection,
  collectionGroup,
  doc,
  getCountFromServer,
  getDoc,
  getDocs,
  limit,
  onSnapshot,
  orderBy,
  query,
  where,
  type DocumentReference,
  type Firestore,
  type Query,
} from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '../support/env';
import { adminDb } from './support/admin';
import { newClient, newSimUser, type Client, type SimUser } from './support/clients';

type Probe = { what: string; run: (db: Firestore) => Promise<unknown> };

function getProbe(what: string, ref: (db: Firestore) => DocumentReference): Probe {
  return { what: `get ${what}`, run: (db) => getDoc(ref(db)) };
}
function listProbe(what: string, q: (db: Firestore) => Query): Probe {
  return { what: `list ${what}`, run: (db) => getDocs(q(db)) };
}
function countProbe(what: string, q: (db: Firestore) => Query): Probe {
  return { what: `count ${what}`, run: (db) => getCountFromServer(q(db)) };
}
function listenProbe(what: string, q: (db: Firestore) => Query): Probe {
  return {
    what: `listen ${what}`,
    run: (db) =>
      new Promise((resolve, reject) => {
        const stop = onSnapshot(
          q(db),
          (snap) => {
            stop();
            resolve(snap);
          },
          reject,
        );
      }),
  };
}

async function outcome(probe: Probe, db: Firestore): Promise<string> {
  try {
    await probe.run(db);
    return 'allowed';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe('privacy of a private room', () => {
  const roomId = uniqueId('priv');
  const publicRoomId = uniqueId('pub');
  const messageId = uniqueId('m');
  const secretName = `secret plans ${roomId}`;
  let owner: SimUser;
  let member: SimUser;
  let outsider: SimUser;
  let anonymous: Client;

  beforeAll(async () => {
    [owner, member, outsider] = await Promise.all([newSimUser('owner'), newSimUser('member'), newSimUser('outsider')]);
    anonymous = newClient('anonymous');
    const admin = adminDb();
    const now = FieldValue.serverTimestamp();
    const batch = admin.batch();
    const room = admin.doc(`rooms/${roomId}`);
    for (const u of [owner, member, outsider]) {
      batch.set(admin.doc(`users/${u.uid}`), {
        displayName: u.name,
        nameLower: u.name.toLowerCase(),
        photoURL: null,
        createdAt: now,
      });
    }
    batch.set(
      room,
      roomDocument({
        kind: 'private',
        name: secretName,
        topic: 'nobody else may know',
        createdBy: owner.uid,
        createdAt: now,
        // a group room lists no members, it counts them: its members are its member documents,
        // each in its member's room list
        memberCount: 2,
        lastMessage: { id: messageId, authorId: owner.uid, authorName: owner.name, excerpt: 'the secret', at: now },
        lastMessageAt: now,
        messageCount: 1,
      }),
    );
    for (const [u, role] of [
      [owner, 'owner'],
      [member, 'member'],
    ] as const) {
      batch.set(
        room.collection('members').doc(u.uid),
        memberDocument({ uid: u.uid, role, displayName: u.name, joinedAt: now }),
      );
      batch.set(admin.doc(`users/${u.uid}/rooms/${roomId}`), { joinedAt: now });
      batch.set(room.collection('typing').doc(u.uid), { at: now, displayName: u.name, threadId: null });
      batch.set(admin.doc(`users/${u.uid}/reads/${roomId}`), {
        lastReadAt: now,
        lastReadId: messageId,
        updatedAt: now,
      });
    }
    batch.set(
      room.collection('messages').doc(messageId),
      textMessage({ authorId: owner.uid, authorName: owner.name, text: 'the secret', createdAt: now }),
    );
    // the owner's reaction to it: which emoji, and that they reacted at all
    batch.set(room.collection('messages').doc(messageId).collection('reactions').doc(owner.uid), { emojis: ['👍'] });
    // the send ledger and the slow-mode stamp name the private room and its message
    batch.set(admin.doc(`ledgers/${owner.uid}`), { n: 1, at: { '0': now }, roomId, messageId });
    batch.set(room.collection('slowMode').doc(owner.uid), { at: now, messageId });
    // when the owner's last join was announced (server only)
    batch.set(room.collection('noticeMarks').doc(owner.uid), { joined: { at: now, eventId: 'e1' } });
    batch.set(admin.doc(`roomLedgers/${owner.uid}`), { n: 1, at: { '0': now }, roomId });
    // when the owner last changed their name
    batch.set(admin.doc(`nameLedgers/${owner.uid}`), { n: 1, at: { '0': now } });
    // when the owner last edited, and which message
    batch.set(admin.doc(`editLedgers/${owner.uid}`), { n: 1, at: { '0': now }, roomId, messageId });
    // when the owner last changed a room's name or topic, and which room
    batch.set(admin.doc(`roomNameLedgers/${owner.uid}`), { n: 1, at: { '0': now }, roomId });
    // how much the owner uploaded today, and to which room
    batch.set(admin.doc(`uploadLedgers/${owner.uid}`), { since: now, bytes: 10, at: now, roomId, attachmentId: 'a1' });
    batch.set(room.collection('receipts').doc('summary'), {
      reads: { [owner.uid]: { at: AdminTimestamp.now(), messageId, name: owner.name } },
      updatedAt: now,
    });
    batch.set(room.collection('invites').doc(uniqueId('code')), {
      createdBy: owner.uid,
      createdAt: now,
      expiresAt: null,
      revoked: true,
    });
    batch.set(
      admin.doc(`rooms/${publicRoomId}`),
      roomDocument({
        kind: 'public',
        name: `open ${publicRoomId}`,
        createdBy: owner.uid,
        createdAt: now,
      }),
    );
    batch.set(
      admin.doc(`rooms/${publicRoomId}/members/${owner.uid}`),
      memberDocument({ uid: owner.uid, role: 'owner', displayName: owner.name, joinedAt: now }),
    );
    batch.set(admin.doc(`users/${owner.uid}/rooms/${publicRoomId}`), { joinedAt: now });
    batch.set(admin.doc(`presence/${owner.uid}`), { state: 'online', lastSeen: now });
    await batch.commit();
  });

  afterAll(async () => {
    await Promise.all([owner, member, outsider, anonymous].filter(Boolean).map((c) => c.close()));
  });

  const rooms = (db: Firestore) => collection(db, 'rooms');
  const room = (db: Firestore) => doc(db, 'rooms', roomId);
  const sub = (name: string) => (db: Firestore) => collection(db, 'rooms', roomId, name);
  const reactions = (db: Firestore) => collection(db, 'rooms', roomId, 'messages', messageId, 'reactions');

  // Every way the SDK lets a client ask about the private room, its people and its traffic.
  const privateProbes = (): Probe[] => [
    getProbe('the room', room),
    listProbe('rooms of kind private', (db) => query(rooms(db), where('kind', '==', 'private'), limit(10))),
    // the old query of a member's rooms (no room document lists its members any more)
    listProbe('rooms containing the owner', (db) =>
      query(rooms(db), where('memberIds', 'array-contains', owner.uid), limit(10)),
    ),
    // the room lists that name the private room
    getProbe("the owner's room-list entry", (db) => doc(db, 'users', owner.uid, 'rooms', roomId)),
    listProbe("the owner's room list", (db) => query(collection(db, 'users', owner.uid, 'rooms'), limit(10))),
    countProbe("the owner's room list", (db) => query(collection(db, 'users', owner.uid, 'rooms'))),
    listenProbe("the owner's room list", (db) => query(collection(db, 'users', owner.uid, 'rooms'), limit(10))),
    listProbe('collection group rooms', (db) => query(collectionGroup(db, 'rooms'), limit(10))),
    listProbe('all rooms', (db) => query(rooms(db), limit(100))),
    listProbe('rooms by name', (db) => query(rooms(db), where('name', '==', secretName), limit(1))),
    countProbe('rooms of kind private', (db) => query(rooms(db), where('kind', '==', 'private'))),
    countProbe('all rooms', (db) => query(rooms(db))),
    listenProbe('the room list', (db) => query(rooms(db), where('kind', '==', 'private'), limit(10))),
    getProbe('a member', (db) => doc(db, 'rooms', roomId, 'members', owner.uid)),
    listProbe('members', (db) => query(sub('members')(db), limit(10))),
    countProbe('members', (db) => query(sub('members')(db))),
    getProbe('a message', (db) => doc(db, 'rooms', roomId, 'messages', messageId)),
    listProbe('messages', (db) => query(sub('messages')(db), orderBy('createdAt', 'desc'), limit(50))),
    countProbe('messages', (db) => query(sub('messages')(db))),
    listenProbe('messages', (db) => query(sub('messages')(db), orderBy('createdAt', 'desc'), limit(50))),
    getProbe("the owner's reaction", (db) => doc(db, 'rooms', roomId, 'messages', messageId, 'reactions', owner.uid)),
    listProbe('reactions', (db) => query(reactions(db), limit(10))),
    countProbe('reactions', (db) => query(reactions(db))),
    listenProbe('reactions', (db) => query(reactions(db), limit(10))),
    listProbe('collection group reactions', (db) => query(collectionGroup(db, 'reactions'), limit(10))),
    getProbe('typing', (db) => doc(db, 'rooms', roomId, 'typing', owner.uid)),
    listProbe('typing', (db) => query(sub('typing')(db), limit(10))),
    countProbe('typing', (db) => query(sub('typing')(db))),
    getProbe('the receipt summary', (db) => doc(db, 'rooms', roomId, 'receipts', 'summary')),
    listProbe('receipts', (db) => query(sub('receipts')(db), limit(10))),
    getProbe("the owner's send ledger", (db) => doc(db, 'ledgers', owner.uid)),
    getProbe("the owner's slow-mode stamp", (db) => doc(db, 'rooms', roomId, 'slowMode', owner.uid)),
    listProbe('slow-mode stamps', (db) => query(sub('slowMode')(db), limit(10))),
    getProbe("the owner's notice marks", (db) => doc(db, 'rooms', roomId, 'noticeMarks', owner.uid)),
    listProbe('notice marks', (db) => query(sub('noticeMarks')(db), limit(10))),
    getProbe("the owner's room-creation ledger", (db) => doc(db, 'roomLedgers', owner.uid)),
    listProbe('send ledgers', (db) => query(collection(db, 'ledgers'), limit(10))),
    getProbe("the owner's name ledger", (db) => doc(db, 'nameLedgers', owner.uid)),
    listProbe('name ledgers', (db) => query(collection(db, 'nameLedgers'), limit(10))),
    getProbe("the owner's edit ledger", (db) => doc(db, 'editLedgers', owner.uid)),
    listProbe('edit ledgers', (db) => query(collection(db, 'editLedgers'), limit(10))),
    getProbe("the owner's room name ledger", (db) => doc(db, 'roomNameLedgers', owner.uid)),
    listProbe('room name ledgers', (db) => query(collection(db, 'roomNameLedgers'), limit(10))),
    getProbe("the owner's upload ledger", (db) => doc(db, 'uploadLedgers', owner.uid)),
    listProbe('upload ledgers', (db) => query(collection(db, 'uploadLedgers'), limit(10))),
    listProbe('invites', (db) => query(sub('invites')(db), limit(10))),
    getProbe("the owner's read cursor", (db) => doc(db, 'users', owner.uid, 'reads', roomId)),
    listProbe("the owner's read cursors", (db) => query(collection(db, 'users', owner.uid, 'reads'), limit(10))),
    listProbe('collection group messages', (db) => query(collectionGroup(db, 'messages'), limit(10))),
    listProbe('collection group messages by author', (db) =>
      query(collectionGroup(db, 'messages'), where('authorId', '==', owner.uid), limit(10)),
    ),
    countProbe('collection group messages', (db) => query(collectionGroup(db, 'messages'))),
    listProbe('collection group members of the owner', (db) =>
      query(collectionGroup(db, 'members'), where('uid', '==', owner.uid), limit(10)),
    ),
    listProbe('collection group typing', (db) => query(collectionGroup(db, 'typing'), limit(10))),
    listProbe('collection group receipts', (db) => query(collectionGroup(db, 'receipts'), limit(10))),
    listProbe('collection group reads', (db) => query(collectionGroup(db, 'reads'), limit(10))),
    countProbe('collection group reads', (db) => query(collectionGroup(db, 'reads'))),
  ];

  it('lets a member read the room, its people and its traffic (the fixture is real)', async () => {
    const allowedToMember: Probe[] = [
      getProbe('the room', room),
      getProbe('my room-list entry', (db) => doc(db, 'users', member.uid, 'rooms', roomId)),
      listProbe('my room list', (db) => query(collection(db, 'users', member.uid, 'rooms'), limit(10))),
      listProbe('members', (db) => query(sub('members')(db), limit(10))),
      getProbe('a message', (db) => doc(db, 'rooms', roomId, 'messages', messageId)),
      listProbe('messages', (db) => query(sub('messages')(db), orderBy('createdAt', 'desc'), limit(50))),
      getProbe("the owner's reaction", (db) => doc(db, 'rooms', roomId, 'messages', messageId, 'reactions', owner.uid)),
      listProbe('reactions', (db) => query(reactions(db), limit(10))),
    ];
    const results = await Promise.all(allowedToMember.map(async (p) => [p.what, await outcome(p, member.db)]));
    expect(Object.fromEntries(results)).toEqual(Object.fromEntries(allowedToMember.map((p) => [p.what, 'allowed'])));
    const snap = await getDoc(room(member.db));
    expect(snap.get('name')).toBe(secretName);
    // the room list names the room, which the member then reads by id (as the app does)
    const list = await getDocs(query(collection(member.db, 'users', member.uid, 'rooms'), limit(10)));
    expect(list.docs.map((d) => d.id)).toEqual([roomId]);
  });

  it('denies a signed-in non-member every get, list, collection-group, count and listener', async () => {
    const probes = privateProbes();
    const results: Record<string, string> = {};
    for (const probe of probes) results[probe.what] = await outcome(probe, outsider.db);
    expect(results).toEqual(Object.fromEntries(probes.map((p) => [p.what, 'permission-denied'])));
    expect(probes.length).toBeGreaterThanOrEqual(30);
  });

  it('shows a non-member public rooms without ever including the private one', async () => {
    const snap = await getDocs(query(rooms(outsider.db), where('kind', '==', 'public'), limit(100)));
    expect(snap.docs.map((d) => d.id)).not.toContain(roomId);
    expect(snap.docs.every((d) => d.get('kind') === 'public')).toBe(true);
    expect(JSON.stringify(snap.docs.map((d) => d.data()))).not.toContain(secretName);
  });

  it('lets a signed-out client read nothing at all', async () => {
    const probes: Probe[] = [
      ...privateProbes(),
      getProbe('a public room', (db) => doc(db, 'rooms', publicRoomId)),
      listProbe('public rooms', (db) => query(rooms(db), where('kind', '==', 'public'), limit(10))),
      countProbe('public rooms', (db) => query(rooms(db), where('kind', '==', 'public'))),
      listProbe('public room members', (db) => query(collection(db, 'rooms', publicRoomId, 'members'), limit(10))),
      listProbe('public room messages', (db) =>
        query(collection(db, 'rooms', publicRoomId, 'messages'), orderBy('createdAt', 'desc'), limit(10)),
      ),
      getProbe('a profile', (db) => doc(db, 'users', owner.uid)),
      listProbe('profiles', (db) => query(collection(db, 'users'), limit(10))),
      getProbe('presence', (db) => doc(db, 'presence', owner.uid)),
      listProbe('presence', (db) => query(collection(db, 'presence'), limit(10))),
    ];
    const results: Record<string, string> = {};
    for (const probe of probes) results[probe.what] = await outcome(probe, anonymous.db);
    expect(results).toEqual(Object.fromEntries(probes.map((p) => [p.what, 'permission-denied'])));
  });
});
