/**
 * Typed references. Ids stay in paths: converters add `id` on read and strip it on write.
 * Timestamps are read with serverTimestamps 'estimate', so a message just sent has a time
 * before the server answers.
 */
import {
  memberNameLower,
  type Activity,
  type Ban,
  type Block,
  type BlockedBy,
  type Invite,
  type Join,
  type Member,
  type Message,
  type MessageRequest,
  type NameLedger,
  type UploadLedger,
  type EditLedger,
  type RoomNameLedger,
  type NotificationSettings,
  type Presence,
  type ReadCursor,
  type ReceiptSummary,
  type Report,
  type Reaction,
  type Restriction,
  type Room,
  type RoomListing,
  type RoomLedger,
  type Rename,
  type Sanction,
  type SendLedger,
  type SidebarSettings,
  type SlowModeStamp,
  type ThreadRead,
  type Typing,
  type UserProfile,
} from '@chat/shared';
import {
  collection,
  doc,
  type Firestore,
  type FirestoreDataConverter,
  type QueryDocumentSnapshot,
  type Timestamp,
  type WithFieldValue,
} from 'firebase/firestore';

export type WithId<T> = T & { id: string };

/**
 * Adds the id on read and strips it on write; timestamps read with serverTimestamps 'estimate'.
 * The stored shape `T` is the reference's database type, so `updateDoc` and `batch.update` on a
 * typed reference take `UpdateData<T>`: a misspelt or mistyped field is a type error. `upgrade`
 * fills in on read what documents of an older shape lack.
 */
export function converter<T extends object>(
  upgrade: (stored: T) => T = (stored) => stored,
): FirestoreDataConverter<WithId<T>, T> {
  return {
    toFirestore(value: WithFieldValue<WithId<T>>): WithFieldValue<T> {
      // only the top-level id goes: nested ids (replyTo, lastMessage, attachment) are data
      const { id: _id, ...data } = value as Record<string, unknown>;
      return data as WithFieldValue<T>;
    },
    fromFirestore(snapshot: QueryDocumentSnapshot): WithId<T> {
      return { ...upgrade(snapshot.data({ serverTimestamps: 'estimate' }) as T), id: snapshot.id };
    },
  };
}

export type RoomDoc = WithId<Room<Timestamp>>;
export type RoomListingDoc = WithId<RoomListing<Timestamp>>;
export type MessageDoc = WithId<Message<Timestamp>>;
export type MemberDoc = WithId<Member<Timestamp>>;
export type UserDoc = WithId<UserProfile<Timestamp>>;
export type ReadCursorDoc = WithId<ReadCursor<Timestamp>>;
export type LedgerDoc = WithId<SendLedger<Timestamp>>;
export type TypingDoc = WithId<Typing<Timestamp>>;
export type ThreadReadDoc = WithId<ThreadRead<Timestamp>>;
export type ActivityDoc = WithId<Activity<Timestamp>>;
export type ReceiptSummaryDoc = WithId<ReceiptSummary<Timestamp>>;
export type PresenceDoc = WithId<Presence<Timestamp>>;
export type InviteDoc = WithId<Invite<Timestamp>>;
export type BanDoc = WithId<Ban<Timestamp>>;
export type ReportDoc = WithId<Report<Timestamp>>;
export type SettingsDoc = WithId<NotificationSettings>;
export type RestrictionDoc = WithId<Restriction<Timestamp>>;
export type RequestDoc = WithId<MessageRequest<Timestamp>>;

/**
 * Rooms written before memberCount existed count their memberIds until the migration sets it;
 * rooms written before activeHour read it as null until their next message or the migration.
 */
