/**
 * Document shapes, exactly as stored. Ids live in paths, never in data.
 * docs/data-model.md and firestore.rules are the authority; keep these in step.
 * Timestamps are generic so web (firebase) and functions (firebase-admin) share one shape.
 */

export type RoomKind = 'public' | 'private' | 'direct';
export type RoomRole = 'owner' | 'admin' | 'member';
export type PresenceState = 'online' | 'away' | 'offline';
export type MessageKind = 'text' | 'system';
export type NotifyLevel = 'all' | 'mentions' | 'none';

/** users/{uid} */
export interface UserProfile<T> {
  displayName: string;
  nameLower: string;
  photoURL: string | null;
  createdAt: T;
}

/** users/{uid}/reads/{roomId}: own read cursor, only moves forward. */
export interface ReadCursor<T> {
  lastReadAt: T;
  lastReadId: string;
  updatedAt: T;
}

/**
 * users/{uid}/rooms/{roomId}: the room is in uid's room list. It exists exactly while
 * rooms/{roomId}/members/{uid} does (written and deleted in the same batch, as the rules require).
 */
export interface RoomListing<T> {
  joinedAt: T;
}

/** presence/{uid} */
export interface Presence<T> {
  state: PresenceState;
  lastSeen: T;
}

export interface LastMessage<T> {
  id: string;
  authorId: string;
  authorName: string;
  excerpt: string;
  at: T;
}

/** rooms/{roomId} */
export interface Room<T> {
  kind: RoomKind;
  name: string;
  topic: string;
  createdBy: string;
  createdAt: T;
  /**
   * Direct rooms only: the two people, sorted (the room's id is made of them). A group room keeps
   * its members only as members/{uid} documents, each listed in users/{uid}/rooms: no document
   * grows with its membership (docs/scale.md).
   */
  memberIds?: string[];
  /** How many members/{uid} documents the room has: set at creation, then kept by the server. */
  memberCount: number;
  slowModeSec: number;
  /**
   * Set by the room's admins (absent means false): every new or edited text is held collapsed
   * for everyone but its author until the screening function has judged it ("Screening before
   * display" in docs/data-model.md).
   */
  holdUntilScreened?: boolean;
  /** server-owned */
  lastMessage: LastMessage<T> | null;
  lastMessageAt: T | null;
  /**
   * lastMessageAt to the hour (activeHourMs), set with it: what Browse and the daily statistics
   * query by. Its index entry changes once an hour per room, where lastMessageAt's would change
   * with every summary of every room, one sequential range for the whole app (docs/scale.md).
   * Absent on rooms from before it until `npm run migrate`.
   */
  activeHour: T | null;
  /** the room's messages in the room (not thread-only replies) that are not redacted */
  messageCount: number;
  /**
   * Server-owned, on rooms with a long history only: what messageCount is kept from, so the
   * summary's flush counts the messages since `upTo` instead of the whole history (a count() is
   * billed one read per 1,000 entries): see MessageTally.
   */
  messageTally?: MessageTally<T>;
}

/**
 * Documents of a set that only grows (a room's messages, a thread's replies: none is ever removed,
 * none changes set) counted once up to a moment, so a summary counts only those created after
 * `upTo` (functions/src/lib/tally.ts): a count() is billed one read per 1,000 entries.
 */
export interface Tally<T> {
  upTo: T;
  /** created at or before upTo */
  count: number;
}

/**
 * A room's tally: its messages in the room (redacted ones too), and `redacted`, those of all its
 * messages that are redacted (recounted when a redaction is flushed). messageCount is
 * count + (those created after upTo) - redacted.
 */
export interface MessageTally<T> extends Tally<T> {
  redacted: number;
}

/**
 * requests/{roomId}: the consent step of a direct room (roomId is its dm_ id), written in the
 * batch that creates the room. `via` names a private room both people are in, which makes it
 * accepted from the start; without one it waits for `to` to accept. A direct room without
 * this document (made before requests existed) counts as accepted.
 */
export interface MessageRequest<T> {
  from: string;
  to: string;
  via: string | null;
  createdAt: T;
  acceptedAt: T | null;
}

/**
 * rooms/{roomId}/members/{uid}. nameLower (== displayName.toLowerCase()) is what the composer's
 * @mention search queries by prefix; documents written before it existed lack it until backfilled
 * (docs/data-model.md), and the client's converter fills it in on read.
 */
