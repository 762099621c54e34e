/**
 * When a read cursor is written after the reader has seen a new message. What a write costs in
 * production is more than itself: each one runs the receipts trigger (an invocation, its claim,
 * a pending mark) and may rewrite the room's receipt summary, which every member viewing the room
 * receives. A per-message cursor in a busy room is the naive design's cost again, so, as the best
 * chats do (a read marker per few seconds while you keep up, not per message):
 *
 * - in a quiet conversation (a direct message, a group where messages come seconds apart) the
 *   cursor is written almost at once, so the sender sees "read" within a second or so;
 * - in a busy room (BUSY_MESSAGES new messages seen within BUSY_WINDOW_MS: a steady message a
 *   second, not two quick lines in a chat) a reader who keeps up writes once per BUSY_DELAY_MS,
 *   whatever the number of messages;
 * - whatever is pending is written at once when the reader leaves the room or the page is hidden
 *   (readers.flush), so nothing they saw is lost to the delay.
 *
 * The rules still keep cursor writes READ_CURSOR_MIN_GAP_MS apart; the store waits for that too.
 */

/** Gather what arrives together (a message and its edit, two quick lines) into one write. */
export const QUIET_DELAY_MS = 250;
/** A reader keeping up with a busy room writes its cursor this often at most. */
export const BUSY_DELAY_MS = 5_000;
/** Between the client's clock reading a cursor write's answer and the server's time of the next. */
export const SERVER_CLOCK_MARGIN_MS = 250;
/** This many new messages seen within BUSY_WINDOW_MS make a room busy. */
export const BUSY_MESSAGES = 4;
export const BUSY_WINDOW_MS = 5_000;

/** The times (Date.now()) new messages were seen in a room that still count for its pace, `now` included. */
export function recentSeen(previous: readonly number[], now: number): number[] {
  return [...previous.filter((t) => now - t < BUSY_WINDOW_MS), now].slice(-BUSY_MESSAGES);
}

/** How long to wait before writing the cursor, given `recent` (from recentSeen, the newest last). */
export function cursorDelay(recent: readonly number[]): number {
  return recent.length >= BUSY_MESSAGES ? BUSY_DELAY_MS : QUIET_DELAY_MS;
}
