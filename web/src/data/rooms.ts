import {
  BROWSE_ACTIVE_ROOMS,
  BROWSE_NEW_ROOMS,
  DEFAULT_ROOM_ID,
  MAX_QUERY_LIMIT,
  MY_ROOMS_LIMIT,
  ROOM_CREATE_COUNT,
  ROOM_CREATE_WINDOW_MS,
  ROOM_RENAME_COUNT,
  ROOM_RENAME_WINDOW_MS,
  directRoomId,
  memberDocument,
  memberNameLower,
  roomDocument,
  type RoomRole,
  type Sanction,
} from '@chat/shared';
import {
  Timestamp,
  doc,
  documentId,
  getCountFromServer,
  getDoc,
  getDocFromServer,
  getDocs,
  limit,
  onSnapshot,
  orderBy,
  query,
  runTransaction,
  serverTimestamp,
  updateDoc,
  where,
  writeBatch,
  type FieldValue,
  type Firestore,
  type Transaction,
  type DocumentReference,
  type Unsubscribe,
  type WithFieldValue,
} from 'firebase/firestore';
import { errorCode } from '../lib/errors';
import type { Micros } from '../lib/unread';
import { refs, type MemberDoc, type RoomDoc } from './converters';
import { ledgerNow, nextRingEntry } from './ledger';
import { docSubscription, listen, listenDoc, querySubscription, readDoc } from './listen';
import { newRequest } from './requests';
import { writeOnce } from './writeOnce';

/**
 * A member document as a client writes it, joined now (the rules want request.time), with the id
 * refs.member's converter takes out of the stored data again.
 */
function memberData(uid: string, role: RoomRole, displayName: string, mutedUntil: Timestamp | null = null) {
  return {
    id: uid,
    ...memberDocument<FieldValue | Timestamp>({ uid, role, displayName, joinedAt: serverTimestamp(), mutedUntil }),
  };
}

/** uid's room-list entry for a room, written in the batch that makes their member document. */
function listingData() {
  return { joinedAt: serverTimestamp() };
}

/** What a batch and a transaction share: the writes of a membership. */
interface Writes {
  set<T>(ref: DocumentReference<T>, data: WithFieldValue<T>): unknown;
  delete(ref: DocumentReference<unknown>): unknown;
}

/** A member document and its room-list entry, together (the rules want both or neither). */
function addMember(write: Writes, db: Firestore, roomId: string, member: ReturnType<typeof memberData>): void {
  write.set(refs.member(db, roomId, member.uid), member);
  write.set(refs.listing(db, member.uid, roomId), { id: roomId, ...listingData() });
}

/** A member document and its room-list entry deleted together. */
function removeMember(write: Writes, db: Firestore, roomId: string, uid: string): void {
  write.delete(refs.member(db, roomId, uid));
  write.delete(refs.listing(db, uid, roomId));
}

/**
 * The room's sanction on record for `uid` (rooms/{roomId}/sanctions/{uid}): the mute and the
 * time of the last kick, kept when they leave. Readable by that person and the room's admins.
 */
async function readSanction(
  get: (ref: SanctionRef) => Promise<{ exists(): boolean; data(): Sanction<Timestamp> | undefined }>,
  db: Firestore,
  roomId: string,
  uid: string,
): Promise<Sanction<Timestamp>> {
  const snap = await get(refs.sanction(db, roomId, uid));
  const data = snap.exists() ? snap.data() : undefined;
  return {
    mutedUntil: data?.mutedUntil ?? null,
    kickedAt: data?.kickedAt ?? null,
  };
}

type SanctionRef = ReturnType<typeof refs.sanction>;

/**
 * Counts a room creation in the creator's ledger (roomLedgers/{uid}), in the transaction that
 * creates the room: the rules allow ROOM_CREATE_COUNT an hour and accept neither without the
 * other. Reads the ledger first, so it runs inside a transaction that retries on contention.
 */
