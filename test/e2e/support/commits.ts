import type { Page, Request } from 'playwright-core';

/** One batch as the page sent it on its Write stream: the documents it writes and deletes. */
export interface SentCommit {
  /** document paths under the database, e.g. rooms/r1/typing/u1 */
  writes: string[];
  deletes: string[];
}

/**
 * The batches a page sends to Firestore, in the order they leave it (the order the server commits
 * them in): each Write channel POST carries one or more requests, req0___data__, req1___data__…,
 * each a JSON write request. A POST the WebChannel sends again (same session and offset) is
 * counted once.
 */
export function recordCommits(page: Page): SentCommit[] {
  const commits: SentCommit[] = [];
  const seen = new Set<string>();
  page.on('request', (request: Request) => {
    if (request.method() !== 'POST' || !request.url().includes('/google.firestore.v1.Firestore/Write/')) return;
    const form = new URLSearchParams(request.postData() ?? '');
    const url = new URL(request.url());
    const at = `${url.searchParams.get('SID')} ${form.get('ofs')}`;
    for (const [key, value] of form) {
      const index = /^req(\d+)___data__$/.exec(key)?.[1];
      if (index === undefined || seen.has(`${at} ${index}`)) continue;
      seen.add(`${at} ${index}`);
      const writes = (JSON.parse(value) as { writes?: Array<{ update?: { name?: string }; delete?: string }> }).writes;
      if (!writes?.length) continue;
      const path = (name = '') => name.replace(/^projects\/[^/]+\/databases\/[^/]+\/documents\//, '');
      commits.push({
        writes: writes.flatMap((w) => (w.update?.name ? [path(w.update.name)] : [])),
        deletes: writes.flatMap((w) => (w.delete ? [path(w.delete)] : [])),
      });
    }
  });
  return commits;
}
