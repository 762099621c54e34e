/**
 * Unsent drafts, one per room and one per thread, as the chats people use every day keep them:
 * words typed in a room wait there while another room is open, and survive a reload. Kept per
 * user in localStorage (small strings, written as they change; a file draft stays in memory, in
 * stores/attachments). Every change reads the stored drafts first and writes them back, so two
 * tabs of the same user each keep the drafts they typed. Pure functions over a `Storage`.
 */

/** The message a draft replies to, as the composer shows it. */
export interface ReplyTarget {
  id: string;
  authorName: string;
  excerpt: string;
}

export interface Draft {
  text: string;
  replyTo: ReplyTarget | null;
  /** when it last changed (client time): the oldest go first past MAX_DRAFTS */
  at: number;
}

/** drafts kept per user: the oldest beyond this are forgotten */
export const MAX_DRAFTS = 100;

export const draftsKey = (uid: string) => `firechat.drafts.${uid}`;

/** Where a draft is kept: a room's composer, or a thread's in that room. */
export const draftKey = (roomId: string, threadId: string | null) => (threadId ? `${roomId}/${threadId}` : roomId);

function isReply(value: unknown): value is ReplyTarget {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.authorName === 'string' && typeof v.excerpt === 'string';
}

/** Reads stored drafts, dropping anything malformed (storage is user-editable). */
export function parseDrafts(raw: string | null): Map<string, Draft> {
  const drafts = new Map<string, Draft>();
  if (!raw) return drafts;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return drafts;
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof value !== 'object' || value === null) continue;
      const { text, replyTo, at } = value as Record<string, unknown>;
      if (typeof text !== 'string' || typeof at !== 'number') continue;
      drafts.set(key, { text, replyTo: isReply(replyTo) ? replyTo : null, at });
    }
  } catch {
    // not JSON: nothing kept
  }
  return drafts;
}

/** Whether a draft holds anything worth keeping. */
export const isEmpty = (d: Pick<Draft, 'text' | 'replyTo'>) => d.text.trim() === '' && d.replyTo === null;

/**
 * The drafts with one changed: an empty draft is dropped, and past MAX_DRAFTS the ones changed
 * longest ago go.
 */
export function withDraft(drafts: ReadonlyMap<string, Draft>, key: string, draft: Draft): Map<string, Draft> {
  const next = new Map(drafts);
  next.delete(key);
  if (!isEmpty(draft)) next.set(key, draft);
  const newestFirst = [...next].sort(([, a], [, b]) => b.at - a.at);
  return new Map(newestFirst.slice(0, MAX_DRAFTS));
}

/** Stores one draft (read, change, write), and returns the drafts as stored. */
export function saveDraft(storage: Storage, uid: string, key: string, draft: Draft): Map<string, Draft> {
  const drafts = withDraft(parseDrafts(storage.getItem(draftsKey(uid))), key, draft);
  try {
    if (drafts.size) storage.setItem(draftsKey(uid), JSON.stringify(Object.fromEntries(drafts)));
    else storage.removeItem(draftsKey(uid));
  } catch {
    // storage full or refused: the draft is kept for this page only
  }
  return drafts;
}
