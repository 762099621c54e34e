/**
 * A message's reactions, counted from the members' own documents
 * (rooms/{roomId}/messages/{messageId}/reactions/{uid} = { emojis }): each member writes only
 * theirs, so a popular message's reactions never contend on it, and the server writes the message's
 * `reactions` (emoji -> the first REACTION_NAMES uids, by uid) and `reactionCounts` (emoji -> how
 * many) for the MAX_REACTION_EMOJIS emojis given most, coalesced with its thread summary
 * (lib/messageSummary.ts).
 */
import { MAX_REACTION_EMOJIS, MAX_REACTION_KEY, REACTION_NAMES } from '@chat/shared';
import type { Firestore } from 'firebase-admin/firestore';
import { refs, type MessageData, type ReactionData } from './typed.js';

/** One emoji as the message shows it: how many gave it, and the first REACTION_NAMES of them by uid. */
export interface Tally {
  count: number;
  names: string[];
}

/** The message's server-owned reaction fields. */
export type ReactionFields = Required<Pick<MessageData, 'reactions' | 'reactionCounts'>>;

/** The emojis of a reaction document, as far as they can be counted (a string of one emoji's size). */
function emojisOf(reaction: ReactionData | undefined): string[] {
  const emojis: unknown = reaction?.emojis;
  if (!Array.isArray(emojis)) return [];
  return emojis.filter((e): e is string => typeof e === 'string' && e.length > 0 && e.length <= MAX_REACTION_KEY);
}

/**
 * The emojis a write of one reaction document gave or took back: those in exactly one of before
 * and after (sorted), [] when the write changed none (a repeated arrayUnion, a created `[]`).
 */
export function touchedEmojis(before: ReactionData | undefined, after: ReactionData | undefined): string[] {
  const was = new Set(emojisOf(before));
  const is = new Set(emojisOf(after));
  return [...new Set([...was, ...is])].filter((e) => was.has(e) !== is.has(e)).sort();
}

/**
 * One emoji counted from the reaction documents that hold it: a count() aggregation (billed as a
 * read per 1,000) and the first REACTION_NAMES of them (by document id, the uid), both served by
 * the automatic single-field index of `emojis`. The two reads are not one snapshot: a name list
 * shorter than REACTION_NAMES is the whole list, so the count is its length then, and never below
 * it (a write between the two is marked after it commits, so the flush that follows reads both
 * after it and puts any gap right).
 */
export async function tallyEmoji(store: Firestore, roomId: string, messageId: string, emoji: string): Promise<Tally> {
  const givers = refs.reactions(store, roomId, messageId).where('emojis', 'array-contains', emoji);
  const [count, first] = await Promise.all([givers.count().get(), givers.limit(REACTION_NAMES).get()]);
  const names = first.docs.map((doc) => doc.id);
  return { count: names.length < REACTION_NAMES ? names.length : Math.max(count.data().count, names.length), names };
}

/**
 * The message's reaction fields after `tallies` (the emojis recounted), the others as the message
 * shows them (one written before `reactionCounts` existed counts the uids it lists, named by the
 * first REACTION_NAMES of them by uid): emojis no longer given dropped, then the
 * MAX_REACTION_EMOJIS given most kept; on equal counts an emoji already shown stays before a new
 * one, then by emoji (as strings). Null when the message already shows exactly that.
 */
export function reactionsUpdate(message: MessageData, tallies: ReadonlyMap<string, Tally>): ReactionFields | null {
  const shown: Record<string, unknown> =
    message.reactions && typeof message.reactions === 'object' ? message.reactions : {};
  const counts: Record<string, unknown> =
    message.reactionCounts && typeof message.reactionCounts === 'object' ? message.reactionCounts : {};
  const all = new Map<string, Tally>();
  for (const [emoji, listed] of Object.entries(shown)) {
    if (!Array.isArray(listed)) continue;
    const names = listed.filter((uid): uid is string => typeof uid === 'string');
    const count = counts[emoji];
    all.set(
      emoji,
      typeof count === 'number'
        ? { count, names }
        : { count: new Set(names).size, names: [...new Set(names)].sort().slice(0, REACTION_NAMES) },
    );
  }
  for (const [emoji, tally] of tallies) all.set(emoji, tally);
  const isShown = (emoji: string) => Object.hasOwn(shown, emoji);
  const kept = [...all]
    .filter(([, tally]) => tally.count > 0)
    .sort(
      ([a, x], [b, y]) =>
        y.count - x.count || Number(isShown(b)) - Number(isShown(a)) || (a < b ? -1 : a > b ? 1 : 0),
    )
    .slice(0, MAX_REACTION_EMOJIS);
  const next: ReactionFields = {
    reactions: Object.fromEntries(kept.map(([emoji, tally]) => [emoji, tally.names])),
    reactionCounts: Object.fromEntries(kept.map(([emoji, tally]) => [emoji, tally.count])),
  };
  const sameNames =
    sameKeys(shown, next.reactions) &&
    kept.every(([emoji, { names }]) => {
      const was = shown[emoji];
      return Array.isArray(was) && was.length === names.length && names.every((uid, i) => was[i] === uid);
    });
  const sameCounts =
    message.reactionCounts !== undefined &&
    sameKeys(counts, next.reactionCounts) &&
    kept.every(([emoji, { count }]) => counts[emoji] === count);
  // a message that never had a reaction counted keeps no reactionCounts while it shows none
  if (sameNames && (sameCounts || (message.reactionCounts === undefined && kept.length === 0))) return null;
  return next;
}

function sameKeys(a: object, b: object): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k));
}

/**
 * The message's reaction fields with `emojis` recounted from the reaction documents, or null when
 * nothing changes; null too for anything but a person's text message (a system message is not
 * reacted to).
 */
export async function recountReactions(
  store: Firestore,
  roomId: string,
  messageId: string,
  message: MessageData,
  emojis: readonly string[],
): Promise<ReactionFields | null> {
  if (message.kind !== 'text' || emojis.length === 0) return null;
  const tallies = await Promise.all(emojis.map((e) => tallyEmoji(store, roomId, messageId, e)));
  return reactionsUpdate(message, new Map(emojis.map((e, i) => [e, tallies[i]!])));
}
