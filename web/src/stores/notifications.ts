import type { NotifyLevel, RoomKind } from '@chat/shared';
import { defineStore } from 'pinia';
import { ref, watch, watchEffect } from 'vue';
import { db } from '../firestore';
import { t } from '../i18n';
import { pageState } from '../lib/pageState';
import { subscribeActivity } from '../data/activity';
import type { ActivityDoc } from '../data/converters';
import { getMessage } from '../data/messages';
import { setRoomNotifyLevel, subscribeNotificationSettings } from '../data/users';
import { defaultLevel, shouldNotify, titleFor } from '../lib/notify';
import { router } from '../router';
import { useAuthStore } from './auth';
import { useRoomsStore } from './rooms';

const BASE_TITLE = 'Firechat';

type Permission = NotificationPermission | 'unsupported';

/**
 * Per-room notification levels (users/{uid}/settings/notifications), the unread total in the
 * title while the tab is hidden, and desktop notifications for mentions and direct messages (not
 * for message requests, which count nowhere until accepted).
 */
export const useNotificationsStore = defineStore('notifications', () => {
  const auth = useAuthStore();
  const rooms = useRoomsStore();
  const levels = ref<Record<string, NotifyLevel>>({});
  /**
   * Choices not yet seen in a snapshot after the server accepted them. A listener can deliver a
   * snapshot older than an acknowledged write (its first server result arriving after the ack),
   * so a choice stays as chosen until a snapshot shows it, or the write fails.
   */
  const unconfirmed = new Map<string, { level: NotifyLevel; acked: boolean }>();
  let server: Record<string, NotifyLevel> = {};
  const withChoices = () => {
    const chosen = Object.fromEntries([...unconfirmed].map(([roomId, c]) => [roomId, c.level]));
    levels.value = { ...server, ...chosen };
  };
  const permission = ref<Permission>(typeof Notification === 'function' ? Notification.permission : 'unsupported');
  let stop: (() => void) | null = null;

  watch(
    () => auth.uid,
    (uid) => {
      stop?.();
      stop = null;
      levels.value = {};
      unconfirmed.clear();
      server = {};
      if (uid)
        stop = subscribeNotificationSettings(
          db,
          uid,
          (next, settled) => {
            server = next;
            if (settled)
              for (const [roomId, c] of unconfirmed)
                if (c.acked && next[roomId] === c.level) unconfirmed.delete(roomId);
            withChoices();
          },
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
    const choice = { level, acked: false };
    unconfirmed.set(roomId, choice);
    withChoices();
    try {
      await setRoomNotifyLevel(db, auth.uid, roomId, level);
      choice.acked = true;
    } catch (error) {
      // refused or failed: the setting shows what the server has again
      if (unconfirmed.get(roomId) === choice) unconfirmed.delete(roomId);
      withChoices();
      throw error;
    }
  }

  /** Asked only from a click, as browsers expect. */
  async function askPermission(): Promise<void> {
    if (typeof Notification !== 'function') return;
    permission.value = await Notification.requestPermission();
  }

  watchEffect(() => {
    document.title = titleFor(BASE_TITLE, rooms.totalUnread, !pageState.visible);
  });

  // The time of the newest message seen per room; a newer one while hidden is a candidate
  // notification. Comparing times, not ids, means a summary that changes back and forth
  // (an edit, a redaction, a late system notice) never notifies twice. The rooms of the first
  // list are history; a room that joins the list later (someone's first direct message, an
  // invitation) starts from nothing, so its first message notifies, even when the room and the
  // message reach this page in one snapshot.
  const seen = new Map<string, number>();
  let listed = false;
  watch(
    () => auth.uid,
    () => {
      seen.clear();
      listed = false;
    },
  );
  watch(
    () => rooms.entries,
    (entries) => {
      for (const entry of entries) {
        const last = entry.room.lastMessage;
        const at = last?.at.toMillis() ?? Number.NEGATIVE_INFINITY;
        const before = seen.get(entry.room.id) ?? (listed ? Number.NEGATIVE_INFINITY : undefined);
        if (before !== undefined && at <= before) continue;
        seen.set(entry.room.id, at);
        // a message request stays quiet: accepting it later notifies nothing already there
        if (entry.request === 'incoming') continue;
        if (before !== undefined && last) void maybeNotify(entry.room.id, entry.room.kind, entry.title, last);
      }
      if (rooms.loaded) listed = true;
    },
  );

  // Thread replies that concern me (a mention, an answer to my message) stay out of the room's
  // summary: the server lists them in users/{me}/activity. The first snapshot is the backlog, told
  // nothing; what arrives after it is, as a mention is (the room's level decides).
  let stopActivity: (() => void) | null = null;
  watch(
    () => auth.uid,
    (uid) => {
      stopActivity?.();
      stopActivity = null;
      if (!uid) return;
      let known: Set<string> | null = null;
      stopActivity = subscribeActivity(
        db,
        uid,
        (items) => {
          const fresh = known ? items.filter((a) => !known!.has(a.id)) : [];
          known = new Set([...(known ?? []), ...items.map((a) => a.id)]);
          for (const a of fresh) void notifyActivity(a);
        },
        () => undefined,
      );
    },
    { immediate: true },
  );

  async function notifyActivity(a: ActivityDoc) {
    const uid = auth.uid;
    const entry = rooms.roomById(a.roomId);
    if (!uid || !entry || permission.value !== 'granted' || a.authorId === uid) return;
    const { kind } = entry.room;
    if (
      !shouldNotify({ kind, level: levelOf(a.roomId, kind), mine: false, hidden: !pageState.visible, mentionsMe: true })
    )
      return;
    const message = await getMessage(db, a.roomId, a.id);
    if (!message || message.deleted || message.hidden) return;
    const heading =
      kind === 'direct' ? a.authorName : t('store.notificationInThread', { name: a.authorName, room: entry.title });
    const note = new Notification(heading, { body: message.text.slice(0, 140), tag: `${a.roomId}/${a.threadId}` });
    note.onclick = () => {
      window.focus();
      void router.push({ path: `/r/${encodeURIComponent(a.roomId)}`, query: { thread: a.threadId } });
    };
  }

  async function maybeNotify(
    roomId: string,
    kind: RoomKind,
    title: string,
    last: { id: string; authorId: string; authorName: string; excerpt: string },
  ) {
    const uid = auth.uid;
    if (!uid || permission.value !== 'granted') return;
    const level = levelOf(roomId, kind);
    const base = { kind, level, mine: last.authorId === uid, hidden: !pageState.visible };
    if (!shouldNotify({ ...base, mentionsMe: true })) return;
    let mentionsMe = false;
    if (level === 'mentions') {
      const message = await getMessage(db, roomId, last.id);
      mentionsMe = message?.mentions.includes(uid) ?? false;
    }
    if (!shouldNotify({ ...base, mentionsMe })) return;
    const heading =
      kind === 'direct' ? last.authorName : t('store.notificationIn', { name: last.authorName, room: title });
    const note = new Notification(heading, { body: last.excerpt, tag: roomId });
    note.onclick = () => {
      window.focus();
      void router.push(`/r/${encodeURIComponent(roomId)}`);
    };
  }

  return { levels, permission, levelOf, setLevel, askPermission };
});
