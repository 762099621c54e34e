import type { Page, Request } from 'playwright-core';
import { channelRequests, committedWrites } from '../../support/webChannel';

/** One batch as the page sent it on its Write stream: the documents it writes and deletes. */
export interface SentCommit {
  /** document paths under the database, e.g. rooms/r1/typing/u1 */
  writes: string[];
  deletes: string[];
}

/**
 * The batches a page sends to Firestore, in the order they leave it (the order the server commits
 * them in). A request the WebChannel sends again is counted once.
 */
export function recordCommits(page: Page): SentCommit[] {
  const commits: SentCommit[] = [];
  const seen = new Set<string>();
  page.on('request', (request: Request) => {
    for (const { stream, id, payload } of channelRequests(request.method(), request.url(), request.postData())) {
      if (stream !== 'write' || (id !== null && seen.has(id))) continue;
      if (id !== null) seen.add(id);
      const writes = committedWrites(payload);
      if (writes.length === 0) continue;
      commits.push({
        writes: writes.filter((w) => !w.deleted).map((w) => w.path),
        deletes: writes.filter((w) => w.deleted).map((w) => w.path),
      });
    }
  });
  return commits;
}