export interface Member<T> {
  uid: string;
  role: RoomRole;
  displayName: string;
  nameLower: string;
  joinedAt: T;
  mutedUntil: T | null;
}

/**
 * rooms/{roomId}/sanctions/{uid}: what the room holds against uid beyond their membership, kept
 * when they leave so no path through leaving and joining sheds it: the mute, which every member
 * document of theirs mirrors, and the time of the last kick. Written by the room's admins.
 */
export interface Sanction<T> {
  mutedUntil: T | null;
  kickedAt: T | null;
}

/**
 * rooms/{roomId}/renames/{uid}: uid's latest change of the room's name or topic, written in the
 * batch that changes them, with only the fields it changed. Its trigger screens and announces
 * them; the room document's other writes (the summary, the member count) start no trigger.
 */
export interface Rename<T> {
  name?: string;
  topic?: string;
  at: T;
}

/**
 * rooms/{roomId}/joins/{uid}: the invite code uid joined a private room by, written with their
 * member document. Kept off the member document, which every member reads: only the joiner and
 * the room's admins read this.
 */
export interface Join {
  code: string;
}

export interface AttachmentRef {
  id: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
}

export type ModerationAction = 'none' | 'masked' | 'hidden' | 'removed' | 'restored';

export interface Moderation {
  action: ModerationAction;
  reasons: string[];
  reportCount: number;
}

/**
 * What a system message tells of, for the app to say in the reader's language (the message's text
 * holds it in English: the room list's preview, search, and messages from before events). Durations
 * in ms.
 */
export type SystemEvent =
  | { type: 'joined' | 'left' | 'banned' | 'unmuted'; name: string }
  | { type: 'renamed'; name: string }
  | { type: 'topic'; topic: string }
  | { type: 'muted'; name: string; ms: number }
  | { type: 'limited'; name: string; ms: number; reason: 'too-many' | 'repeated' };

/**
 * rooms/{roomId}/messages/{messageId}/reactions/{uid}: the emojis one member gave one message,
 * written only by that member (at most MAX_REACTION_EMOJIS, each one emoji; [] once all are
 * taken back). One document per person, so a popular message's reactions never contend; the
 * server counts them into the message's `reactions` and `reactionCounts`, coalesced.
 */
export interface Reaction {
  emojis: string[];
}

/**
 * What a thread's first message shows of its replies, recomputed by the server from the replies
 * themselves (a count and the newest few), at most once a second per thread.
 */
export interface ThreadSummary<T> {
  /** replies in the thread, redacted ones included (they stay as placeholders) */
  count: number;
  /** the newest reply's createdAt */
  lastAt: T;
  /** the authors of the newest replies, newest first, each once, at most THREAD_SUMMARY_AUTHORS */
  authors: { id: string; name: string }[];
  /** a thread of 1,000 replies or more: what `count` is kept from (Tally) */
  tally?: Tally<T>;
}

/** rooms/{roomId}/messages/{id}; id chosen by the client so a retried send cannot duplicate. */
export interface Message<T> {
  authorId: string;
  authorName: string;
  text: string;
  createdAt: T;
  kind: MessageKind;
  /** the quoted message, shown as it is now (its author, text, edit, redaction or hiding) */
  replyTo: { id: string } | null;
  mentions: string[];
  attachment: AttachmentRef | null;
  editedAt: T | null;
  deleted: boolean;
  /**
   * Who reacted, counted by the server from the reactions/{uid} documents (Reaction): emoji ->
   * the first REACTION_NAMES uids of those who gave it (by uid), for the MAX_REACTION_EMOJIS
   * emojis given most. {} at creation; no client writes it.
   */
  reactions: Record<string, string[]>;
  /** emoji -> how many gave it, beside `reactions` (absent until the first reaction is counted) */
  reactionCounts?: Record<string, number>;
  /** lowercase unique search tokens of the text (shared searchWords), at most 60; [] when redacted */
  words: string[];
  /**
   * The thread this message replies in: the id of a room message (one with threadId null) of the
   * same room; null for a message of the room itself. Threads are one level deep.
   */
  threadId: string | null;
  /**
   * Shown in the room's own history: true for every room message, and for a thread reply also
   * sent to the room; false for a reply that stays in its thread. The room's history, unread
   * counts and summary read only messages with inRoom true.
   */
  inRoom: boolean;
  /** server-owned: on a system message, what it tells of (absent on older ones) */
  event?: SystemEvent;
  /** server-owned: on a thread's first message once it has replies (see ThreadSummary) */
  replies?: ThreadSummary<T>;
  /** server-owned */
  hidden?: boolean;
  moderation?: Moderation;
  /**
   * In a room that holds messages until screened: false from the sender (on a new text and on
   * each edit) until the screening function has judged the text, then true. Readers' clients keep
   * someone else's unscreened message collapsed ("Checking…"); absent means screened (rooms that
   * do not hold, and history).
   */
  screened?: boolean;
}