async function countCreation(tx: Transaction, db: Firestore, uid: string, roomId: string): Promise<() => void> {
  const ref = refs.roomLedger(db, uid);
  const { freesAt, entry } = nextRingEntry((await tx.get(ref)).data(), ROOM_CREATE_COUNT, ROOM_CREATE_WINDOW_MS);
  if (freesAt) throw new RoomLimitReached(freesAt);
  return () => {
    tx.set(ref, { ...entry, roomId }, { merge: true });
  };
}

/** The rules' refusal of an 11th room within an hour; `retryAt`: when the oldest of the ten frees its slot. */
export class RoomLimitReached extends Error {
  override name = 'RoomLimitReached';
  constructor(readonly retryAt: Date) {
    super(`At most ${ROOM_CREATE_COUNT} new rooms an hour; the next at ${retryAt.toISOString()}`);
  }
}

/** Creates the default public room if no one has yet; racing clients settle on one. */
export async function ensureDefaultRoom(
  db: Firestore,
  uid: string,
  displayName: string,
): Promise<'created' | 'exists'> {
  const ref = refs.room(db, DEFAULT_ROOM_ID);
  const existing = await getDoc(ref).catch(() => null);
  if (existing?.exists()) return 'exists';
  try {
    return await runTransaction(db, async (tx) => {
      const snap = await tx.get(ref);
      if (snap.exists()) return 'exists';
      const count = await countCreation(tx, db, uid, DEFAULT_ROOM_ID);
      tx.set(ref, {
        id: DEFAULT_ROOM_ID,
        ...roomDocument({
          kind: 'public',
          name: 'general',
          topic: 'Say hello',
          createdBy: uid,
          createdAt: serverTimestamp(),
        }),
      });
      addMember(tx, db, DEFAULT_ROOM_ID, memberData(uid, 'owner', displayName));
      count();
      return 'created';
    });
  } catch (error) {
    // Someone else created it between our read and our commit: the rules then refuse ours.
    const again = await getDoc(ref).catch(() => null);
    if (!again?.exists()) throw error;
    return 'exists';
  }
}

/**
 * Creates a public or private room owned by the caller; returns its id. The transaction reads the
 * room first: a commit whose answer was lost is run again by the SDK, and that run finds the room
 * it made (the id is the client's, so the room can be no one else's) and writes nothing. Writing
 * it again, the rules would refuse it (a room is created once, its ledger entry must name a new
 * room), or the hour's last creation would meet the limit it had itself used up.
 */
export async function createRoom(
  db: Firestore,
  input: { kind: 'public' | 'private'; name: string; topic: string; uid: string; displayName: string },
): Promise<string> {
  const ref = doc(refs.rooms(db));
  await runTransaction(db, async (tx) => {
    if ((await tx.get(ref)).exists()) return;
    const count = await countCreation(tx, db, input.uid, ref.id);
    tx.set(ref, {
      id: ref.id,
      ...roomDocument({
        kind: input.kind,
        name: input.name.trim(),
        topic: input.topic.trim(),
        createdBy: input.uid,
        createdAt: serverTimestamp(),
      }),
    });
    addMember(tx, db, ref.id, memberData(input.uid, 'owner', input.displayName));
    count();
  });
  return ref.id;
}

/**
 * Whether `uid` is a member of the room as the server (or, offline, the cache) says: a refused
 * read means no, since the rules let anyone read a public room's members and a private room's
 * members read them; null when it is not known.
 */
function memberNow(db: Firestore, roomId: string, uid: string): Promise<boolean | null> {
  return getDoc(refs.member(db, roomId, uid)).then(
    (snap) => snap.exists(),
    (error: unknown) => (errorCode(error) === 'permission-denied' ? false : null),
  );
}

/**
 * Joins a room: your member document and your room-list entry, in one batch. `via` is the
 * invite code for private rooms, presented in rooms/{roomId}/joins/{uid} in the same batch (only
 * you and the room's admins read it; the member document, which every member reads, never holds it).
 *
 * A join whose answer was lost is sent again by the SDK, and the rules refuse it (the member
 * document is created once): a refusal is read back, and a join of
 * someone who was no member before, found on the server as it was sent, is done. Joining twice
 * is still refused: the member document read first says they were one.
 */
