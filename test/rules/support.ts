/**
 * Shared set-up for the security-rules tests: one emulator project per test file (vitest runs
 * files in parallel), registered so the coverage gate (scripts/lib/rules-coverage.mjs) can
 * collect the rules coverage of every project the suite used.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  EDIT_RATE_COUNT,
  memberDocument,
  RENAME_COUNT,
  ROOM_RENAME_COUNT,
  roomDocument,
  textMessage,
} from '@chat/shared';
import {
  assertFails,
  assertSucceeds,
  initializeTestEnvironment,
  type RulesTestContext,
  type RulesTestEnvironment,
} from '@firebase/rules-unit-testing';
import {
  Timestamp,
  arrayRemove,
  arrayUnion,
  doc,
  getDoc,
  getDocs,
  limit,
  query,
  serverTimestamp,
  setDoc,
  writeBatch,
  type DocumentData,
  type DocumentReference,
  type Firestore,
  type Query,
} from 'firebase/firestore';
import { afterAll, beforeEach } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
/**
 * The gate reads this folder: one empty file per project id used by a rules test, under the
 * emulator's port, so two runs at once in one checkout (on other port bases) keep their own.
 */
const rulesProjectsDir = () => join(ROOT, 'test-results', 'rules-projects', String(emulatorHost().port));

function emulatorHost(): { host: string; port: number } {
  const value = process.env.FIRESTORE_EMULATOR_HOST;
  if (!value) throw new Error('FIRESTORE_EMULATOR_HOST is not set: run the tests with `npm test`.');
  const at = value.lastIndexOf(':');
  return { host: value.slice(0, at), port: Number(value.slice(at + 1)) };
}

/**
 * A test environment on its own project id, `demo-rules-<name>`, with the repository's rules.
 * `coverage: false` keeps the project out of the coverage gate: the worst-case writes put lists
 * of thousands of values through every expression, and the emulator's report of them would run
 * to gigabytes.
 */
export async function rulesEnv(name: string, { coverage = true } = {}): Promise<RulesTestEnvironment> {
  const projectId = `demo-rules-${name}`;
  if (coverage) {
    mkdirSync(rulesProjectsDir(), { recursive: true });
    writeFileSync(join(rulesProjectsDir(), projectId), '');
  }
  return initializeTestEnvironment({
    projectId,
    firestore: { ...emulatorHost(), rules: readFileSync(join(ROOT, 'firestore.rules'), 'utf8') },
  });
}

/**
 * The set-up every rules test file shares, awaited at the top of the file: its environment
 * (rulesEnv), emptied before each test and then seeded by `seedEach`, and cleaned up after the
 * file's last test.
 */
export async function rulesSuite(
  name: string,
  seedEach?: (env: RulesTestEnvironment) => Promise<void>,
  options: { coverage?: boolean } = {},
): Promise<RulesTestEnvironment> {
  const env = await rulesEnv(name, options);
  afterAll(() => env.cleanup());
  beforeEach(async () => {
    await env.clearFirestore();
    await seedEach?.(env);
  });
  return env;
}

export const allowed = <T>(promise: Promise<T>) => assertSucceeds(promise);
export const denied = <T>(promise: Promise<T>) => assertFails(promise);

/** A listing of `ref` (a collection or a collection group) as a client makes it: with a limit of `n`. */
export const list = (ref: Query, n: number) => getDocs(query(ref, limit(n)));

/** Writes documents past the rules (the Admin SDK's view): path -> data. */
export async function seed(env: RulesTestEnvironment, docs: Record<string, DocumentData>): Promise<void> {
  await env.withSecurityRulesDisabled(async (context) => {
    const db = context.firestore();
    await Promise.all(Object.entries(docs).map(([path, data]) => setDoc(doc(db, path), data)));
  });
}

export function as(env: RulesTestEnvironment, uid: string | null, claims?: Record<string, unknown>): Firestore {
  const context: RulesTestContext = uid === null ? env.unauthenticatedContext() : env.authenticatedContext(uid, claims);
  return context.firestore() as unknown as Firestore;
}

/** A time `ms` from now (negative: in the past). */
export const at = (ms: number) => Timestamp.fromMillis(Date.now() + ms);
export const now = serverTimestamp;

