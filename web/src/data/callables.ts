/** The Cloud Functions the client calls, one typed function each (functions/src/callable). */
import { httpsCallable, type Functions } from 'firebase/functions';

export type Decision = 'restore' | 'remove';

/** moderateMessage: a room's owner or admin (or an app admin) restores or removes a queued message. */
export async function moderateMessage(
  functions: Functions,
  input: { roomId: string; messageId: string; decision: Decision },
): Promise<void> {
  await httpsCallable<typeof input, { status: string }>(functions, 'moderateMessage')(input);
}
