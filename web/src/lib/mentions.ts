/** Mention autocomplete and resolution; names are display names, mentions[] carries uids. */
export interface MentionCandidate {
  uid: string;
  displayName: string;
}

export interface MentionQuery {
  /** index of the '@' in the text */
  start: number;
  /** what was typed after the '@', up to the caret */
  query: string;
}

/** The `@query` being typed at `caret`, or null. An '@' counts only at the start or after a space. */
export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return null;
  if (at > 0 && !/\s/u.test(before[at - 1] ?? '')) return null;
  const query = before.slice(at + 1);
  // display names may hold one space ("Ana Lima"), but a query does not run on forever
  if (query.length > 40 || /\n/u.test(query) || /\s\s/u.test(query) || query.split(' ').length > 3) return null;
  return { start: at, query };
}

/** Candidates whose name (or any word of it) starts with the query, best first, without `excludeUid`. */
export function suggestMentions(
  candidates: readonly MentionCandidate[],
  query: string,
  excludeUid: string | null,
  max = 6,
): MentionCandidate[] {
  const q = query.toLowerCase();
  const scored: { c: MentionCandidate; score: number }[] = [];
  for (const c of candidates) {
    if (c.uid === excludeUid) continue;
    const name = c.displayName.toLowerCase();
    if (name.startsWith(q)) scored.push({ c, score: 0 });
    else if (name.split(/\s+/u).some((w) => w.startsWith(q))) scored.push({ c, score: 1 });
  }
  scored.sort((a, b) => a.score - b.score || a.c.displayName.localeCompare(b.c.displayName));
  return scored.slice(0, max).map((s) => s.c);
}

/** Replaces the typed `@query` with `@Display Name ` and returns the new text and caret. */
export function insertMention(text: string, query: MentionQuery, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  const next = text.slice(0, query.start) + inserted + text.slice(caret).replace(/^ /u, '');
  return { text: next, caret: query.start + inserted.length };
}

/** The uids whose `@Display Name` appears in the text (as a whole name), at most `max`. */
export function resolveMentions(text: string, candidates: readonly MentionCandidate[], max = 20): string[] {
  const lower = text.toLowerCase();
  const uids: string[] = [];
  for (const c of candidates) {
    const needle = `@${c.displayName.toLowerCase()}`;
    let from = 0;
    for (;;) {
      const i = lower.indexOf(needle, from);
      if (i < 0) break;
      const after = lower[i + needle.length] ?? '';
      if (!/[\p{L}\p{N}]/u.test(after)) {
        uids.push(c.uid);
        break;
      }
      from = i + 1;
    }
    if (uids.length >= max) break;
  }
  return uids;
}