/**
 * A room as stored. `members` are the people in it: a direct room's pair (its memberIds, the only
 * rooms that hold them), a group room's count (memberCount, which the server keeps; no group room
 * lists its members). A room with nobody given counts its creator.
 */
export function roomDoc(
  kind: 'public' | 'private' | 'direct',
  owner: string,
  members: string[],
  extra: DocumentData = {},
) {
  return {
    ...roomDocument({
      kind,
      name: kind === 'direct' ? '' : 'room',
      createdBy: owner,
      createdAt: at(-3_600_000),
      memberIds: members,
      memberCount: kind === 'direct' ? 2 : Math.max(members.length, 1),
    }),
    ...extra,
  };
}

/** users/{uid}/rooms/{roomId}: uid's room-list entry, which exists exactly while their member document does. */
export const listingPath = (uid: string, roomId: string) => `users/${uid}/rooms/${roomId}`;

/** A room-list entry as stored: joined an hour ago. */
export const listingDoc = (extra: DocumentData = {}) => ({ joinedAt: at(-3_600_000), ...extra });

/** A room-list entry as the client writes it, with the member document. */
export const newListing = (extra: DocumentData = {}) => ({ joinedAt: serverTimestamp(), ...extra });

/**
 * A membership as seeded past the rules: the member document and its room-list entry (what the
 * rules keep together), path -> data for `seed`.
 */
export function membershipDocs(
  roomId: string,
  uid: string,
  role: 'owner' | 'admin' | 'member',
  extra: DocumentData = {},
): Record<string, DocumentData> {
  return { [`rooms/${roomId}/members/${uid}`]: memberDoc(uid, role, extra), [listingPath(uid, roomId)]: listingDoc() };
}

export function memberDoc(uid: string, role: 'owner' | 'admin' | 'member', extra: DocumentData = {}) {
  return { ...memberDocument({ uid, role, displayName: `Name ${uid}`, joinedAt: at(-3_600_000) }), ...extra };
}

/** An invite of a room as stored: made a second ago by `createdBy`, open-ended, not revoked. */
export function inviteDoc(createdBy: string, extra: DocumentData = {}) {
  return { createdBy, createdAt: at(-1000), expiresAt: null, revoked: false, ...extra };
}

/** A user's public profile as stored: every name shown as theirs is `Name <uid>`. */
export function profileDoc(uid: string, extra: DocumentData = {}) {
  return { displayName: `Name ${uid}`, nameLower: `name ${uid}`, photoURL: null, createdAt: at(-86_400_000), ...extra };
}

/** The people most rules tests act with: ana owns the room, adi administers it, ben and bob are members. */
export const CAST = { ana: 'owner', adi: 'admin', ben: 'member', bob: 'member' } as const;

/** rulesSuite's `seedEach` for a file whose tests run in one room of the CAST (`r1`). */
export const castRoom = (kind: 'public' | 'private') => (env: RulesTestEnvironment) => seedRoom(env, 'r1', kind, CAST);

/**
 * A room with its members (each member document with its room-list entry) and their profiles
 * seeded: `roles` maps uid -> role.
 */
export async function seedRoom(
  env: RulesTestEnvironment,
  roomId: string,
  kind: 'public' | 'private' | 'direct',
  roles: Record<string, 'owner' | 'admin' | 'member'>,
  extra: DocumentData = {},
): Promise<void> {
  const uids = Object.keys(roles);
  const owner = uids.find((uid) => roles[uid] === 'owner') ?? uids[0] ?? 'nobody';
  const docs: Record<string, DocumentData> = { [`rooms/${roomId}`]: roomDoc(kind, owner, uids, extra) };
  for (const uid of uids) {
    Object.assign(docs, membershipDocs(roomId, uid, roles[uid]!));
    docs[`users/${uid}`] = profileDoc(uid);
  }
  await seed(env, docs);
}

/** A stored message as the server would hold it after a send. */
export function storedMessage(authorId: string, extra: DocumentData = {}) {
  return {
    ...textMessage({ authorId, authorName: `Name ${authorId}`, text: 'hello there', createdAt: at(-60_000) }),
    ...extra,
  };
}

/** The message fields a client writes on send. */
export function newMessage(authorId: string, extra: DocumentData = {}) {
  return { ...storedMessage(authorId), createdAt: serverTimestamp(), ...extra };
}

