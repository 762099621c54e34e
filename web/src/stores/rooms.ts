import {
  DEFAULT_ROOM_ID,
  HIDDEN_CHARACTERS,
  MAX_ROOM_NAME,
  MAX_TOPIC,
  ROOM_CREATE_COUNT,
  ROOM_RENAME_COUNT,
  SYSTEM_AUTHOR_ID,
} from '@chat/shared';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { Timestamp } from 'firebase/firestore';
import { db } from '../firestore';
import { pageState } from '../lib/pageState';
import type { ReadCursorDoc, RoomDoc } from '../data/converters';
import {
  countUnread,
  createRoom,
  ensureDefaultRoom,
  isBanned,
  isMember,
  joinRoom,
  openDirectRoom,
  kickMember,
  readRoom,
  leaveRoom,
  RoomLimitReached,
  RoomRenameLimitReached,
  setMutedUntil,
  setRole,
  subscribeMyRooms,
  subscribeReads,
  updateRoomSettings,
  type RoomSettings,
} from '../data/rooms';
import { checkInvite, createInvite, revokeInvite } from '../data/invites';
import { t } from '../i18n';
import { errorCode, RoomAccessError, UserError } from '../lib/errors';
import { forgetRemoval, rememberRemoval, wasRemoved } from '../lib/removals';
import { newInviteCode } from '../lib/search';
import { formatClock } from '../lib/time';
import { UNREAD_CAP, UnreadCounter, byActivity, toMicros, totalUnread, type UnreadObservation } from '../lib/unread';
import { forgetUnread, unreadMemory } from '../lib/unreadMemory';
import { getProfile } from '../data/users';
import { useAuthStore } from './auth';
import { useBlocksStore } from './blocks';
import { useRequestsStore } from './requests';
import { useUsersStore } from './users';

const ms = (t: Timestamp | null | undefined) => (t ? t.toMillis() : null);

/** The hourly limit on new rooms and conversations, told in words with when the next one frees up. */
function toldRoomLimit(error: unknown): never {
  if (error instanceof RoomLimitReached) {
    throw new UserError(t('store.roomLimit', { max: ROOM_CREATE_COUNT, time: formatClock(error.retryAt) }));
  }
  throw error;
}

/** What the room's unread count depends on: its summary and the reader's cursor. */
function unreadObservation(room: RoomDoc, cursor: ReadCursorDoc | undefined, uid: string): UnreadObservation {
  const author = room.lastMessage?.authorId;
  return {
    after: toMicros(cursor?.lastReadAt),
    upTo: toMicros(room.lastMessageAt),
    version: room.messageCount,
    newestByOthers: author !== undefined && author !== uid && author !== SYSTEM_AUTHOR_ID,
  };
}

export interface RoomEntry {
  room: RoomDoc;
  /** what the list shows: the room name, or the other person's name in a direct room */
  title: string;
  unread: number;
  otherUid: string | null;
  /**
   * a direct room still waiting on its message request: 'incoming' when it waits for me (kept
   * out of unread totals and notifications, listed under Message requests), 'outgoing' when I
   * sent it and the other person has not accepted yet
   */
  request: 'incoming' | 'outgoing' | null;
}

/** A room's name and topic as the rules accept them, or a UserError saying what to change. */
function checkedTitles(name: string, topic: string): { name: string; topic: string } {
  const trimmed = name.trim();
  if (!trimmed) throw new UserError(t('store.nameRequired'));
  if (trimmed.length > MAX_ROOM_NAME) throw new UserError(t('store.nameTooLong', { max: MAX_ROOM_NAME }));
  if (topic.trim().length > MAX_TOPIC) throw new UserError(t('store.topicTooLong', { max: MAX_TOPIC }));
  // lib/validation's hiddenCharacters builds its sentence around an English subject ("A room name"),
  // which does not translate: the same test here, with a whole sentence per field
  if (HIDDEN_CHARACTERS.test(trimmed)) throw new UserError(t('store.nameHidden'));
  if (HIDDEN_CHARACTERS.test(topic)) throw new UserError(t('store.topicHidden'));
  return { name: trimmed, topic };
}

