/**
 * Typed references for what the Functions read and write, typed from the shared model
 * (shared/src/model.ts) with the Admin SDK's Timestamp, as web/src/data/converters.ts does for
 * the client. The id stays in the path (`snapshot.id`), never in the data.
 *
 * A converter reads a document as the model says it is stored and checks nothing: it costs no
 * read and cannot throw on a document an older version wrote. Fields the model marks optional
 * may be absent; handlers still guard what a client could have left out.
 */
import { memberNameLower } from '@chat/shared';
import type {
  AttachmentMeta,
  Member,
  Message,
  MessageTally,
  ModerationConfig,
  QueueItem,
  Reaction,
  ReadCursor,
  ReceiptSummary,
  Rename,
  Report,
  Restriction,
  Room,
  UserProfile,
} from '@chat/shared';
import type {
  DocumentReference,
  DocumentSnapshot,
  Firestore,
  FirestoreDataConverter,
  QueryDocumentSnapshot,
  Timestamp,
  Transaction,
} from 'firebase-admin/firestore';

export type RoomData = Room<Timestamp>;
export type MessageTallyData = MessageTally<Timestamp>;
export type MessageData = Message<Timestamp>;
export type MemberData = Member<Timestamp>;
export type ProfileData = UserProfile<Timestamp>;
export type ReportData = Report<Timestamp>;
export type QueueItemData = QueueItem<Timestamp>;
export type AttachmentMetaData = AttachmentMeta<Timestamp>;
export type RestrictionData = Restriction<Timestamp>;
export type ReadCursorData = ReadCursor<Timestamp>;
export type ReceiptSummaryData = ReceiptSummary<Timestamp>;
/** rooms/{roomId}/renames/{uid}: uid's latest change of the room's name or topic */
export type RenameData = Rename<Timestamp>;
/** rooms/{roomId}/messages/{messageId}/reactions/{uid}: the emojis one member gave one message */
export type ReactionData = Reaction;
/**
 * config/moderation and rooms/{roomId}/config/moderation as stored: any field may be absent, and
 * terms stored before they became a map are a list ({term, severity}); mergeConfigs reads both.
 */
export type ModerationConfigData = { [K in keyof ModerationConfig]?: unknown };

/**
 * Data as `T` on read, written as given. The one place stored data is taken to be of its model's
 * type: the rules (and the Functions' own writes) hold each path to that shape. `upgrade` fills
 * in what documents of an older shape lack, as the client's converters do.
 */
export function converter<T extends object>(upgrade: (stored: T) => T = (stored) => stored): Converter<T> {
  const fromData = (data: object) => upgrade(data as T);
  return {
    toFirestore: (value) => value,
    fromFirestore: (snapshot: QueryDocumentSnapshot) => fromData(snapshot.data()),
    fromData,
  };
}

export interface Converter<T> extends FirestoreDataConverter<T> {
  /** a document's data, as `snapshot.data()` gives it, as T */
  fromData(data: object): T;
}

export const converters = {
  room: converter<RoomData>(),
  message: converter<MessageData>(),
  // a member who joined before nameLower existed has none until the backfill (docs/data-model.md)
  member: converter<MemberData>((m) =>
    typeof m.nameLower === 'string' ? m : { ...m, nameLower: memberNameLower(m.displayName) },
  ),
  profile: converter<ProfileData>(),
  report: converter<ReportData>(),
  queueItem: converter<QueueItemData>(),
  attachmentMeta: converter<AttachmentMetaData>(),
  restriction: converter<RestrictionData>(),
  readCursor: converter<ReadCursorData>(),
  receiptSummary: converter<ReceiptSummaryData>(),
  rename: converter<RenameData>(),
  reaction: converter<ReactionData>(),
  moderationConfig: converter<ModerationConfigData>(),
};
const {
  room: rooms,
  message: messages,
  member: members,
  profile: profiles,
  queueItem: queueItems,
  attachmentMeta: attachmentMetas,
  restriction: restrictions,
  readCursor: readCursors,
  receiptSummary: receiptSummaries,
  reaction: reactions,
  moderationConfig: moderationConfigs,
} = converters;