/** MAX_REACTION_EMOJIS (twenty) distinct emoji: the most one person gives one message. */
export const EMOJIS = [...'😀😃😄😁😆😅😂🤣😊😇🙂🙃😉😌😍🥰😘😗😙😚'];

/** rooms/{roomId}/messages/{messageId}/reactions/{uid}: the emojis uid gave the message. */
export const reactionPath = (roomId: string, messageId: string, uid: string) =>
  `rooms/${roomId}/messages/${messageId}/reactions/${uid}`;

/** A reaction as the client gives one (web/src/data/messages.ts setReaction): a merge with arrayUnion. */
export const giveReaction = (ref: DocumentReference, emoji: string) =>
  setDoc(ref, { emojis: arrayUnion(emoji) }, { merge: true });

/** A reaction as the client takes one back: a merge with arrayRemove (the last leaves []). */
export const takeBackReaction = (ref: DocumentReference, emoji: string) =>
  setDoc(ref, { emojis: arrayRemove(emoji) }, { merge: true });

export const moderationConfig = (extra: DocumentData = {}) => ({
  terms: { spam: 'hide', 'darn*': 'mask', cockpit: 'allow' },
  reportThreshold: 3,
  maxLinks: 5,
  maxMentions: 10,
  ...extra,
});

/**
 * A room as a client creates it: `members` as roomDoc takes them (a group room's creation counts
 * its creator alone, memberCount 1; a direct room holds its pair).
 */
export function newRoom(
  kind: 'public' | 'private' | 'direct',
  creator: string,
  members: string[],
  extra: DocumentData = {},
) {
  return { ...roomDoc(kind, creator, members), createdAt: serverTimestamp(), ...extra };
}

/** A member document as a client writes it. */
export function newMember(uid: string, role: 'owner' | 'admin' | 'member', extra: DocumentData = {}) {
  return { ...memberDoc(uid, role), joinedAt: serverTimestamp(), ...extra };
}

/** What a batch and a transaction share: the writes of a membership. */
interface Writes {
  set(ref: DocumentReference, data: DocumentData): unknown;
  delete(ref: DocumentReference): unknown;
}

/**
 * A membership as the client writes it (web/src/data/rooms.ts addMember): the member document
 * and the member's room-list entry, together in `write`.
 */
export function addMembership(write: Writes, db: Firestore, roomId: string, uid: string, member: DocumentData) {
  write.set(doc(db, 'rooms', roomId, 'members', uid), member);
  write.set(doc(db, listingPath(uid, roomId)), newListing());
}

/** A membership's end as the client writes it (removeMember): the member document and the entry, together. */
export function removeMembership(write: Writes, db: Firestore, roomId: string, uid: string) {
  write.delete(doc(db, 'rooms', roomId, 'members', uid));
  write.delete(doc(db, listingPath(uid, roomId)));
}

/**
 * A join as the client writes it, or an admin's add: `uid`'s member document and room-list entry,
 * in one batch; with a `code`, presented in joins/{uid} in the same batch, as a join by invite does.
 */
export function joinBatch(
  db: Firestore,
  roomId: string,
  uid: string,
  member: DocumentData = newMember(uid, 'member'),
  code?: unknown,
) {
  const batch = writeBatch(db);
  addMembership(batch, db, roomId, uid, member);
  if (code !== undefined) batch.set(doc(db, 'rooms', roomId, 'joins', uid), { code });
  return batch.commit();
}

/**
 * A leave, or with `sanction` a kick: `uid`'s member document and room-list entry deleted, in one
 * batch; a kick must also write rooms/{roomId}/sanctions/{uid} (see kickStamp).
 */
export function leaveBatch(db: Firestore, roomId: string, uid: string, sanction: DocumentData | null = null) {
  const batch = writeBatch(db);
  removeMembership(batch, db, roomId, uid);
  if (sanction) batch.set(doc(db, 'rooms', roomId, 'sanctions', uid), sanction);
  return batch.commit();
}

/** The sanction a plain kick stamps: no mute, kicked now. */
export const kickStamp = () => ({ mutedUntil: null, kickedAt: serverTimestamp() });

