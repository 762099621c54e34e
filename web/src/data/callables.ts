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

/** One page of exportMyData (functions/src/lib/account.ts): the first carries everything but later messages. */
export interface ExportPage {
  profile: Record<string, unknown> | null;
  settings: Record<string, unknown> | null;
  memberships: Array<Record<string, unknown>>;
  blocks: string[];
  /** message requests the caller sent or received, each with its room's id */
  requests: Array<Record<string, unknown>>;
  messages: Array<Record<string, unknown>>;
  /** pass back as `after` for the next page; null on the last */
  next: string | null;
}

/** exportMyData: one page of the caller's own data; `after` is the previous page's `next`. */
export async function exportMyData(functions: Functions, after?: string): Promise<ExportPage> {
  const call = httpsCallable<{ after?: string }, ExportPage>(functions, 'exportMyData');
  return (await call(after ? { after } : {})).data;
}

/** deleteAccount: the caller's account goes for good; the word guards against a stray call. */
export async function deleteAccount(functions: Functions): Promise<void> {
  await httpsCallable<{ confirm: 'delete' }, unknown>(functions, 'deleteAccount')({ confirm: 'delete' });
}
