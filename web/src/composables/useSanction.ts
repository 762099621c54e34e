import { computed, ref, watch, type Ref } from 'vue';
import type { MemberDoc } from '../data/converters';
import { currentSanction, describeSanction, type Sanction } from '../lib/sanctions';
import { useRoomsStore } from '../stores/rooms';
import { useNow } from './useNow';
import { useRestriction } from './useRestriction';

/**
 * What keeps me from sending in the open room (lib/sanctions), live: a room mute, a user-wide
 * mute, or having been removed or banned while the room was open (told apart by reading my own
 * ban). A mute lifts itself on screen when it ends.
 */
export function useSanction(roomId: Ref<string | null>, me: Ref<MemberDoc | null>, gone: Ref<boolean>) {
  const rooms = useRoomsStore();
  const { restriction } = useRestriction();
  const removal = ref<'removed' | 'banned' | null>(null);
  watch(roomId, () => (removal.value = null));
  watch(gone, async (isGone) => {
    const id = roomId.value;
    if (!isGone || !id || rooms.isLeaving(id)) return;
    const banned = await rooms.isBanned(id).catch(() => false);
    if (roomId.value !== id) return;
    removal.value = banned ? 'banned' : 'removed';
    rooms.removedFrom(id);
  });

  const roomMutedUntil = computed(() => me.value?.mutedUntil?.toMillis() ?? null);
  const appMutedUntil = computed(() => restriction.value?.mutedUntil?.toMillis() ?? null);
  // ticks only while a mute is on, to lift it when it ends
  const muted = computed(() =>
    [roomMutedUntil.value, appMutedUntil.value].some((until) => until !== null && until > Date.now()),
  );
  const now = useNow(1_000, muted);

  const sanction = computed<Sanction | null>(() =>
    currentSanction({
      removal: removal.value,
      roomMutedUntil: roomMutedUntil.value,
      appMutedUntil: appMutedUntil.value,
      appReason: restriction.value?.reason ?? null,
      now: now.value,
    }),
  );
  const words = computed(() => (sanction.value ? describeSanction(sanction.value, now.value) : null));
  return { sanction, words };
}
