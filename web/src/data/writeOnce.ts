/**
 * Writes that the rules accept once. A write whose answer is lost (a connection that drops after
 * the server applied it: a busy machine, a flaky network) is sent again by the SDK, from its write
 * queue or by running a transaction again, and a write the rules accept only once is then refused:
 * a document created once, a list that must gain (or lose) the caller's uid, a field set only
 * while it is null. The app would report a failure of something that happened.
 */
import { errorCode } from '../lib/errors';

/**
 * Runs `write`; a refusal by the rules is checked against the server with `stored`, and a write
 * found there as it was sent counts as done. `stored` must prove that this write landed, not only
 * that the server holds something like it: a second join, block or accept of the caller's own is
 * refused by the rules as it always was. A check that fails (offline, refused itself) proves nothing,
 * and the refusal stands.
 */
export async function writeOnce(write: () => Promise<void>, stored: () => Promise<boolean>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (errorCode(error) !== 'permission-denied' || !(await stored().catch(() => false))) throw error;
  }
}