const roomConverter = converter<Room<Timestamp>>((r) => {
  const counted = typeof r.memberCount === 'number' ? r : { ...r, memberCount: r.memberIds?.length ?? 0 };
  return counted.activeHour === undefined ? { ...counted, activeHour: null } : counted;
});
const listingConverter = converter<RoomListing<Timestamp>>();
/** Messages written before threads have neither field: they are room messages. */
const messageConverter = converter<Message<Timestamp>>((m) =>
  m.inRoom === undefined || m.threadId === undefined
    ? { ...m, threadId: m.threadId ?? null, inRoom: m.inRoom ?? true }
    : m,
);
/** Members who joined before nameLower existed have none until the backfill (docs/data-model.md). */
const memberConverter = converter<Member<Timestamp>>(withNameLower);
const userConverter = converter<UserProfile<Timestamp>>();
const readConverter = converter<ReadCursor<Timestamp>>();
const ledgerConverter = converter<SendLedger<Timestamp>>();
const slowModeConverter = converter<SlowModeStamp<Timestamp>>();
const typingConverter = converter<Typing<Timestamp>>();
const threadReadConverter = converter<ThreadRead<Timestamp>>();
const activityConverter = converter<Activity<Timestamp>>();
const receiptConverter = converter<ReceiptSummary<Timestamp>>();
const presenceConverter = converter<Presence<Timestamp>>();
const inviteConverter = converter<Invite<Timestamp>>();
const banConverter = converter<Ban<Timestamp>>();
const reportConverter = converter<Report<Timestamp>>();
const reactionConverter = converter<Reaction>();
const settingsConverter = converter<NotificationSettings>();
const restrictionConverter = converter<Restriction<Timestamp>>();
const sidebarConverter = converter<SidebarSettings>();
const blockConverter = converter<Block<Timestamp>>();
const blockedByConverter = converter<BlockedBy>();
const sanctionConverter = converter<Sanction<Timestamp>>();
const renameConverter = converter<Rename<Timestamp>>();
const joinConverter = converter<Join>();
const roomLedgerConverter = converter<RoomLedger<Timestamp>>();
const nameLedgerConverter = converter<NameLedger<Timestamp>>();
const uploadLedgerConverter = converter<UploadLedger<Timestamp>>();
const editLedgerConverter = converter<EditLedger<Timestamp>>();
const roomNameLedgerConverter = converter<RoomNameLedger<Timestamp>>();
const requestConverter = converter<MessageRequest<Timestamp>>();

/** A member document with its nameLower, made from displayName when it has none. */
export function withNameLower<M extends { displayName: string; nameLower?: string }>(
  member: M,
): M & { nameLower: string } {
  return typeof member.nameLower === 'string'
    ? (member as M & { nameLower: string })
    : { ...member, nameLower: memberNameLower(member.displayName) };
}

