/** Bounds enforced by firestore.rules; the client and functions read them from here. */
export const MAX_MESSAGE_LENGTH = 2000;
export const MAX_MENTIONS = 20;
export const MAX_DISPLAY_NAME = 40;
export const MAX_ROOM_NAME = 60;
export const MAX_TOPIC = 200;
export const MAX_QUERY_LIMIT = 100;
export const PAGE_SIZE = 50;
/** Rules rate limit: at most RATE_LIMIT_COUNT sends per RATE_LIMIT_WINDOW_MS per person, in all rooms together. */
export const RATE_LIMIT_COUNT = 10;
export const RATE_LIMIT_WINDOW_MS = 10_000;
export const EDIT_WINDOW_MS = 15 * 60_000;
export const TYPING_WRITE_INTERVAL_MS = 3_000;
export const TYPING_VISIBLE_MS = 6_000;
export const PRESENCE_HEARTBEAT_MS = 60_000;
/** A presence heartbeat older than this means the user is offline. */
export const PRESENCE_STALE_MS = 150_000;
export const DEFAULT_ROOM_ID = 'general';
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const ATTACHMENT_CHUNK_BYTES = 512 * 1024;
export const MAX_IMAGE_SIDE = 2048;
/** Rules limit on creating rooms (direct rooms too): ROOM_CREATE_COUNT per ROOM_CREATE_WINDOW_MS per person. */
export const ROOM_CREATE_COUNT = 10;
export const ROOM_CREATE_WINDOW_MS = 3_600_000;
/** Rules throttles: a typing write, a read cursor, a presence heartbeat and a presence change at most this often. */
export const TYPING_MIN_GAP_MS = 2_000;
export const READ_CURSOR_MIN_GAP_MS = 1_000;
export const PRESENCE_HEARTBEAT_MIN_GAP_MS = 30_000;
export const PRESENCE_CHANGE_MIN_GAP_MS = 2_000;
/** At most this many emojis on a message, and people under one emoji. */
export const MAX_REACTION_EMOJIS = 20;
export const MAX_REACTORS = 1000;
