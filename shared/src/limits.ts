/**
 * Bounds enforced by firestore.rules; the client and functions read them from here, and
 * test/unit/limits-contract.test.ts checks every number in the rules against them.
 */
export const MAX_MESSAGE_LENGTH = 2000;
export const MAX_MENTIONS = 20;
export const MAX_DISPLAY_NAME = 40;
export const MAX_ROOM_NAME = 60;
export const MAX_TOPIC = 200;
export const MAX_QUERY_LIMIT = 100;
/**
 * The rooms one person's room list holds (users/{uid}/rooms, each room then read by id): past
 * MAX_QUERY_LIMIT, since people in busy workspaces are in hundreds of channels; every entry is a
 * listener of one room document, so not unbounded.
 */
export const MY_ROOMS_LIMIT = 500;
/** Browse lists this many of the most active public rooms, and this many of the newest beside them. */
export const BROWSE_ACTIVE_ROOMS = 50;
export const BROWSE_NEW_ROOMS = 20;
/**
 * Read receipts name their readers in rooms of at most this many members (direct conversations and
 * groups, as WhatsApp's "Read by"); a bigger room keeps no receipt summary at all, as Slack and
 * Discord keep none: one document naming every reader of a large room outgrows its size and
 * index limits, and each write of it goes to every member who has the room open.
 */
export const RECEIPTS_MAX_MEMBERS = 100;
/**
 * Rooms up to this many members say "X joined the room" and "X left the room"; bigger ones keep
 * quiet (their member count shows the change), as large channels do in Slack and Discord: every
 * user joins #general, and a notice per join would fill its history and cost a message, its
 * trigger and its summary per sign-up.
 */
export const NOTICES_MAX_MEMBERS = 100;
export const PAGE_SIZE = 50;
/** A thread's first message names the authors of its newest replies, this many at most. */
export const THREAD_SUMMARY_AUTHORS = 3;
/**
 * A thread's summary on its first message is written at most once per this many ms (the replies
 * are counted afresh each time): a busy thread stays below a document's sustained write rate.
 */
export const THREAD_SUMMARY_INTERVAL_MS = 1_000;
/** Rules rate limit: at most RATE_LIMIT_COUNT sends per RATE_LIMIT_WINDOW_MS per person, in all rooms together. */
export const RATE_LIMIT_COUNT = 10;
export const RATE_LIMIT_WINDOW_MS = 10_000;
/**
 * The cross-room limit the onMessageWritten function keeps (functions/src/messages/created.ts):
 * more than CROSS_ROOM_RATE_COUNT messages in CROSS_ROOM_RATE_WINDOW_MS, across rooms, mutes the
 * sender. The client paces below both.
 */
export const CROSS_ROOM_RATE_COUNT = 30;
export const CROSS_ROOM_RATE_WINDOW_MS = 60_000;
export const EDIT_WINDOW_MS = 15 * 60_000;
/**
 * Rules limit on edits: EDIT_RATE_COUNT per EDIT_RATE_WINDOW_MS per person, in all rooms together.
 * Each edit is delivered to everyone with the room open and screened again by a function.
 */
export const EDIT_RATE_COUNT = 10;
export const EDIT_RATE_WINDOW_MS = 60_000;
export const TYPING_WRITE_INTERVAL_MS = 3_000;
export const TYPING_VISIBLE_MS = 6_000;
export const PRESENCE_HEARTBEAT_MS = 60_000;
/** A presence heartbeat older than this means the user is offline. */
export const PRESENCE_STALE_MS = 150_000;
export const DEFAULT_ROOM_ID = 'general';
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const ATTACHMENT_CHUNK_BYTES = 512 * 1024;
export const MAX_IMAGE_SIDE = 2048;

