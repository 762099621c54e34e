/** The Cloud Functions the client calls, one typed function each (functions/src/callable). */
import { httpsCallable, type Functions } from 'firebase/functions';
import type { ExportPage } from '@chat/shared';

export type Decision = 'restore' | 'remove';

/** moderateMessage: a room's owner or admin (or an app admin) restores or removes a queued message. */
export async function moderateMessage(
  functions: Functions,
  input: { roomId: string; messageId: string; decision: Decision },
): Promise<void> {
  await httpsCallable<typeof input, { status: string }>(functions, 'moderateMessage')(input);
}

export type { ExportPage };

/** exportMyData: one page of the caller's own data; `after` is the previous page's `next`. */
export async function exportMyData(functions: Functions, after?: string): Promise<ExportPage> {
  const call = httpsCallable<{ after?: string }, ExportPage>(functions, 'exportMyData');
  return (await call(after ? { after } : {})).data;
}

/** deleteAccount: the caller's account goes for good; the word guards against a stray call. */
export async function deleteAccount(functions: Functions): Promise<void> {
  await httpsCallable<{ confirm: 'delete' }, unknown>(functions, 'deleteAccount')({ confirm: 'delete' });
}