export async function joinRoom(
  db: Firestore,
  roomId: string,
  uid: string,
  displayName: string,
  via: string | null = null,
): Promise<void> {
  // a mute outlives the membership it was given in: the rules accept the member document only
  // with the mute on record
  const [{ mutedUntil }, before] = await Promise.all([
    readSanction(getDoc, db, roomId, uid),
    memberNow(db, roomId, uid),
  ]);
  const batch = writeBatch(db);
  addMember(batch, db, roomId, memberData(uid, 'member', displayName, mutedUntil));
  if (via !== null) batch.set(refs.join(db, roomId, uid), { id: uid, code: via });
  await writeOnce(
    () => batch.commit(),
    async () => {
      if (before !== false) return false;
      const [listing, member, join] = await Promise.all([
        getDocFromServer(refs.listing(db, uid, roomId)),
        getDocFromServer(refs.member(db, roomId, uid)),
        via === null ? null : getDocFromServer(refs.join(db, roomId, uid)),
      ]);
      const stored = member.data();
      return (
        listing.exists() &&
        stored?.uid === uid &&
        stored.displayName === displayName &&
        (via === null || join?.data()?.code === via)
      );
    },
  );
}

/** Joins a public room (no invite): your member document and room-list entry, in one batch. */
export function joinPublicRoom(db: Firestore, roomId: string, uid: string, displayName: string): Promise<void> {
  return joinRoom(db, roomId, uid, displayName, null);
}

/**
 * Leaves a room: your member document and your room-list entry, in one batch. A leave whose
 * answer was lost is sent again by the SDK and refused (the member document must exist to be
 * deleted): a refusal of the leave of a member is read back, and one
 * found gone from the room is done. A private room refuses its reads to someone not in it, which
 * says as much.
 */
export async function leaveRoom(db: Firestore, roomId: string, uid: string): Promise<void> {
  const before = await memberNow(db, roomId, uid);
  const batch = writeBatch(db);
  removeMember(batch, db, roomId, uid);
  // and the invite code I joined by, if any: it has no use once I am gone
  batch.delete(refs.join(db, roomId, uid));
  const gone = <T>(read: Promise<T>, out: (value: T) => boolean) =>
    read.then(out, (error: unknown) => {
      if (errorCode(error) === 'permission-denied') return true;
      throw error;
    });
  await writeOnce(
    () => batch.commit(),
    async () =>
      before === true &&
      (await gone(getDocFromServer(refs.member(db, roomId, uid)), (snap) => !snap.exists())) &&
      !(await getDocFromServer(refs.listing(db, uid, roomId))).exists(),
  );
}

/**
 * Removes someone from a room (an owner or admin ranking above them), stamping the kick on their
 * sanction so the invite codes made before it no longer let them in; `ban` also records a ban.
 * A transaction: the sanction's mute is carried over as it stands.
 *
 * A kick whose commit landed and whose answer was lost is run again by the SDK, and written again
 * the rules would refuse it (the kick is stamped only with the member's removal, which must
 * exist to be deleted): someone found gone with a kick on record (and the ban, when banning) is out, and
 * nothing is written.
 */
export async function kickMember(
  db: Firestore,
  roomId: string,
  uid: string,
  ban?: { by: string; reason: string },
): Promise<void> {
  await runTransaction(db, async (tx) => {
    const { mutedUntil, kickedAt } = await readSanction((ref) => tx.get(ref), db, roomId, uid);
    const member = await tx.get(refs.member(db, roomId, uid));
    const banned = ban ? (await tx.get(refs.ban(db, roomId, uid))).exists() : true;
    if (!member.exists() && kickedAt !== null && banned) return;
    if (ban)
      tx.set(refs.ban(db, roomId, uid), {
        id: uid,
        bannedBy: ban.by,
        reason: ban.reason,
        createdAt: serverTimestamp(),
      });
    tx.set(refs.sanction(db, roomId, uid), { id: uid, mutedUntil, kickedAt: serverTimestamp() });
    removeMember(tx, db, roomId, uid);
  });
}