/** The sender's ledger entry for send number n (0-based) of message `messageId` in `roomId`. */
export function ledgerEntry(n: number, roomId: string, messageId: string) {
  return { n: n + 1, at: { [String(n % 10)]: serverTimestamp() }, roomId, messageId };
}

export interface SendOptions {
  /** the ledger's count before this send */
  n?: number;
  /** what is merged into ledgers/{uid} instead of the client's entry */
  ledger?: DocumentData;
  /** also stamp rooms/{roomId}/slowMode/{uid} (a room in slow mode), or this instead */
  slowMode?: boolean | DocumentData;
}

/**
 * A send as the client makes it: the message and the sender's ledger (merge-set) in one batch,
 * and in a slow-mode room the sender's stamp.
 */
export function sendBatch(
  db: Firestore,
  roomId: string,
  uid: string,
  messageId: string,
  message: DocumentData,
  n: number | SendOptions = 0,
  ledger?: DocumentData,
) {
  const options: SendOptions = typeof n === 'number' ? { n, ledger } : n;
  const batch = writeBatch(db);
  batch.set(doc(db, 'rooms', roomId, 'messages', messageId), message);
  batch.set(doc(db, 'ledgers', uid), options.ledger ?? ledgerEntry(options.n ?? 0, roomId, messageId), { merge: true });
  if (options.slowMode)
    batch.set(
      doc(db, 'rooms', roomId, 'slowMode', uid),
      options.slowMode === true ? { at: serverTimestamp(), messageId } : options.slowMode,
    );
  return batch.commit();
}

/** A ledger after `n` sends whose slot times are `ageMs(slot)` old. */
export function ledgerAfter(n: number, ageMs: (slot: number) => number, messageId = 'm-old', roomId = 'r1') {
  const slots: Record<string, Timestamp> = {};
  for (let slot = 0; slot < Math.min(n, 10); slot++) slots[String(slot)] = at(-ageMs(slot));
  return { n, at: slots, roomId, messageId };
}

/** The room-creation ledger entry for creation number n (0-based) of room `roomId`. */
export function roomLedgerEntry(n: number, roomId: string) {
  return { n: n + 1, at: { [String(n % 10)]: serverTimestamp() }, roomId };
}

/** Rename number n (0-based) counted in the name ledger (nameLedgers/{uid}), as the client writes it. */
export function nameLedgerEntry(n: number) {
  return { n: n + 1, at: { [String(n % RENAME_COUNT)]: serverTimestamp() } };
}

/**
 * A change of uid's profile with rename number n counted in their name ledger, in one batch, as
 * the client renames (web/src/data/users.ts renameProfile); `ledger` is merged instead of the
 * client's entry, and null leaves the ledger out.
 */
export function renameBatch(
  db: Firestore,
  uid: string,
  change: DocumentData,
  n = 0,
  ledger: DocumentData | null = nameLedgerEntry(n),
): Promise<void> {
  const batch = writeBatch(db);
  batch.update(doc(db, 'users', uid), change);
  if (ledger) batch.set(doc(db, 'nameLedgers', uid), ledger, { merge: true });
  return batch.commit();
}

/**
 * An edit of the message `msg` by `uid` counted in their edit ledger (editLedgers/{uid}, naming the
 * message), in one batch as the client edits (web/src/data/messages.ts editMessage): the next
 * slot of the ledger as it stands. `ledger` is merged instead of the client's entry; null (or no
 * uid: signed out) leaves the ledger out.
 */
export async function countedEdit(
  msg: DocumentReference,
  uid: string | null,
  change: DocumentData,
  ledger?: DocumentData | null,
): Promise<void> {
  const db = msg.firestore;
  const batch = writeBatch(db);
  batch.update(msg, change);
  if (uid && ledger !== null) {
    const ledgerRef = doc(db, 'editLedgers', uid);
    let entry = ledger;
    if (entry === undefined) {
      const n = Number((await getDoc(ledgerRef)).data()?.n ?? 0);
      const roomId = msg.parent.parent?.id ?? '';
      entry = { n: n + 1, at: { [String(n % EDIT_RATE_COUNT)]: serverTimestamp() }, roomId, messageId: msg.id };
    }
    batch.set(ledgerRef, entry, { merge: true });
  }
  return batch.commit();
}

