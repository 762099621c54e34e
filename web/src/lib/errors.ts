/**
 * The one error convention of the stores: an action that can fail throws, and never returns a
 * problem or swallows one. Where the store knows what went wrong in the user's terms it throws a
 * UserError; otherwise Firestore's own error passes through. Components catch at the edge and
 * show `errorMessage(error, what failed)`.
 *
 * Why throwing: a rejected promise that nobody handles is reported (Vue's error handler, the
 * console), while a returned problem that a caller ignores disappears; Pinia's `$onAction`
 * sees thrown errors, so one hook can log every failed action; `try/finally` keeps busy flags
 * honest. Best-effort signals (typing, read cursors, presence heartbeats) are the exception:
 * a lost one is replaced by the next, so they swallow failures and say so where they do.
 */
import { t } from '../i18n';

export class UserError extends Error {
  override name = 'UserError';
}

/** Why a room cannot be opened: the heading says which, the message says what to do. */
export type RoomAccess = 'missing' | 'private' | 'banned' | 'removed';

export class RoomAccessError extends UserError {
  override name = 'RoomAccessError';
  constructor(
    readonly access: RoomAccess,
    message: string,
    /** the room's name, when the reader may know it (a public room) */
    readonly roomName: string | null = null,
  ) {
    super(message);
  }
}

/** Firestore's error code, if it is one of its errors. */
export function errorCode(error: unknown): string | null {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : null;
}

/** What to show for a failed action: the UserError's own words, or `fallback` and, offline, why. */
export function errorMessage(error: unknown, fallback: string): string {
  if (error instanceof UserError) return error.message;
  if (errorCode(error) === 'unavailable') return t('lib.offline', { fallback });
  return fallback;
}

/**
 * What a live listener's error means for the pane showing it; `denied` says it for a refusal
 * (the rules stopped the reader, who lost access since). Firestore closes a listener for good
 * on error, so the way back is a reload.
 */
export function listenerProblem(error: Error | null, what: string, denied: string): string | null {
  if (!error) return null;
  if (errorCode(error) === 'permission-denied') return denied;
  return t('lib.loadFailed', { what, code: errorCode(error) ?? error.message });
}
