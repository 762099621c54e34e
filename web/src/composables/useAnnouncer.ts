import { ref, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue';
import type { MessageDoc } from '../data/converters';

/**
 * What a screen reader hears of the room (bound to a visually hidden live region): someone
 * else's message written after the room was entered. History arriving from the cache or the
 * server is not news.
 */
export function useAnnouncer(
  roomId: MaybeRefOrGetter<string | null>,
  messages: Ref<MessageDoc[]>,
  myUid: MaybeRefOrGetter<string | null>,
) {
  const announcement = ref('');
  let enteredAt = Date.now();
  watch(
    () => toValue(roomId),
    () => {
      enteredAt = Date.now();
      announcement.value = '';
    },
  );
  watch(
    () => messages.value.at(-1),
    (newest, previous) => {
      if (!newest || !previous || newest.id === previous.id || newest.authorId === toValue(myUid) || newest.deleted) return;
      if ((newest.createdAt?.toMillis() ?? 0) <= enteredAt) return;
      announcement.value = `${newest.authorName}: ${newest.text.slice(0, 140)}`;
    },
  );
  return announcement;
}