export const refs = {
  rooms: (store: Firestore) => store.collection('rooms').withConverter(rooms),
  room: (store: Firestore, roomId: string) => store.doc(`rooms/${roomId}`).withConverter(rooms),
  messages: (store: Firestore, roomId: string) => store.collection(`rooms/${roomId}/messages`).withConverter(messages),
  message: (store: Firestore, roomId: string, messageId: string) =>
    store.doc(`rooms/${roomId}/messages/${messageId}`).withConverter(messages),
  /** the members' reaction documents of one message, one per member (the server counts them) */
  reactions: (store: Firestore, roomId: string, messageId: string) =>
    store.collection(`rooms/${roomId}/messages/${messageId}/reactions`).withConverter(reactions),
  reaction: (store: Firestore, roomId: string, messageId: string, uid: string) =>
    store.doc(`rooms/${roomId}/messages/${messageId}/reactions/${uid}`).withConverter(reactions),
  members: (store: Firestore, roomId: string) => store.collection(`rooms/${roomId}/members`).withConverter(members),
  member: (store: Firestore, roomId: string, uid: string) =>
    store.doc(`rooms/${roomId}/members/${uid}`).withConverter(members),
  profile: (store: Firestore, uid: string) => store.doc(`users/${uid}`).withConverter(profiles),
  readCursor: (store: Firestore, uid: string, roomId: string) =>
    store.doc(`users/${uid}/reads/${roomId}`).withConverter(readCursors),
  receiptSummary: (store: Firestore, roomId: string) =>
    store.doc(`rooms/${roomId}/receipts/summary`).withConverter(receiptSummaries),
  queueItem: (store: Firestore, roomId: string, messageId: string) =>
    store.doc(`rooms/${roomId}/moderationQueue/${messageId}`).withConverter(queueItems),
  attachmentMeta: (store: Firestore, roomId: string, attachmentId: string) =>
    store.doc(`rooms/${roomId}/attachments/${attachmentId}`).withConverter(attachmentMetas),
  /** every room's uploads, for the clean-up's scans */
  allAttachmentMetas: (store: Firestore) => store.collectionGroup('attachments').withConverter(attachmentMetas),
  /** every room's messages, for the clean-up's scan of held ones */
  allMessages: (store: Firestore) => store.collectionGroup('messages').withConverter(messages),
  restriction: (store: Firestore, uid: string) => store.doc(`restrictions/${uid}`).withConverter(restrictions),
  globalModeration: (store: Firestore) => store.doc('config/moderation').withConverter(moderationConfigs),
  roomModeration: (store: Firestore, roomId: string) =>
    store.doc(`rooms/${roomId}/config/moderation`).withConverter(moderationConfigs),
};

/**
 * A trigger event's document (the event's snapshots come untyped) read through a converter: its
 * data as T, or undefined when there is none (before a create, after a delete), as `data()` says.
 */
export function dataOf<T>(snapshot: Pick<DocumentSnapshot, 'data'> | undefined, converter: Converter<T>): T | undefined {
  const data = snapshot?.data();
  return data === undefined ? undefined : converter.fromData(data);
}

type Snapshots<R extends readonly DocumentReference<object>[]> = {
  [K in keyof R]: R[K] extends DocumentReference<infer T> ? DocumentSnapshot<T> : never;
};

/**
 * `getAll` (one round trip, one billed read per document, as the SDK's) keeping each
 * reference's type: the SDK's own signature takes one type for every reference.
 */
export function getAll<R extends readonly DocumentReference<object>[]>(
  reader: Firestore | Transaction,
  ...refs: R
): Promise<Snapshots<R>> {
  return reader.getAll(...refs) as Promise<Snapshots<R>>;
}