export async function setRole(db: Firestore, roomId: string, uid: string, role: 'admin' | 'member'): Promise<void> {
  await updateDoc(refs.member(db, roomId, uid), { role });
}

/**
 * Mutes a member until the given time, or lifts the mute with null: the sanction on record (which
 * outlives their membership) and its mirror on the member document, together.
 */
export async function setMutedUntil(db: Firestore, roomId: string, uid: string, until: Date | null): Promise<void> {
  const mutedUntil = until ? Timestamp.fromDate(until) : null;
  await runTransaction(db, async (tx) => {
    const { kickedAt } = await readSanction((ref) => tx.get(ref), db, roomId, uid);
    tx.set(refs.sanction(db, roomId, uid), { id: uid, mutedUntil, kickedAt });
    tx.update(refs.member(db, roomId, uid), { mutedUntil });
  });
}

/** What a room's owner and admins change in its settings. */
export interface RoomSettings {
  name: string;
  topic: string;
  slowModeSec: number;
  /** hold each new or edited text until the screening function has judged it */
  holdUntilScreened: boolean;
}

/**
 * Saves what `changes` sets of a room's settings, given the name and topic the caller shows
 * (`current`): only a name or topic that differs from those is written, and it is recorded in
 * the same batch as uid's rooms/{roomId}/renames/{uid} (the fields that changed), whose trigger
 * screens and announces them, and counted in their roomNameLedgers/{uid} (naming the room): the
 * rules require both, and allow ROOM_RENAME_COUNT such changes per ROOM_RENAME_WINDOW_MS. The
 * ledger is the server's when it can be reached, else the cache's, so offline the batch waits like
 * any write; a refusal is tried once more from the server's ledger (another tab's change may have
 * counted first). Throws RoomRenameLimitReached, writing nothing, when no change is left.
 */
export async function updateRoomSettings(
  db: Firestore,
  roomId: string,
  uid: string,
  changes: Partial<RoomSettings>,
  current: Pick<RoomSettings, 'name' | 'topic'>,
): Promise<void> {
  const { name, topic, ...rest } = changes;
  const renamed: { name?: string; topic?: string } = {};
  if (name !== undefined && name !== current.name) renamed.name = name;
  if (topic !== undefined && topic !== current.topic) renamed.topic = topic;
  const counted = Object.keys(renamed).length > 0;
  const ledgerRef = refs.roomNameLedger(db, uid);
  for (let attempt = 1; ; attempt++) {
    const batch = writeBatch(db);
    batch.update(refs.room(db, roomId), { ...rest, ...renamed });
    if (counted) {
      const { freesAt, entry } = nextRingEntry(await ledgerNow(ledgerRef), ROOM_RENAME_COUNT, ROOM_RENAME_WINDOW_MS);
      if (freesAt) throw new RoomRenameLimitReached(freesAt);
      batch.set(refs.rename(db, roomId, uid), { id: uid, ...renamed, at: serverTimestamp() });
      batch.set(ledgerRef, { ...entry, roomId }, { merge: true });
    }
    try {
      await batch.commit();
      return;
    } catch (error) {
      if (!counted || errorCode(error) !== 'permission-denied' || attempt === RENAME_ATTEMPTS) throw error;
    }
  }
}

/** Attempts at a change of name or topic: a refusal may be another change of mine counted first (another tab). */
const RENAME_ATTEMPTS = 2;

/** The rules' refusal of a change of a room's name or topic past ROOM_RENAME_COUNT an hour; `retryAt`: when one frees up. */
export class RoomRenameLimitReached extends Error {
  override name = 'RoomRenameLimitReached';
  constructor(readonly retryAt: Date) {
    super(
      `At most ${ROOM_RENAME_COUNT} changes of room names and topics an hour; the next at ${retryAt.toISOString()}`,
    );
  }
}