/**
 * ledgers/{uid}: the send ledger, written in the same batch as each message, in any room.
 * A ring of the last RATE_LIMIT_COUNT send times: send number n (0-based) writes slot
 * String(n % RATE_LIMIT_COUNT) and may only do so when the time it overwrites is at least
 * RATE_LIMIT_WINDOW_MS old, which is an exact sliding window the rules can check. Each queued
 * write carries its own n, so an offline burst replays in order without reading anything.
 */
export interface SendLedger<T> {
  /** sends so far, an int; the next send writes slot String(n % RATE_LIMIT_COUNT) and n + 1 */
  n: number;
  at: Record<string, T>;
  /** the message this entry was written with */
  roomId: string;
  messageId: string;
}

/** roomLedgers/{uid}: the same ring for room creation (ROOM_CREATE_COUNT per ROOM_CREATE_WINDOW_MS). */
export interface RoomLedger<T> {
  n: number;
  at: Record<string, T>;
  roomId: string;
}

/**
 * nameLedgers/{uid}: the same ring for changes of one's name (RENAME_COUNT per RENAME_WINDOW_MS),
 * written in the batch of each rename.
 */
export interface NameLedger<T> {
  n: number;
  at: Record<string, T>;
}

/**
 * roomNameLedgers/{uid}: the same ring for changes of a room's name or topic (ROOM_RENAME_COUNT per
 * ROOM_RENAME_WINDOW_MS), naming the room changed.
 */
export interface RoomNameLedger<T> {
  n: number;
  at: Record<string, T>;
  roomId: string;
}

/** editLedgers/{uid}: the same ring for edits (EDIT_RATE_COUNT per EDIT_RATE_WINDOW_MS), naming the message edited. */
export interface EditLedger<T> {
  n: number;
  at: Record<string, T>;
  roomId: string;
  messageId: string;
}

/**
 * uploadLedgers/{uid}: the bytes of files stored in the current window (UPLOAD_BYTES per
 * UPLOAD_WINDOW_MS from `since`), written in the batch that creates each file's meta, which it names.
 */
export interface UploadLedger<T> {
  since: T;
  bytes: number;
  at: T;
  roomId: string;
  attachmentId: string;
}

/** rooms/{roomId}/slowMode/{uid}: the member's last send in a room in slow mode. */
export interface SlowModeStamp<T> {
  at: T;
  messageId: string;
}

/** users/{uid}/blocks/{otherUid}: the user blocks otherUid (mirrored in blockedBy/{otherUid}). */
export interface Block<T> {
  createdAt: T;
}

/** blockedBy/{uid}: who blocks uid; nobody reads it, the rules do. */
export interface BlockedBy {
  uids: string[];
}

/** rooms/{roomId}/typing/{uid} */
export interface Typing<T> {
  at: T;
  displayName: string;
  /** where the person types: null in the room itself, else the thread's first message (absent in old ones) */
  threadId?: string | null;
}

/**
 * users/{uid}/activity/{messageId}: a thread reply the user should hear of though it is not in the
 * room's history (so the room's summary, which the app's notifications follow, does not move): it
 * mentions them, or answers a message of theirs. Server-written; the words are read from the
 * message itself (screened by then), never copied here.
 */
export interface Activity<T> {
  kind: 'mention' | 'reply';
  roomId: string;
  threadId: string;
  authorId: string;
  authorName: string;
  at: T;
  /** when Firestore's TTL policy deletes it (a month on) */
  expireAt: T;
}