export const refs = {
  rooms: (db: Firestore) => collection(db, 'rooms').withConverter(roomConverter),
  room: (db: Firestore, roomId: string) => doc(db, 'rooms', roomId).withConverter(roomConverter),
  messages: (db: Firestore, roomId: string) =>
    collection(db, 'rooms', roomId, 'messages').withConverter(messageConverter),
  message: (db: Firestore, roomId: string, id: string) =>
    doc(db, 'rooms', roomId, 'messages', id).withConverter(messageConverter),
  /** one member's reactions to one message (the server counts them into the message) */
  reaction: (db: Firestore, roomId: string, messageId: string, uid: string) =>
    doc(db, 'rooms', roomId, 'messages', messageId, 'reactions', uid).withConverter(reactionConverter),
  members: (db: Firestore, roomId: string) => collection(db, 'rooms', roomId, 'members').withConverter(memberConverter),
  member: (db: Firestore, roomId: string, uid: string) =>
    doc(db, 'rooms', roomId, 'members', uid).withConverter(memberConverter),
  user: (db: Firestore, uid: string) => doc(db, 'users', uid).withConverter(userConverter),
  users: (db: Firestore) => collection(db, 'users').withConverter(userConverter),
  /** uid's room list: one entry per room they are a member of (the id is the room's) */
  listings: (db: Firestore, uid: string) => collection(db, 'users', uid, 'rooms').withConverter(listingConverter),
  listing: (db: Firestore, uid: string, roomId: string) =>
    doc(db, 'users', uid, 'rooms', roomId).withConverter(listingConverter),
  read: (db: Firestore, uid: string, roomId: string) =>
    doc(db, 'users', uid, 'reads', roomId).withConverter(readConverter),
  reads: (db: Firestore, uid: string) => collection(db, 'users', uid, 'reads').withConverter(readConverter),
  activity: (db: Firestore, uid: string) => collection(db, 'users', uid, 'activity').withConverter(activityConverter),
  threadReads: (db: Firestore, uid: string) =>
    collection(db, 'users', uid, 'threadReads').withConverter(threadReadConverter),
  threadRead: (db: Firestore, uid: string, roomId: string, threadId: string) =>
    doc(db, 'users', uid, 'threadReads', `${roomId}:${threadId}`).withConverter(threadReadConverter),
  notificationSettings: (db: Firestore, uid: string) =>
    doc(db, 'users', uid, 'settings', 'notifications').withConverter(settingsConverter),
  sidebarSettings: (db: Firestore, uid: string) =>
    doc(db, 'users', uid, 'settings', 'sidebar').withConverter(sidebarConverter),
  /** whom the user blocks: ids are the blocked uids */
  blocks: (db: Firestore, uid: string) => collection(db, 'users', uid, 'blocks').withConverter(blockConverter),
  block: (db: Firestore, uid: string, other: string) =>
    doc(db, 'users', uid, 'blocks', other).withConverter(blockConverter),
  /** who blocks uid: written by each blocker (their own uid only), read by nobody but the rules */
  blockedBy: (db: Firestore, uid: string) => doc(db, 'blockedBy', uid).withConverter(blockedByConverter),
  /** a direct room's message request: the id is the room's */
  request: (db: Firestore, roomId: string) => doc(db, 'requests', roomId).withConverter(requestConverter),
  requests: (db: Firestore) => collection(db, 'requests').withConverter(requestConverter),
  ledger: (db: Firestore, uid: string) => doc(db, 'ledgers', uid).withConverter(ledgerConverter),
  roomLedger: (db: Firestore, uid: string) => doc(db, 'roomLedgers', uid).withConverter(roomLedgerConverter),
  nameLedger: (db: Firestore, uid: string) => doc(db, 'nameLedgers', uid).withConverter(nameLedgerConverter),
  editLedger: (db: Firestore, uid: string) => doc(db, 'editLedgers', uid).withConverter(editLedgerConverter),
  roomNameLedger: (db: Firestore, uid: string) =>
    doc(db, 'roomNameLedgers', uid).withConverter(roomNameLedgerConverter),
  uploadLedger: (db: Firestore, uid: string) => doc(db, 'uploadLedgers', uid).withConverter(uploadLedgerConverter),
  slowMode: (db: Firestore, roomId: string, uid: string) =>
    doc(db, 'rooms', roomId, 'slowMode', uid).withConverter(slowModeConverter),
  typing: (db: Firestore, roomId: string) => collection(db, 'rooms', roomId, 'typing').withConverter(typingConverter),
  typist: (db: Firestore, roomId: string, uid: string) =>
    doc(db, 'rooms', roomId, 'typing', uid).withConverter(typingConverter),
  receiptSummary: (db: Firestore, roomId: string) =>
    doc(db, 'rooms', roomId, 'receipts', 'summary').withConverter(receiptConverter),
  presence: (db: Firestore, uid: string) => doc(db, 'presence', uid).withConverter(presenceConverter),
  presences: (db: Firestore) => collection(db, 'presence').withConverter(presenceConverter),
  invite: (db: Firestore, roomId: string, code: string) =>
    doc(db, 'rooms', roomId, 'invites', code).withConverter(inviteConverter),
  invites: (db: Firestore, roomId: string) => collection(db, 'rooms', roomId, 'invites').withConverter(inviteConverter),
  ban: (db: Firestore, roomId: string, uid: string) =>
    doc(db, 'rooms', roomId, 'bans', uid).withConverter(banConverter),
  /** the room's mute and last kick of uid, kept when they leave: readable by them and the room's admins */
  sanction: (db: Firestore, roomId: string, uid: string) =>
    doc(db, 'rooms', roomId, 'sanctions', uid).withConverter(sanctionConverter),
  /** uid's latest change of the room's name or topic, written with it (only the server reads it) */
  rename: (db: Firestore, roomId: string, uid: string) =>
    doc(db, 'rooms', roomId, 'renames', uid).withConverter(renameConverter),
  /** the invite code uid joined a private room by, kept off the member document every member reads */
  join: (db: Firestore, roomId: string, uid: string) =>
    doc(db, 'rooms', roomId, 'joins', uid).withConverter(joinConverter),
  restriction: (db: Firestore, uid: string) => doc(db, 'restrictions', uid).withConverter(restrictionConverter),
  /** one per reporter and message: the id makes a second report an update, which the rules refuse */
  report: (db: Firestore, roomId: string, uid: string, messageId: string) =>
    doc(db, 'rooms', roomId, 'reports', `${uid}_${messageId}`).withConverter(reportConverter),
};
