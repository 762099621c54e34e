/**
 * A person's account as data: what deleting it removes and keeps, and what a download holds.
 * Both handlers take the Firestore (and Auth) instances, so tests call them directly.
 *
 * Deleting: the profile and everything kept for the person alone (settings, read cursors, blocks
 * and their mirrors, presence, ledgers, restrictions, message requests they sent or received) go,
 * their memberships end (an owner hands the room to its longest-standing admin, else its
 * longest-standing member), and the Auth account goes last, which ends every session. Their
 * messages stay where others replied to them, shown as from "Deleted user" (their name is removed
 * from each one); a tombstone stops a token still valid for up to an hour from making a new
 * profile or presence.
 */
import {
  FieldPath,
  FieldValue,
  type DocumentReference,
  type Firestore,
  type Query,
  type QueryDocumentSnapshot,
} from 'firebase-admin/firestore';
import type { Auth } from 'firebase-admin/auth';
import { DELETED_NAME, type ExportPage } from '@chat/shared';
import { noticeMarkPath } from './membershipNotices.js';

export { DELETED_NAME };
const PAGE = 300;

/** Deletes every document of `query`, a page at a time; returns how many. */
async function deleteQuery(store: Firestore, query: Query): Promise<number> {
  let deleted = 0;
  for (;;) {
    const snap = await query.limit(PAGE).get();
    if (snap.empty) return deleted;
    const writer = store.bulkWriter();
    for (const doc of snap.docs) void writer.delete(doc.ref);
    await writer.close();
    deleted += snap.size;
    if (snap.size < PAGE) return deleted;
  }
}

async function deleteDocs(store: Firestore, refs: DocumentReference[]): Promise<void> {
  const writer = store.bulkWriter();
  for (const ref of refs) void writer.delete(ref);
  await writer.close();
}

/** Whom a room goes to when its owner leaves for good: the longest-standing admin, else member. */
async function successor(store: Firestore, roomId: string, leaving: string): Promise<string | null> {
  const members = store.collection(`rooms/${roomId}/members`);
  for (const role of ['admin', 'member']) {
    const snap = await members.where('role', '==', role).orderBy('joinedAt').limit(2).get();
    const next = snap.docs.find((d) => d.id !== leaving);
    if (next) return next.id;
  }
  return null;
}

export interface DeletionResult {
  memberships: number;
  messages: number;
  personal: number;
  transferred: string[];
}

/** Ends one membership (the member document and its room-list entry); an owner hands the room on; direct rooms keep the pair. */
async function leaveRoom(store: Firestore, roomId: string, uid: string, role: string): Promise<string | null> {
  const roomRef = store.doc(`rooms/${roomId}`);
  const room = await roomRef.get();
  const memberRef = store.doc(`rooms/${roomId}/members/${uid}`);
  // the invite code they joined by, if any (readable by them and the room's admins) goes too
  const joinRef = store.doc(`rooms/${roomId}/joins/${uid}`);
  // their record of the room's last rename by them (who renamed it is theirs to take along)
  const renameRef = store.doc(`rooms/${roomId}/renames/${uid}`);
  // and the room's entry in their room list
  const listingRef = store.doc(`users/${uid}/rooms/${roomId}`);
  const batch = store.batch();
  batch.delete(memberRef);
  batch.delete(listingRef);
  if (!room.exists || room.get('kind') === 'direct') {
    // the other person keeps the conversation; the pair (the room's id) stays as it is
    await batch.commit();
    return null;
  }
  const heir = role === 'owner' ? await successor(store, roomId, uid) : null;
  batch.delete(joinRef);
  batch.delete(renameRef);
  // when their last join and leave were announced there (the leave below records none)
  batch.delete(store.doc(noticeMarkPath(roomId, uid)));
  if (heir) batch.update(store.doc(`rooms/${roomId}/members/${heir}`), { role: 'owner' });
  await batch.commit();
  return heir ? roomId : null;
}