/**
 * users/{uid}/threadReads/{roomId}:{threadId}: the user has read the thread's replies up to
 * lastReadAt (the time of the write). The app lists a room's for its "new replies" marks.
 */
export interface ThreadRead<T> {
  roomId: string;
  threadId: string;
  lastReadAt: T;
}

/** rooms/{roomId}/receipts/summary: server-owned aggregate of members' read cursors. */
export interface ReceiptSummary<T> {
  /** uid -> the member's read cursor in this room */
  reads: Record<string, { at: T; messageId: string; name: string }>;
  updatedAt: T;
}

/** rooms/{roomId}/reports/{reporterUid_messageId} */
export interface Report<T> {
  messageId: string;
  reporterId: string;
  reason: string;
  createdAt: T;
}

/** rooms/{roomId}/bans/{uid} */
export interface Ban<T> {
  bannedBy: string;
  reason: string;
  createdAt: T;
}

/** rooms/{roomId}/invites/{code} */
export interface Invite<T> {
  createdBy: string;
  createdAt: T;
  expiresAt: T | null;
  revoked: boolean;
}

/** users/{uid}/settings/notifications: only the user reads or writes it. */
export interface NotificationSettings {
  rooms: Record<string, NotifyLevel>;
}

/** users/{uid}/settings/sidebar: only the user reads or writes it. */
export interface SidebarSettings {
  /** starred room ids, most recently starred last */
  starred: string[];
}

/** restrictions/{uid}: server-owned; a user-wide mute set by the cross-room rate limiter. */
export interface Restriction<T> {
  mutedUntil: T;
  /** how many times the user has been muted; each mute lasts longer */
  strikes: number;
  reason: string;
}

export type BlockSeverity = 'mask' | 'hide';

/** 'allow' exempts a word the shipped list would catch (a false positive in this community). */
export type TermSetting = BlockSeverity | 'allow';

/**
 * config/moderation (app admins) and rooms/{roomId}/config/moderation (room owner/admins).
 * The room's terms add to the global ones, which add to the shipped list.
 */
export interface ModerationConfig {
  /** term -> setting; a term ending in '*' matches as a prefix */
  terms: Record<string, TermSetting>;
  /** reports that hide a message until a moderator decides */
  reportThreshold: number;
  /** more links than this in one message is flooding */
  maxLinks: number;
  /** more mentions than this in one message is mass mentioning */
  maxMentions: number;
}

/** rooms/{roomId}/moderationQueue/{messageId}: server-owned; room owner/admins read it. */
export interface QueueItem<T> {
  messageId: string;
  authorId: string;
  authorName: string;
  /** the original text, kept here (not in the message) while the message is hidden */
  text: string;
  reasons: string[];
  reportCount: number;
  status: 'pending' | 'restored' | 'removed';
  createdAt: T;
  /** server-side: the message's search words while it is hidden, put back on restore */
  words?: string[];
  /** server-side: the message's file while it is hidden, put back on restore (null once removed) */
  attachment?: AttachmentRef | null;
  /** server-side: the moderator's decision */
  decidedBy?: string;
  decidedAt?: T;
}

/** rooms/{roomId}/attachments/{attachmentId} */
export interface AttachmentMeta<T> {
  uploaderId: string;
  messageId: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  chunkCount: number;
  /** set by the uploader once every chunk is written */
  complete: boolean;
  createdAt: T;
  /** server-owned: the file of a hidden message, readable only by its uploader and the room's admins */
  hidden?: boolean;
}

/** rooms/{roomId}/attachments/{attachmentId}/chunks/{index} */
export interface AttachmentChunk<B> {
  index: number;
  data: B;
}

/** A room among the day's busiest: people's messages that day. */
export interface BusyRoom {
  roomId: string;
  name: string;
  messages: number;
}

/**
 * stats/{yyyy-mm-dd}: server-owned daily figures, read by app admins. messages, activeUsers and
 * busiestRooms are refreshed every 10 minutes by the dailyStats function (as of updatedAt); reports
 * and moderationActions are counted as they happen.
 */
export interface DailyStats<T> {
  messages: number;
  activeUsers: number;
  busiestRooms?: BusyRoom[];
  reports: number;
  moderationActions: number;
  updatedAt?: T;
}
