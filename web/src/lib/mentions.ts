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

/**
 * Candidates whose name (or any word of it) starts with the query, best first, without `excludeUid`.
 * A match on a later word ("Lima" finds "Ana Lima") is a nicety of the candidates at hand (the
 * room's loaded members): the server's search (searchMembers) matches the start of the whole name
 * only, so past the loaded page "Lima" finds nobody while "Ana" finds her.
 */
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

/**
 * The candidates of several lists, each uid once, the first list's entry winning: the room's
 * loaded members (kept live) before the server's answers and the draft's picks.
 */
export function uniqueCandidates(...lists: readonly (readonly MentionCandidate[])[]): MentionCandidate[] {
  const byUid = new Map<string, MentionCandidate>();
  for (const list of lists) for (const c of list) if (!byUid.has(c.uid)) byUid.set(c.uid, c);
  return [...byUid.values()];
}

/**
 * Whether the loaded members may not be all there are, so a `query` of at least one character
 * asks the server too: the room counts more members than were loaded, or the load came back
 * full (`pageSize`, the rules' cap on a list), which is all a page can tell.
 */
export function needsMemberSearch(query: string, loaded: number, roomMembers: number, pageSize: number): boolean {
  return query.length > 0 && (roomMembers > loaded || loaded >= pageSize);
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