/** The next entry of uid's room name ledger (roomNameLedgers/{uid}) naming `roomId`, as the ledger stands. */
export async function roomNameEntry(db: Firestore, uid: string, roomId: string): Promise<DocumentData> {
  const n = Number((await getDoc(doc(db, 'roomNameLedgers', uid))).data()?.n ?? 0);
  return { n: n + 1, at: { [String(n % ROOM_RENAME_COUNT)]: serverTimestamp() }, roomId };
}

/**
 * A change of a room's settings by `uid` as the client saves it (web/src/data/rooms.ts
 * updateRoomSettings): the room's update, uid's record of a new name or topic
 * (rooms/{roomId}/renames/{uid}) when `record` is given, and the change counted in their room name
 * ledger (roomNameLedgers/{uid}, naming the room) in the same batch. `ledger` is merged instead of
 * the client's entry; null leaves the ledger out.
 */
export async function roomChange(
  db: Firestore,
  roomId: string,
  uid: string,
  change: DocumentData,
  record?: DocumentData,
  ledger?: DocumentData | null,
): Promise<void> {
  const batch = writeBatch(db);
  batch.update(doc(db, 'rooms', roomId), change);
  if (record) batch.set(doc(db, 'rooms', roomId, 'renames', uid), record);
  if (ledger !== null)
    batch.set(doc(db, 'roomNameLedgers', uid), ledger ?? (await roomNameEntry(db, uid, roomId)), { merge: true });
  return batch.commit();
}

/**
 * A file's meta (at `path`, rooms/{roomId}/attachments/{id}) created by `uid` with its size counted
 * in their upload ledger (uploadLedgers/{uid}), in one batch as the client writes them
 * (web/src/data/attachments.ts): the ledger as it stands plus this size, or a new window when
 * there is none. `ledger` replaces the client's entry; null leaves the ledger out.
 */
export async function countedMeta(
  db: Firestore,
  uid: string,
  path: string,
  meta: DocumentData,
  ledger?: DocumentData | null,
): Promise<void> {
  const [, roomId, , attachmentId] = path.split('/');
  const ledgerRef = doc(db, 'uploadLedgers', uid);
  const size = typeof meta.size === 'number' ? meta.size : 0;
  let entry = ledger;
  if (entry === undefined) {
    const current = (await getDoc(ledgerRef)).data();
    const now = serverTimestamp();
    entry = current
      ? { ...current, bytes: Number(current.bytes) + size, at: now, roomId, attachmentId }
      : { since: now, bytes: size, at: now, roomId, attachmentId };
  }
  const batch = writeBatch(db);
  batch.set(doc(db, path), meta);
  if (entry) batch.set(ledgerRef, entry);
  return batch.commit();
}

/**
 * A direct room's message request as the client writes it with the room (requests/{roomId}):
 * accepted from the start when `via` names a private room both are in, pending otherwise.
 */
export function newRequest(from: string, to: string, via: string | null = null, extra: DocumentData = {}) {
  return { from, to, via, createdAt: serverTimestamp(), acceptedAt: via === null ? null : serverTimestamp(), ...extra };
}

/** A request as stored an hour ago, pending unless `extra` says otherwise. */
export function requestDoc(from: string, to: string, extra: DocumentData = {}) {
  return { from, to, via: null, createdAt: at(-3_600_000), acceptedAt: null, ...extra };
}

/**
 * A direct room of `from` and `to` as the client opens it: the room, both member documents with
 * their room-list entries, the creator's count and the message request (`request`: its data, or
 * null to leave it out).
 */
export function openDirectBatch(
  db: Firestore,
  from: string,
  to: string,
  request: DocumentData | null = newRequest(from, to),
) {
  const pair = [from, to].sort();
  const roomId = `dm_${pair[0]}_${pair[1]}`;
  const batch = writeBatch(db);
  batch.set(doc(db, 'rooms', roomId), newRoom('direct', from, pair, { name: '' }));
  for (const uid of pair) addMembership(batch, db, roomId, uid, newMember(uid, 'member'));
  batch.set(doc(db, 'roomLedgers', from), roomLedgerEntry(0, roomId));
  if (request) batch.set(doc(db, 'requests', roomId), request);
  return batch.commit();
}
