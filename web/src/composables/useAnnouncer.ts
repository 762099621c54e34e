import { ref, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue';
import type { MessageDoc } from '../data/converters';
import { t } from '../i18n';
import { systemLine } from '../lib/systemLine';
import { awaitingScreening } from '../lib/screening';

/**
 * What a screen reader hears of the room (bound to a visually hidden live region): someone
 * else's message written after the room was entered. History arriving from the cache or the
 * server is not news, and a message hidden until screened (lib/screening) is not read out before.
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
  // each message is said once; one still being screened is said when the server has passed it
  const announcedId = ref<string | null>(null);
  watch(
    () => messages.value.at(-1),
    (newest, previous) => {
      const me = toValue(myUid);
      if (!newest || !previous || newest.id === announcedId.value || newest.authorId === me) return;
      if (newest.deleted || newest.hidden || awaitingScreening(newest, me)) return;
      if ((newest.createdAt?.toMillis() ?? 0) <= enteredAt) return;
      announcedId.value = newest.id;
      const text = newest.kind === 'system' ? systemLine(newest) : newest.text;
      announcement.value = t('conv.announcement', { name: newest.authorName, text: text.slice(0, 140) });
    },
  );
  // the region keeps the last words said: once that message is deleted or hidden by the
  // moderators, its words must not stay on the page, even visually hidden
  watch(
    () => {
      const id = announcedId.value;
      const said = id === null ? undefined : messages.value.find((m) => m.id === id);
      return id !== null && (!said || said.deleted || said.hidden === true);
    },
    (gone) => {
      if (!gone) return;
      announcedId.value = null;
      announcement.value = '';
    },
  );
  return announcement;
}
