import type { NotifyLevel, RoomKind } from '@chat/shared';
import { defineStore } from 'pinia';
import { ref, watch, watchEffect } from 'vue';
import { getDoc } from 'firebase/firestore';
import { db } from '../firestore';
import { refs } from '../data/converters';
import { setRoomNotifyLevel, subscribeNotificationSettings } from '../data/users';
import { defaultLevel, shouldNotify, titleFor } from '../lib/notify';
import { router } from '../router';
import { useAuthStore } from './auth';
import { useRoomsStore } from './rooms';

const BASE_TITLE = 'Firechat';

type Permission = NotificationPermission | 'unsupported';

/**
 * Per-room notification levels (users/{uid}/settings/notifications), the unread total in the
 * title while the tab is hidden, and desktop notifications for mentions and direct messages.
 */
export const useNotificationsStore = defineStore('notifications', () => {
  const auth = useAuthStore();
  const rooms = useRoomsStore();
  const levels = ref<Record<string, NotifyLevel>>({});
  const unconfirmed = new Map<string, NotifyLevel>();
  const hidden = ref(document.visibilityState === 'hidden');
  const permission = ref<Permission>(typeof Notification === 'function' ? Notification.permission : 'unsupported');
  let stop: (() => void) | null = null;

  document.addEventListener('visibilitychange', () => (hidden.value = document.visibilityState === 'hidden'));

  watch(
    () => auth.uid,
    (uid) => {
      stop?.();
      stop = null;
      levels.value = {};
      unconfirmed.clear();
      if (uid)
        stop = subscribeNotificationSettings(
          db,
          uid,
          // a choice not yet confirmed by the server stays as chosen
          (next) => (levels.value = { ...next, ...Object.fromEntries(unconfirmed) }),
          () => undefined,
        );
    },
    { immediate: true },
  );

  function levelOf(roomId: string, kind: RoomKind): NotifyLevel {
    return levels.value[roomId] ?? defaultLevel(kind);
  }

  async function setLevel(roomId: string, level: NotifyLevel): Promise<void> {
    if (!auth.uid) return;
    levels.value = { ...levels.value, [roomId]: level };
    unconfirmed.set(roomId, level);
    try {
      await setRoomNotifyLevel(db, auth.uid, roomId, level);
    } finally {
      if (unconfirmed.get(roomId) === level) unconfirmed.delete(roomId);
    }
  }

  /** Asked only from a click, as browsers expect. */
  async function askPermission(): Promise<void> {
    if (typeof Notification !== 'function') return;
    permission.value = await Notification.requestPermission();
  }

  watchEffect(() => {
    document.title = titleFor(BASE_TITLE, rooms.totalUnread, hidden.value);
  });

  // The last message seen per room; a change to it while hidden is a candidate notification.
  const seen = new Map<string, string>();
  watch(
    () => rooms.entries,
    (entries) => {
      for (const entry of entries) {
        const last = entry.room.lastMessage;
        if (!last) continue;
        const before = seen.get(entry.room.id);
        seen.set(entry.room.id, last.id);
        if (before === undefined || before === last.id) continue;
        void maybeNotify(entry.room.id, entry.room.kind, entry.title, last);
      }
    },
  );

  async function maybeNotify(
    roomId: string,
    kind: RoomKind,
    title: string,
    last: { id: string; authorId: string; authorName: string; excerpt: string },
  ) {
    const uid = auth.uid;
    if (!uid || permission.value !== 'granted') return;
    const level = levelOf(roomId, kind);
    const base = { kind, level, mine: last.authorId === uid, hidden: hidden.value };
    if (!shouldNotify({ ...base, mentionsMe: true })) return;
    let mentionsMe = false;
    if (level === 'mentions') {
      const message = await getDoc(refs.message(db, roomId, last.id)).catch(() => null);
      mentionsMe = message?.data()?.mentions.includes(uid) ?? false;
    }
    if (!shouldNotify({ ...base, mentionsMe })) return;
    const heading = kind === 'direct' ? last.authorName : `${last.authorName} in #${title}`;
    const note = new Notification(heading, { body: last.excerpt, tag: roomId });
    note.onclick = () => {
      window.focus();
      void router.push(`/r/${encodeURIComponent(roomId)}`);
    };
  }

  return { levels, hidden, permission, levelOf, setLevel, askPermission };
});
