/**
 * The emulator's refusal of a commit whose rules lookup (in the load test, the room, which the
 * summaries write) could not be made: seen as "Service call error. Function: [get]" in a clean-clone
 * run. The emulator gives up on a lock after 2 s (LOCK_ACQUIRE_TIMEOUT in its jar's
 * CloudFirestoreV1) and holds a commit's locks while it evaluates the rules, writes and notifies
 * every listener, which on a busy 2-CPU machine can take that long. The
 * failed lookup becomes PERMISSION_DENIED, a permanent error the SDK does not resend
 * (firebase-tools#10518, open). Production reports lock contention as ABORTED, which the SDK
 * resends by itself. Only this exact emulator wording is sent again; every other refusal counts.
 */
export const EMULATOR_LOOKUP_TIMEOUT =
  /PERMISSION_DENIED[\s\S]*Service call error\. Function: \[(get|exists|getAfter|existsAfter)\]/;