/**
 * Opens the direct room of two people, creating it (both member documents and its message
 * request in the same batch) the first time. The id comes from the sorted uids, so two people
 * racing land in one room. `via` is a private room both are in: the request is then accepted from
 * the start; without one the other person sees it as a request until they accept.
 */
export async function openDirectRoom(
  db: Firestore,
  me: { uid: string; displayName: string },
  other: { uid: string; displayName: string },
  via: string | null = null,
): Promise<string> {
  const roomId = directRoomId(me.uid, other.uid);
  const existing = await getDoc(refs.room(db, roomId)).catch(() => null);
  if (existing?.exists()) return roomId;
  const memberIds = [me.uid, other.uid].sort();
  await runTransaction(db, async (tx) => {
    // made meanwhile, by the other person or by this very transaction, whose commit landed and
    // whose answer was lost (see createRoom): open, as it is
    if ((await tx.get(refs.room(db, roomId))).exists()) return;
    const count = await countCreation(tx, db, me.uid, roomId);
    tx.set(refs.room(db, roomId), {
      id: roomId,
      ...roomDocument({ kind: 'direct', name: '', createdBy: me.uid, createdAt: serverTimestamp(), memberIds }),
    });
    addMember(tx, db, roomId, memberData(me.uid, 'member', me.displayName));
    addMember(tx, db, roomId, memberData(other.uid, 'member', other.displayName));
    tx.set(refs.request(db, roomId), { id: roomId, ...newRequest(me.uid, other.uid, via) });
    count();
  });
  return roomId;
}

/**
 * How many room documents one listener reads, by id (a `__name__ in` query): the rules judge each
 * named room as a get would, with one membership lookup, and a query request may make 10.
 */
export const ROOMS_PER_LISTENER = 10;

/** Rooms one listener reads, and what it last answered. */
interface RoomGroup {
  ids: string[];
  stop: Unsubscribe;
  rooms: RoomDoc[];
  answered: boolean;
}

/**
 * The rooms the user belongs to, most recently active first: their room list (users/{uid}/rooms,
 * up to MY_ROOMS_LIMIT entries) and their rooms' documents, since no query of rooms can name a
 * member (no room document lists its members; docs/scale.md). Those are read by id, ten to a
 * listener: every listener is a target the SDK updates on each event it receives, so a person in
 * 50 rooms keeps 5 for their room list instead of 50 (each target added 2 to 3 ms to every
 * message's way to the screen in the benchmark's floor app).
 *
 * The first value comes once every listener has answered, so the list does not fill in one room
 * at a time. A room that is gone, or that the rules no longer let the user read, is left out: a
 * listener naming it is refused whole, so its rooms each get a listener of their own, the refused
 * one stays alone while it is listed, and the others are read together again at the list's next
 * change. A room that joins the list gets a new listener (with the listeners under half full,
 * which are read again); one that leaves it ends its listener, whose other rooms are read again
 * by a new one. A listener answered from a cache that holds some of its rooms only may show those
 * first, and the others when the server answers.
 */