export async function deleteAccountData(store: Firestore, auth: Auth, uid: string): Promise<DeletionResult> {
  const result: DeletionResult = { memberships: 0, messages: 0, personal: 0, transferred: [] };
  // first the tombstone and the profile: every write the rules tie to a profile stops here (a
  // message or typing signal under the name on a member document, which the rules take without
  // the profile, stops as that membership ends below, before the pass that renames their messages)
  await store.doc(`deletedAccounts/${uid}`).set({ at: FieldValue.serverTimestamp() });
  await store.doc(`users/${uid}`).delete();

  const memberships = await store.collectionGroup('members').where('uid', '==', uid).get();
  for (const member of memberships.docs) {
    const roomId = member.ref.parent.parent?.id;
    if (!roomId) continue;
    const handedOn = await leaveRoom(store, roomId, uid, String(member.get('role') ?? 'member'));
    if (handedOn) result.transferred.push(handedOn);
    result.memberships++;
  }

  // messages stay for the people who read and answered them, under "Deleted user"
  let last: QueryDocumentSnapshot | undefined;
  for (;;) {
    let page = store.collectionGroup('messages').where('authorId', '==', uid).orderBy(FieldPath.documentId()).limit(PAGE);
    if (last) page = page.startAfter(last);
    const snap = await page.get();
    if (snap.empty) break;
    const writer = store.bulkWriter();
    for (const doc of snap.docs) {
      if (doc.get('authorName') !== DELETED_NAME) void writer.update(doc.ref, { authorName: DELETED_NAME });
    }
    await writer.close();
    result.messages += snap.size;
    last = snap.docs[snap.size - 1];
    if (snap.size < PAGE) break;
  }

  const blocks = await store.collection(`users/${uid}/blocks`).get();
  for (const block of blocks.docs) {
    await store.doc(`blockedBy/${block.id}`).set({ uids: FieldValue.arrayRemove(uid) }, { merge: true });
  }
  // (a room-list entry whose member document was already gone, if any, goes here too)
  for (const sub of ['reads', 'threadReads', 'activity', 'settings', 'blocks', 'requests', 'rooms']) {
    result.personal += await deleteQuery(store, store.collection(`users/${uid}/${sub}`));
  }
  // the message requests they sent or received: the direct rooms stay, as conversations
  const requests = store.collection('requests');
  result.personal += await deleteQuery(store, requests.where('from', '==', uid));
  result.personal += await deleteQuery(store, requests.where('to', '==', uid));
  const personal = ['presence', 'ledgers', 'roomLedgers', 'nameLedgers', 'roomNameLedgers', 'editLedgers', 'uploadLedgers', 'restrictions', 'userLimits', 'blockedBy'].map((c) =>
    store.doc(`${c}/${uid}`),
  );
  await deleteDocs(store, personal);
  result.personal += personal.length;

  // last: the account, which ends every session (refresh tokens die with it)
  await auth.deleteUser(uid).catch((error: { code?: string }) => {
    if (error.code !== 'auth/user-not-found') throw error;
  });
  return result;
}

export interface ExportRequest {
  /** the last message path of the previous page */
  after?: string;
}

export type { ExportPage };

const EXPORT_PAGE = 500;
/** rename records read per round trip (one per room the person is in) */
const RENAMES_READ_AT_ONCE = 300;

function plain(value: unknown): unknown {
  if (value && typeof value === 'object') {
    if ('toDate' in value && typeof value.toDate === 'function') return value.toDate().toISOString();
    if (Array.isArray(value)) return value.map(plain);
    return plainData(value);
  }
  return value;
}

/** A document's data as plain JSON: timestamps become ISO strings. */
function plainData(data: object | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [k, plain(v)]));
}

/**
 * Everything kept about the person, as plain JSON: the profile, notification settings,
 * memberships, whom they block, the message requests they sent or received, the room names and
 * topics they set, and their messages a
 * page at a time (newest first), each with its room. The first page carries the rest; later pages
 * only messages.
 */
export async function exportAccountData(
  store: Firestore,
  uid: string,
  { after }: ExportRequest,
  pageSize = EXPORT_PAGE,
): Promise<ExportPage> {
  let query = store.collectionGroup('messages').where('authorId', '==', uid).orderBy('createdAt', 'desc');
  if (after) {
    const cursor = await store.doc(after).get();
    if (!cursor.exists || cursor.get('authorId') !== uid) throw new Error('invalid cursor');
    query = query.startAfter(cursor);
  }
  const snap = await query.limit(pageSize).get();
  const messages = snap.docs.map((d) => ({ room: d.ref.parent.parent?.id ?? null, id: d.id, ...plainData(d.data()) }));
  const next = snap.size === pageSize ? snap.docs[snap.size - 1]!.ref.path : null;
  if (after) return { profile: null, settings: null, memberships: [], blocks: [], requests: [], renames: [], messages, next };

  const [profile, settings, memberships, blocks, sent, received] = await Promise.all([
    store.doc(`users/${uid}`).get(),
    store.doc(`users/${uid}/settings/notifications`).get(),
    store.collectionGroup('members').where('uid', '==', uid).get(),
    store.collection(`users/${uid}/blocks`).get(),
    store.collection('requests').where('from', '==', uid).get(),
    store.collection('requests').where('to', '==', uid).get(),
  ]);
  // a rename record is rooms/{roomId}/renames/{uid}, kept while they are a member: read in the rooms they are in
  const renameRefs = memberships.docs.flatMap((d) => {
    const roomId = d.ref.parent.parent?.id;
    return roomId ? [store.doc(`rooms/${roomId}/renames/${uid}`)] : [];
  });
  const renames = [];
  for (let i = 0; i < renameRefs.length; i += RENAMES_READ_AT_ONCE) {
    const read = await store.getAll(...renameRefs.slice(i, i + RENAMES_READ_AT_ONCE));
    renames.push(...read.filter((d) => d.exists).map((d) => ({ room: d.ref.parent.parent?.id ?? null, ...plainData(d.data()) })));
  }
  return {
    profile: profile.exists ? plainData(profile.data()) : null,
    settings: settings.exists ? plainData(settings.data()) : null,
    memberships: memberships.docs.map((d) => ({ room: d.ref.parent.parent?.id ?? null, ...plainData(d.data()) })),
    blocks: blocks.docs.map((d) => d.id),
    requests: [...sent.docs, ...received.docs].map((d) => ({ room: d.id, ...plainData(d.data()) })),
    renames,
    messages,
    next,
  };
}
