import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import { db } from '../firestore';
import type { RoomDoc } from '../data/converters';
import { ensureDefaultRoom, joinPublicRoom, subscribeMyRooms } from '../data/rooms';
import { refs } from '../data/converters';
import { getDoc } from 'firebase/firestore';
import { DEFAULT_ROOM_ID } from '@chat/shared';
import { useAuthStore } from './auth';

/** The signed-in user's rooms, and the writes that change membership. */
export const useRoomsStore = defineStore('rooms', () => {
  const auth = useAuthStore();
  const rooms = shallowRef<RoomDoc[]>([]);
  const error = ref<string | null>(null);
  let unsubscribe: (() => void) | null = null;

  watch(
    () => auth.uid,
    (uid) => {
      unsubscribe?.();
      unsubscribe = null;
      rooms.value = [];
      if (!uid) return;
      unsubscribe = subscribeMyRooms(
        db,
        uid,
        (next) => (rooms.value = next),
        (e) => (error.value = e.message),
      );
    },
    { immediate: true },
  );

  /** Makes sure the user can read the room: joins it when it is public and they are not in it. */
  async function enter(roomId: string): Promise<void> {
    const uid = auth.uid;
    if (!uid) return;
    if (roomId === DEFAULT_ROOM_ID) await ensureDefaultRoom(db, uid, auth.displayName);
    const member = await getDoc(refs.member(db, roomId, uid)).catch(() => null);
    if (member?.exists()) return;
    await joinPublicRoom(db, roomId, uid, auth.displayName);
  }

  return { rooms, error, enter };
});