export function subscribeMyRooms(
  db: Firestore,
  uid: string,
  onRooms: (rooms: RoomDoc[]) => void,
  onError: (error: Error) => void,
): Unsubscribe {
  const groups = new Set<RoomGroup>();
  /** listed rooms the rules refused: each keeps its (ended) listener of its own while listed */
  const alone = new Set<string>();
  let listed = false;
  const emit = () => {
    if (!listed || [...groups].some((g) => !g.answered)) return;
    const rooms = [...groups].flatMap((g) => g.rooms);
    onRooms(rooms.sort((a, b) => (b.lastMessageAt?.toMillis() ?? 0) - (a.lastMessageAt?.toMillis() ?? 0)));
  };
  const answer = (group: RoomGroup, rooms: RoomDoc[]) => {
    group.rooms = rooms;
    group.answered = true;
    emit();
  };
  const start = (ids: string[]) => {
    const group: RoomGroup = { ids, stop: () => {}, rooms: [], answered: false };
    groups.add(group);
    const refused = (error: Error) => {
      // no longer mine to read (a private room I was just taken out of; the list entry goes with
      // the membership, in the same batch)
      const denied = errorCode(error) === 'permission-denied';
      if (denied && ids.length > 1) {
        // which room it was shows once each has a listener of its own
        groups.delete(group);
        for (const id of ids) start([id]);
        return;
      }
      if (denied) alone.add(ids[0]!);
      else onError(error);
      answer(group, []);
    };
    group.stop =
      ids.length === 1
        ? listenDoc(refs.room(db, ids[0]!), (room) => answer(group, room ? [room] : []), refused)
        : listen(
            query(refs.rooms(db), where(documentId(), 'in', ids), limit(ids.length)),
            (rooms) => answer(group, rooms),
            refused,
          );
  };
  const stopListings = onSnapshot(
    query(refs.listings(db, uid), limit(MY_ROOMS_LIMIT)),
    { includeMetadataChanges: true },
    (snap) => {
      // An entry of a join still on its way is in the cache before the server has the member
      // document: a listener started then would be refused the room (a private one) for good.
      // It starts when the server has confirmed the join.
      const ids = new Set(snap.docs.filter((d) => !d.metadata.hasPendingWrites).map((d) => d.id));
      for (const id of alone) if (!ids.has(id)) alone.delete(id);
      const small: RoomGroup[] = [];
      for (const group of groups) {
        if (!group.ids.every((id) => ids.has(id))) {
          group.stop();
          groups.delete(group);
        } else if (group.ids.length * 2 < ROOMS_PER_LISTENER && !alone.has(group.ids[0]!)) {
          small.push(group);
        }
      }
      const placed = new Set([...groups].flatMap((g) => g.ids));
      const homeless = [...ids].filter((id) => !placed.has(id));
      // listeners under half full are read together again when rooms are to be placed or there
      // are several (a join, or the rooms of a refused listener); one alone is kept
      if (homeless.length > 0 || small.length > 1) {
        for (const group of small) {
          group.stop();
          groups.delete(group);
          homeless.push(...group.ids);
        }
      }
      for (let i = 0; i < homeless.length; i += ROOMS_PER_LISTENER) start(homeless.slice(i, i + ROOMS_PER_LISTENER));
      listed = true;
      emit();
    },
    onError,
  );
  return () => {
    stopListings();
    for (const group of groups) group.stop();
    groups.clear();
  };
}

/**
 * Public rooms to browse, those active in the latest hours first: ordered by activeHour, the hour
 * of their last message, not by lastMessageAt, whose index would take a write from every room's
 * every summary in one sequential range (docs/scale.md). Within an hour the order is the index's
 * (the caller sorts what it gets by the exact time). A room with no message yet has a null
 * activeHour, which sorts after every other: the newest rooms are read beside these
 * (subscribeNewPublicRooms).
 */
export const subscribePublicRooms = querySubscription((db) =>
  query(refs.rooms(db), where('kind', '==', 'public'), orderBy('activeHour', 'desc'), limit(BROWSE_ACTIVE_ROOMS)),
);

/** The newest public rooms, whether or not anyone has written in them yet. */
export const subscribeNewPublicRooms = querySubscription((db) =>
  query(refs.rooms(db), where('kind', '==', 'public'), orderBy('createdAt', 'desc'), limit(BROWSE_NEW_ROOMS)),
);

/** My own member document of the room (null when I am not, or no longer, a member). */
export const subscribeMyMembership = docSubscription((db, roomId: string, uid: string) => refs.member(db, roomId, uid));

/** The room's first 100 members (by uid, the rules' list cap); searchMembers reaches the rest. */
export const subscribeMembers = querySubscription((db, roomId: string) =>
  query(refs.members(db, roomId), limit(MAX_QUERY_LIMIT)),
);