// The rules' other bounds, each checked against firestore.rules by test/unit/limits-contract.test.ts.
/** Ids a client writes into data (a reply's message id, a read cursor's, an attachment's). */
export const MAX_ID_LENGTH = 200;
export const MAX_FILE_NAME = 200;
/** An image attachment's stored width or height, in pixels. */
export const MAX_IMAGE_DIMENSION = 100_000;
/** A report's or a ban's reason. */
export const MAX_REASON = 500;
export const MAX_PHOTO_URL = 2048;
export const MAX_SLOW_MODE_SEC = 3600;
/** Rooms with a notification level of their own, per user. */
export const MAX_NOTIFICATION_ROOMS = 500;
/** Rooms a user has starred (the sidebar's Starred section). */
export const MAX_STARRED_ROOMS = 100;
/** Moderation config (global or per room): its blocklist, and the ranges of its numbers. */
export const MAX_BLOCKLIST_TERMS = 500;
/** One blocklist term, in characters. */
export const MAX_BLOCKLIST_TERM = 64;
/** The moderation numbers where neither config says otherwise (functions), and a new config's. */
export const DEFAULT_REPORT_THRESHOLD = 3;
export const DEFAULT_MAX_LINKS = 5;
export const DEFAULT_MAX_MENTIONS = 10;
export const MAX_REPORT_THRESHOLD = 100;
export const MAX_LINKS_LIMIT = 50;
/** Invite codes: unguessable, between these lengths. */
export const MIN_INVITE_CODE = 16;
export const MAX_INVITE_CODE = 64;
/** Rules limit on creating rooms (direct rooms too): ROOM_CREATE_COUNT per ROOM_CREATE_WINDOW_MS per person. */
export const ROOM_CREATE_COUNT = 10;
export const ROOM_CREATE_WINDOW_MS = 3_600_000;
/**
 * Rules limit on changing one's name: RENAME_COUNT per RENAME_WINDOW_MS per person. A rename is
 * copied onto the person's member document in each of their rooms (up to 500 writes and as many
 * trigger runs), so it is rationed like the other writes that fan out.
 */
export const RENAME_COUNT = 5;
export const RENAME_WINDOW_MS = 3_600_000;
/**
 * Rules limit on changing a room's name or topic: ROOM_RENAME_COUNT per ROOM_RENAME_WINDOW_MS per
 * person, in all their rooms together. Each change is announced in the room's history by a
 * function and reaches every member's room list, so it is rationed like the sends beside it.
 */
export const ROOM_RENAME_COUNT = 10;
export const ROOM_RENAME_WINDOW_MS = 3_600_000;
/**
 * Rules limit on storing files: UPLOAD_BYTES per person in a window of UPLOAD_WINDOW_MS (which
 * starts with the first upload after the last one ended), in all rooms together. Files live in
 * Firestore and are billed as stored bytes for as long as they are kept; without a limit one
 * member could store files without end.
 */
export const UPLOAD_BYTES = 250 * 1024 * 1024;
export const UPLOAD_WINDOW_MS = 86_400_000;
/** Rules throttles: a typing write, a read cursor, a presence heartbeat and a presence change at most this often. */
export const TYPING_MIN_GAP_MS = 2_000;
export const READ_CURSOR_MIN_GAP_MS = 1_000;
export const PRESENCE_HEARTBEAT_MIN_GAP_MS = 30_000;
export const PRESENCE_CHANGE_MIN_GAP_MS = 2_000;
/**
 * Reactions: the emojis one person gives one message (their reaction document), and the emojis a
 * message shows (the most given, counted by the server). A message names at most REACTION_NAMES
 * people per emoji (the first by uid); beyond that it shows the count.
 */
export const MAX_REACTION_EMOJIS = 20;
export const REACTION_NAMES = 20;
/** A reaction key: one emoji, ZWJ sequences and tag flags included, in UTF-16 units. */
export const MAX_REACTION_KEY = 32;

/**
 * Characters the rules refuse in anything shown as a name or a title (firestore.rules
 * `plainText`): controls, line and paragraph separators, and invisible or direction-changing
 * characters (a right-to-left override makes 'exe.pdf' read 'fdp.exe'). The limits contract test
 * checks this class against the rules'.
 */
export const HIDDEN_CHARACTERS = /[\p{Cc}\p{Zl}\p{Zp}\u061C\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/u;

/**
 * The name a profile starts with when the account brings none the rules accept (an account made by
 * an admin, a Google account without a name). Never a part of the e-mail address: profiles are
 * public, and name search lists them.
 */
export const NEUTRAL_NAME = 'New user';

/** The name the messages of a deleted account keep (functions/src/lib/account.ts deleteAccountData). */
export const DELETED_NAME = 'Deleted user';

/**
 * The profile name an account brings (Google's, or the one typed at sign-up), made acceptable to
 * the rules: without hidden characters, cut to MAX_DISPLAY_NAME UTF-16 units at a whole code
 * point, trimmed; NEUTRAL_NAME when nothing visible is left. The app and onUserCreated both make
 * profiles, and every member document must carry the profile's name exactly, so they share this.
 */
export function nameFromAccount(name: string | null | undefined): string {
  let cut = '';
  for (const char of (name ?? '').replace(new RegExp(HIDDEN_CHARACTERS.source, 'gu'), '').trim()) {
    if (cut.length + char.length > MAX_DISPLAY_NAME) break;
    cut += char;
  }
  const trimmed = cut.trim();
  return /[^\s\p{Z}]/u.test(trimmed) ? trimmed : NEUTRAL_NAME;
}
