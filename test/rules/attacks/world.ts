/**
 * The world every attack runs in, and the attacker's tools. `mal` is the attacker: a member of
 * the public room `pub` and of the private room `priv`, with a profile, a ledger and a history,
 * i.e. everything an ordinary account has. `vic` is who they go after; `own` owns both rooms,
 * `adm` administers them. Attacks are written the way an attacker works: each starts from what
 * `mal` can see, forges one thing, and must be refused by the security rules.
 */
import type { RulesTestEnvironment } from '@firebase/rules-unit-testing';
import type { DocumentData, Firestore } from 'firebase/firestore';
import { expect } from 'vitest';
import { as, at, denied, ledgerAfter, membershipDocs, profileDoc, roomDoc, seed, storedMessage } from '../support';
import { textMessage } from '@chat/shared';
import { REQUEST_TIME, commit, getDocument, isRefusal, type Plain, type RestResult, type Write } from './rest';

export const ROLES = { own: 'owner', adm: 'admin', mal: 'member', vic: 'member' } as const;

/**
 * Two rooms, five people, a history: seeded before each attack, together with `more` documents
 * (path -> data) where an attack needs them.
 */
export async function seedWorld(env: RulesTestEnvironment, more: Record<string, DocumentData> = {}): Promise<void> {
  const docs: Record<string, DocumentData> = {};
  for (const [roomId, kind] of [
    ['pub', 'public'],
    ['priv', 'private'],
  ] as const) {
    docs[`rooms/${roomId}`] = roomDoc(kind, 'own', Object.keys(ROLES));
    for (const [uid, role] of Object.entries(ROLES)) Object.assign(docs, membershipDocs(roomId, uid, role));
    docs[`rooms/${roomId}/messages/byVic`] = storedMessage('vic', {
      text: 'I love cats',
      words: ['i', 'love', 'cats'],
    });
    docs[`rooms/${roomId}/messages/byOwn`] = storedMessage('own', { text: 'welcome', words: ['welcome'] });
    docs[`rooms/${roomId}/messages/byMal`] = storedMessage('mal', { createdAt: at(-60_000) });
    docs[`rooms/${roomId}/messages/sys`] = storedMessage('system', { kind: 'system', authorName: 'Firechat' });
  }
  for (const uid of [...Object.keys(ROLES), 'out']) docs[`users/${uid}`] = profileDoc(uid);
  docs['ledgers/mal'] = ledgerAfter(7, () => 60_000, 'byMal', 'pub');
  await seed(env, { ...docs, ...more });
}

/** The attacker's own SDK client. */
export const mal = (env: RulesTestEnvironment): Firestore => as(env, 'mal');

/** Asserts the rules refused a raw REST request (a 403, not a malformed request). */
export function refusedRest(result: RestResult): void {
  expect(isRefusal(result), `expected PERMISSION_DENIED, got ${result.status}: ${JSON.stringify(result.body)}`).toBe(
    true,
  );
}

/** Commits raw writes as `uid` and asserts the rules refused them. */
export async function restRefused(env: RulesTestEnvironment, uid: string | null, writes: Write[]): Promise<void> {
  refusedRest(await commit(env.projectId, uid, writes));
}

/** Reads a document over REST as `uid` and asserts the rules refused it. */
export async function restReadRefused(env: RulesTestEnvironment, uid: string | null, path: string): Promise<void> {
  refusedRest(await getDocument(env.projectId, uid, path));
}

/** mal's message "hi" as a REST write carries it, stamped with the request's time; `extra` replaces fields. */
export const restMessage = (extra: Record<string, Plain> = {}): Record<string, Plain> => ({
  ...textMessage<typeof REQUEST_TIME>({ authorId: 'mal', authorName: 'Name mal', text: 'hi', createdAt: REQUEST_TIME }),
  ...extra,
});

/** The attacker's next send as the client would write it, with `change` applied to the message. */
export function nextSend(roomId: string, messageId: string, message: DocumentData): Write[] {
  return [
    { op: 'set', path: `rooms/${roomId}/messages/${messageId}`, data: message },
    {
      op: 'merge',
      path: 'ledgers/mal',
      data: { n: 8, roomId, messageId },
      transforms: [{ field: ['at', '7'], requestTime: true }],
      mask: [['n'], ['roomId'], ['messageId']],
    },
  ];
}

export { denied };