/**
 * Up to `max` (at most 100, the rules' list cap) members of the room whose name starts with
 * `prefix`, case-insensitively, by name: a range on nameLower ordered by it, which Firestore
 * serves from the field's automatic single-field index (no composite index). A member document
 * without nameLower (written before it existed, not yet backfilled) is not in that index and is
 * not found. Empty for an empty prefix: the loaded page is what "@" alone offers.
 */
export async function searchMembers(db: Firestore, roomId: string, prefix: string, max: number): Promise<MemberDoc[]> {
  const p = memberNameLower(prefix);
  if (!p || max < 1) return [];
  const snap = await getDocs(
    query(
      refs.members(db, roomId),
      where('nameLower', '>=', p),
      where('nameLower', '<', `${p}\uf8ff`),
      orderBy('nameLower'),
      limit(Math.min(max, MAX_QUERY_LIMIT)),
    ),
  );
  return snap.docs.map((d) => d.data());
}

/** The user's read cursors, one per room they have read. */
export const subscribeReads = querySubscription((db, uid: string) =>
  query(refs.reads(db, uid), limit(MAX_QUERY_LIMIT)),
);

/** A Firestore time from microseconds (see lib/unread Micros), exactly. */
function timestampOf(us: Micros): Timestamp {
  const seconds = Math.floor(us / 1_000_000);
  return new Timestamp(seconds, (us - seconds * 1_000_000) * 1_000);
}

/**
 * The reader's unread messages in the window (after, upTo]: text that others wrote and nobody
 * redacted, after the read cursor and up to the room summary's newest message. The upper bound
 * makes the result a fact about that summary, whenever the count runs. Counted by the server
 * without downloading them, capped at `cap` (the rules want a limit on every list query), so a
 * result of `cap` means "at least cap". Index: kind, deleted, inRoom, createdAt, authorId.
 */
export async function countUnread(
  db: Firestore,
  roomId: string,
  window: { reader: string; after: Micros | null; upTo: Micros },
  cap: number,
): Promise<number> {
  const upTo = query(
    refs.messages(db, roomId),
    // what people wrote: system notices (joins, renames) do not make a room unread
    where('kind', '==', 'text'),
    where('deleted', '==', false),
    // the room's own history: a reply that stays in its thread does not make the room unread
    where('inRoom', '==', true),
    where('createdAt', '<=', timestampOf(window.upTo)),
    where('authorId', '!=', window.reader),
    // the selective range first, so the index scan covers only the window
    orderBy('createdAt'),
    orderBy('authorId'),
    limit(cap),
  );
  const q = window.after === null ? upTo : query(upTo, where('createdAt', '>', timestampOf(window.after)));
  const snap = await getCountFromServer(q);
  return snap.data().count;
}

/** Whether the caller is banned from the room (they may read their own ban). */
/**
 * Whether `uid` is a member of the room, as the cache or the server says: never from a read that
 * failed for want of a connection (readDoc waits for one); false when the rules refuse the read.
 */
export async function isMember(db: Firestore, roomId: string, uid: string): Promise<boolean> {
  const snap = await readDoc(refs.member(db, roomId, uid)).catch(() => null);
  return snap?.exists() ?? false;
}

/** A member's document, read as isMember reads; null when they are not a member (or the read is refused). */
export async function readMember(db: Firestore, roomId: string, uid: string): Promise<MemberDoc | null> {
  const snap = await readDoc(refs.member(db, roomId, uid)).catch(() => null);
  return snap?.exists() ? snap.data() : null;
}

/** The room, or null when it does not exist or the rules refuse it to the caller (read as isMember reads). */
export async function readRoom(db: Firestore, roomId: string): Promise<RoomDoc | null> {
  const snap = await readDoc(refs.room(db, roomId)).catch(() => null);
  return snap?.exists() ? snap.data() : null;
}

export async function isBanned(db: Firestore, roomId: string, uid: string): Promise<boolean> {
  const snap = await getDoc(refs.ban(db, roomId, uid)).catch(() => null);
  return snap?.exists() ?? false;
}
