import type { Message } from '@chat/shared';
import { isEmoji } from './emoji';

/** One emoji under a message, as the reaction bar shows it. */
export interface ReactionChip {
  emoji: string;
  /** how many gave it, mine included as I last set it */
  count: number;
  /** the people named (the server names the first REACTION_NAMES; mine first when I gave it) */
  uids: string[];
  /** how many more gave it than are named */
  others: number;
  mine: boolean;
}

/**
 * My reactions to one message as this client knows them: from my own writes (at once, before the
 * server has counted them) or from my reaction document, read when the message's names do not
 * tell (more people under an emoji than it names).
 */
export type MyReactions = ReadonlySet<string>;

type Counted = Pick<Message<unknown>, 'reactions' | 'reactionCounts'>;

/** Whether the message's names leave out someone under an emoji: then they cannot tell if I am. */
export function namesIncomplete(message: Counted, myUid: string): boolean {
  return Object.entries(message.reactions ?? {}).some(
    ([emoji, uids]) => !uids.includes(myUid) && (message.reactionCounts?.[emoji] ?? uids.length) > uids.length,
  );
}

/**
 * The chips of a message: the server's counts and names (Message.reactions, reactionCounts),
 * with my own reactions as I know them in place of how the server last counted me. Where the
 * names are complete the server's count is corrected exactly (I am named or not); where they are
 * not and do not name me, the server may or may not have counted me yet, and its count is shown
 * as it is. A key that is not an emoji was not written by this app: it is not shown.
 */
export function reactionChips(message: Counted, myUid: string | null, mine?: MyReactions): ReactionChip[] {
  const reactions = message.reactions ?? {};
  const emojis = new Set([...Object.keys(reactions), ...(mine ?? [])]);
  const chips: ReactionChip[] = [];
  for (const emoji of emojis) {
    if (!isEmoji(emoji)) continue;
    const named = reactions[emoji] ?? [];
    let count = message.reactionCounts?.[emoji] ?? named.length;
    const namedMe = myUid !== null && named.includes(myUid);
    const isMine = myUid !== null && (mine ? mine.has(emoji) : namedMe);
    if (namedMe || count <= named.length) count += Number(isMine) - Number(namedMe);
    else if (isMine && count === 0) count = 1;
    const others = named.filter((u) => u !== myUid);
    const uids = isMine && myUid !== null ? [myUid, ...others] : others;
    if (count <= 0) continue;
    chips.push({ emoji, count, uids, others: Math.max(0, count - uids.length), mine: isMine });
  }
  return chips;
}
