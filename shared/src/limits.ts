/** Bounds enforced by firestore.rules; the client and functions read them from here. */
export const MAX_MESSAGE_LENGTH = 2000;
export const MAX_MENTIONS = 20;
export const MAX_DISPLAY_NAME = 40;
export const MAX_ROOM_NAME = 60;
export const MAX_TOPIC = 200;
export const MAX_QUERY_LIMIT = 100;
export const PAGE_SIZE = 50;
/** Rules rate limit: at most RATE_LIMIT_COUNT sends per RATE_LIMIT_WINDOW_MS per member per room. */
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