/** The signed-in user's rooms with their unread counts, and every write that changes membership. */
export const useRoomsStore = defineStore('rooms', () => {
  const auth = useAuthStore();
  const users = useUsersStore();
  const requests = useRequestsStore();
  const blocks = useBlocksStore();
  const rooms = shallowRef<RoomDoc[]>([]);
  const roomsLoaded = ref(false);
  // a direct room someone else made may be a request until the requests have answered once
  const loaded = computed(() => roomsLoaded.value && requests.settled);
  const reads = shallowRef(new Map<string, ReadCursorDoc>());
  const unread = ref<Record<string, number>>({});
  const error = ref<string | null>(null);
  /** the room on screen: its new messages are being read, so they do not count */
  const openRoomId = ref<string | null>(null);
  let counter: UnreadCounter | null = null;
  let stops: (() => void)[] = [];

  watch(
    () => auth.uid,
    (uid, previous) => {
      if (previous && !uid) forgetUnread(previous);
      for (const stop of stops) stop();
      stops = [];
      counter?.clear();
      counter = null;
      rooms.value = [];
      reads.value = new Map();
      unread.value = {};
      roomsLoaded.value = false;
      if (!uid) return;
      const memory = unreadMemory(uid);
      const mine = new UnreadCounter({
        count: (roomId, w) => countUnread(db, roomId, { reader: uid, after: w.after, upTo: w.upTo }, UNREAD_CAP),
        recall: memory.recall,
        remember: memory.remember,
        onCount: (roomId, n) => {
          if (counter === mine && unread.value[roomId] !== n) unread.value = { ...unread.value, [roomId]: n };
        },
      });
      counter = mine;
      const onError = (e: Error) => (error.value = e.message);
      stops.push(
        subscribeMyRooms(
          db,
          uid,
          (next) => {
            rooms.value = next;
            roomsLoaded.value = true;
            recount();
          },
          onError,
        ),
        subscribeReads(
          db,
          uid,
          (next) => {
            reads.value = new Map(next.map((r) => [r.id, r]));
            recount();
          },
          onError,
        ),
      );
    },
    { immediate: true },
  );

  /**
   * Hands every room's summary and cursor to the counter, which counts again only what moved
   * and keeps each count converging (see UnreadCounter).
   */
  function recount() {
    const uid = auth.uid;
    if (!counter || !uid) return;
    // a request waiting for me counts nothing, so it costs no count either
    const counted = rooms.value.filter((r) => requests.sideOf(r.id) !== 'incoming');
    counter.retain(new Set(counted.map((r) => r.id)));
    for (const room of counted) counter.observe(room.id, unreadObservation(room, reads.value.get(room.id), uid));
  }
  watch(() => requests.incomingIds, recount);

  const entries = computed<RoomEntry[]>(() => {
    const me = auth.uid;
    const list = rooms.value.flatMap((room) => {
      const otherUid = room.kind === 'direct' ? (room.memberIds?.find((id) => id !== me) ?? null) : null;
      // not yet known whether it is a request: shown once it is
      if (otherUid && room.createdBy !== me && !requests.settled) return [];
      const request = room.kind === 'direct' ? requests.sideOf(room.id) : null;
      // a request I answered by blocking its sender leaves the list (unblocking brings it back)
      if (request === 'incoming' && otherUid && blocks.isBlocked(otherUid)) return [];
      const title = otherUid ? users.nameOf(otherUid) : room.name;
      const count =
        request === 'incoming' || (room.id === openRoomId.value && pageState.visible)
          ? 0
          : (unread.value[room.id] ?? 0);
      return {
        room,
        title,
        unread: count,
        otherUid,
        request,
        id: room.id,
        lastMessageAtMs: ms(room.lastMessageAt),
        createdAtMs: ms(room.createdAt),
      };
    });
    return byActivity(list);
  });

  const totalUnreadCount = computed(() => totalUnread(entries.value.map((e) => e.unread)));

  function roomById(roomId: string | null): RoomEntry | null {
    return entries.value.find((e) => e.room.id === roomId) ?? null;
  }

  watch(
    () => rooms.value.filter((r) => r.kind === 'direct').flatMap((r) => r.memberIds ?? []),
    (uids) => users.load(uids.filter((id) => id !== auth.uid)),
  );

  function myUid(): string {
    if (!auth.uid) throw new UserError(t('store.signedOut'));
    return auth.uid;
  }

  /**
   * The caller as their member document names them. The rules accept a member document only under
   * the profile's name, and someone who just signed in with Google may have no profile yet: this
   * waits for it (users.ensureMine), so writes that name the caller go after it.
   */
  async function me(): Promise<{ uid: string; displayName: string }> {
    const uid = myUid();
    return { uid, displayName: await users.ensureMine() };
  }

  /** A room of my list is one I am a member of: each entry goes with its member document, in one batch. */
  function isListed(roomId: string): boolean {
    return rooms.value.some((r) => r.id === roomId);
  }

  /**
   * Makes sure the user can read the room: joins it when it is public and they are not in it,
   * unless this browser saw them removed from it (then they join again only by asking, `join`).
   * Throws a RoomAccessError saying why not.
   */
  async function enter(roomId: string): Promise<void> {
    if (isListed(roomId)) return;
    if (await isMember(db, roomId, myUid())) return;
    const { uid, displayName } = await me();
    // the first person ever in makes #general, as its owner
    if (roomId === DEFAULT_ROOM_ID && (await ensureDefaultRoom(db, uid, displayName)) === 'created') return;
    const room = await readRoom(db, roomId);
    if (!room) throw new RoomAccessError('missing', t('store.roomMissing'));
    if (room.kind !== 'public') throw new RoomAccessError('private', t('store.roomPrivate'));
    const name = room.name;
    if (await isBanned(db, roomId, uid)) throw new RoomAccessError('banned', t('store.wereBanned'), name);
    if (wasRemoved(uid, roomId)) throw new RoomAccessError('removed', t('store.wereRemoved'), name);
    await joinRoom(db, roomId, uid, displayName);
    leaving.delete(roomId);
  }

  /** Rooms I am leaving myself: the conversation must not take my going for a removal. */
  const leaving = new Set<string>();

  /** The conversation saw me taken out of the room by someone else. */
  function removedFrom(roomId: string): void {
    if (auth.uid && !leaving.has(roomId)) rememberRemoval(auth.uid, roomId);
  }

  /** Saves a room's settings as its settings dialog shows them (a room in my list). */
  async function saveSettings(roomId: string, changes: RoomSettings): Promise<void> {
    const shown = roomById(roomId)?.room;
    if (!shown) throw new UserError(t('room.unavailable'));
    const titles = checkedTitles(changes.name, changes.topic);
    await updateRoomSettings(db, roomId, myUid(), { ...changes, ...titles }, shown).catch((error: unknown) => {
      if (!(error instanceof RoomRenameLimitReached)) throw error;
      throw new UserError(t('store.roomRenameLimit', { max: ROOM_RENAME_COUNT, time: formatClock(error.retryAt) }));
    });
  }

  async function create(kind: 'public' | 'private', name: string, topic: string): Promise<string> {
    return createRoom(db, { kind, ...checkedTitles(name, topic), ...(await me()) }).catch(toldRoomLimit);
  }

  async function join(roomId: string): Promise<void> {
    const { uid, displayName } = await me();
    if (await isBanned(db, roomId, uid)) throw new UserError(t('store.areBanned'));
    await joinRoom(db, roomId, uid, displayName);
    leaving.delete(roomId);
    forgetRemoval(uid, roomId);
  }

  /** Joins a private room by invite link; throws a UserError saying why not. */
  async function joinByInvite(roomId: string, code: string): Promise<void> {
    if (await isMember(db, roomId, myUid())) return;
    const { uid, displayName } = await me();
    const status = await checkInvite(db, roomId, code, uid);
    if (status === 'missing') throw new UserError(t('store.inviteInvalid'));
    if (status === 'revoked') throw new UserError(t('store.inviteRevoked'));
    if (status === 'expired') throw new UserError(t('store.inviteExpired'));
    if (status === 'kicked') throw new UserError(t('store.inviteKicked'));
    if (await isBanned(db, roomId, uid)) throw new UserError(t('store.areBanned'));
    await joinRoom(db, roomId, uid, displayName, code);
  }

  async function leave(roomId: string): Promise<void> {
    // kept until I join it again: my own going is never a removal
    leaving.add(roomId);
    await leaveRoom(db, roomId, myUid());
  }

  /**
   * A private room of my list that `uid` is in too (their member document, which members read):
   * with one, a new direct room needs no request. No room document lists its members, so this
   * asks each of my private rooms, once, when a direct room is opened.
   */
  async function sharedPrivateRoom(uid: string): Promise<string | null> {
    const mine = rooms.value.filter((r) => r.kind === 'private');
    const shared = await Promise.all(mine.map((r) => isMember(db, r.id, uid).catch(() => false)));
    return mine.find((_, i) => shared[i])?.id ?? null;
  }

  /**
   * Opens (or starts) my direct room with `other`; a message request unless we share a private
   * room. A refusal is told by its cause as far as I may know it: their account is gone, or
   * (the one refusal left, which the rules do not name) they block me.
   */
  async function openDirect(other: { uid: string; displayName: string }): Promise<string> {
    const self = await me();
    const attempt = (person: { uid: string; displayName: string }, via: string | null) =>
      openDirectRoom(db, self, person, via).then(
        (id) => id,
        (e: unknown) => {
          if (errorCode(e) === 'permission-denied') return null;
          return toldRoomLimit(e);
        },
      );
    // a private room we shared may have lost one of us since my list saw it: then a request
    const via = await sharedPrivateRoom(other.uid);
    const open = async (person: { uid: string; displayName: string }) =>
      (await attempt(person, via)) ?? (via === null ? null : await attempt(person, null));
    const opened = await open(other);
    if (opened) return opened;
    // the member document carries their name as their profile has it now
    const profile = await getProfile(db, other.uid);
    if (!profile) throw new UserError(t('store.accountGone', { name: other.displayName }));
    if (profile.displayName !== other.displayName) {
      const renamed = await open({ uid: other.uid, displayName: profile.displayName });
      if (renamed) return renamed;
    }
    throw new UserError(t('store.cannotMessage', { name: profile.displayName }));
  }

  return {
    rooms,
    loaded,
    entries,
    unread,
    totalUnread: totalUnreadCount,
    openRoomId,
    error,
    roomById,
    isListed,
    enter,
    removedFrom,
    isLeaving: (roomId: string) => leaving.has(roomId),
    isBanned: (roomId: string) => (auth.uid ? isBanned(db, roomId, auth.uid) : Promise.resolve(false)),
    create,
    join,
    joinByInvite,
    leave,
    openDirect,
    saveSettings,
    setRole: (roomId: string, uid: string, role: 'admin' | 'member') => setRole(db, roomId, uid, role),
    mute: (roomId: string, uid: string, until: Date | null) => setMutedUntil(db, roomId, uid, until),
    kick: (roomId: string, uid: string) => kickMember(db, roomId, uid),
    ban: (roomId: string, uid: string, reason: string) => kickMember(db, roomId, uid, { by: myUid(), reason }),
    createInvite: (roomId: string) => createInvite(db, roomId, newInviteCode(), myUid()),
    revokeInvite: (roomId: string, code: string) => revokeInvite(db, roomId, code),
  };
});
