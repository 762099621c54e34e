import type { Timestamp } from 'firebase-admin/firestore';

/** A report counts toward hiding only from an account at least this old... */
export const REPORT_MIN_ACCOUNT_AGE_MS = 24 * 3_600_000;
/** ...that has been in the room at least this long. */
export const REPORT_MIN_MEMBERSHIP_AGE_MS = 3_600_000;

function millis(value: Timestamp | undefined): number | null {
  // a document an older version wrote may hold something else here
  return typeof value?.toMillis === 'function' ? value.toMillis() : null;
}

/**
 * Whether a report weighs toward the hiding threshold: its reporter's profile (created with the
 * server's time, once) is a day old and their membership of the room an hour old. Reports from
 * newer accounts still reach the moderators' queue; they only cannot hide a message by
 * themselves, so a handful of fresh accounts cannot silence anyone.
 */
export function reportWeighs(profileCreatedAt: Timestamp | undefined, joinedAt: Timestamp | undefined, now: number): boolean {
  const created = millis(profileCreatedAt);
  const joined = millis(joinedAt);
  return (
    created !== null &&
    joined !== null &&
    now - created >= REPORT_MIN_ACCOUNT_AGE_MS &&
    now - joined >= REPORT_MIN_MEMBERSHIP_AGE_MS
  );
}
