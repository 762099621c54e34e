import { defineStore } from 'pinia';
import { shallowRef, triggerRef } from 'vue';
import type { MessageDoc } from '../data/converters';
import { readMyReaction, setReaction } from '../data/messages';
import { db } from '../firestore';
import { t } from '../i18n';
import { isEmoji } from '../lib/emoji';
import { UserError } from '../lib/errors';
import { namesIncomplete, reactionChips, type MyReactions, type ReactionChip } from '../lib/reactions';
import { useAuthStore } from './auth';

/**
 * Reactions: each is one write of my own reaction document, and the server counts them into the
 * message a moment later (docs/data-model.md, Reactions). Until it has, the chips show my
 * reactions as I set them here; and where a message names fewer people under an emoji than gave
 * it, so its names cannot tell whether I am one, my reaction document is read once (the first
 * time the message is shown so) to know.
 */
export const useReactionsStore = defineStore('reactions', () => {
  const auth = useAuthStore();
  /** key roomId/messageId -> my emojis on it as last set or read here */
  const mine = shallowRef(new Map<string, MyReactions>());
  const reading = new Set<string>();

  function set(key: string, emojis: MyReactions) {
    mine.value.set(key, emojis);
    triggerRef(mine);
  }

  async function known(roomId: string, message: MessageDoc, uid: string): Promise<MyReactions> {
    const key = `${roomId}/${message.id}`;
    const held = mine.value.get(key);
    if (held) return held;
    if (!namesIncomplete(message, uid))
      return new Set(
        reactionChips(message, uid)
          .filter((c) => c.mine)
          .map((c) => c.emoji),
      );
    const read = new Set(await readMyReaction(db, roomId, message.id, uid));
    // a toggle made while the document was being read knows better
    return mine.value.get(key) ?? read;
  }

  /** The chips of a message; reads my reaction document when the message's names cannot tell. */
  function chips(roomId: string, message: MessageDoc): ReactionChip[] {
    const uid = auth.uid;
    const key = `${roomId}/${message.id}`;
    if (uid && !mine.value.has(key) && !reading.has(key) && namesIncomplete(message, uid)) {
      reading.add(key);
      void readMyReaction(db, roomId, message.id, uid)
        .then((emojis) => {
          if (!mine.value.has(key)) set(key, new Set(emojis));
        })
        .catch(() => undefined)
        .finally(() => reading.delete(key));
    }
    return reactionChips(message, uid, mine.value.get(key));
  }

  /** Gives an emoji, or takes it back when I had given it; shown at once, undone if refused. */
  async function toggle(roomId: string, message: MessageDoc, emoji: string): Promise<void> {
    const uid = auth.uid;
    if (!uid) throw new UserError(t('store.signedOut'));
    if (!isEmoji(emoji)) throw new UserError(t('store.emojiOnly'));
    const key = `${roomId}/${message.id}`;
    const before = await known(roomId, message, uid);
    const on = !before.has(emoji);
    const after = new Set(before);
    if (on) after.add(emoji);
    else after.delete(emoji);
    set(key, after);
    try {
      await setReaction(db, roomId, message.id, emoji, uid, on);
    } catch (error) {
      if (mine.value.get(key) === after) set(key, before);
      throw error;
    }
  }

  /** Forgets a room's messages when the screen leaves it. */
  function release(roomId: string) {
    for (const key of mine.value.keys()) if (key.startsWith(`${roomId}/`)) mine.value.delete(key);
    triggerRef(mine);
  }

  return { chips, toggle, release };
});
