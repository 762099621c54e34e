import type { DailyStats } from '@chat/shared';
import type { Timestamp } from 'firebase/firestore';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { db } from '../firestore';
import { functions } from '../functions';
import { moderateMessage, type Decision } from '../data/callables';
import { roleIn, subscribeModerationQueue, subscribeStats, type QueueDoc } from '../data/moderation';
import { useAuthStore } from './auth';
import { useRoomsStore } from './rooms';

export type { Decision };
export type StatsDay = DailyStats<Timestamp> & { day: string };
export type QueueEntry = QueueDoc & { roomId: string; roomName: string };

const STATS_DAYS = 7;
const QUEUE_LIMIT = 50;

/**
 * The admin page's data: daily stats (app admins) and the pending moderation queue of every
 * room the viewer owns or administers; decisions go through the moderateMessage callable.
 */
export const useModerationStore = defineStore('moderation', () => {
  const auth = useAuthStore();
  const rooms = useRoomsStore();

  const isAppAdmin = ref(false);
  const stats = shallowRef<StatsDay[]>([]);
  const statsError = ref<string | null>(null);
  const moderatedRooms = shallowRef<Array<{ id: string; name: string }>>([]);
  const queues = shallowRef<Record<string, QueueEntry[]>>({});
  const queueError = ref<string | null>(null);
  const busy = ref<Set<string>>(new Set());

  let stopStats: (() => void) | null = null;
  const stopQueues = new Map<string, () => void>();

  const queue = computed(() =>
    Object.values(queues.value)
      .flat()
      .sort((a, b) => (b.createdAt?.toMillis() ?? 0) - (a.createdAt?.toMillis() ?? 0)),
  );

  watch(
    () => auth.user,
    async (user) => {
      stopStats?.();
      stopStats = null;
      stats.value = [];
      isAppAdmin.value = false;
      if (!user) return;
      const token = await user.getIdTokenResult();
      isAppAdmin.value = token.claims.admin === true;
      if (!isAppAdmin.value) return;
      const since = new Date(Date.now() - (STATS_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
      stopStats = subscribeStats(
        db,
        since,
        STATS_DAYS,
        (days) => {
          statsError.value = null;
          stats.value = days.map(({ id, ...day }) => ({ ...day, day: id })).reverse();
        },
        (e) => (statsError.value = e.message),
      );
    },
    { immediate: true },
  );

  /** Rooms where my member document says owner or admin; each gets a live pending queue. */
  watch(
    () => [auth.uid, rooms.rooms.map((r) => r.id).join(',')] as const,
    async ([uid]) => {
      if (!uid) {
        for (const stop of stopQueues.values()) stop();
        stopQueues.clear();
        moderatedRooms.value = [];
        queues.value = {};
        return;
      }
      const roles = await Promise.all(
        rooms.rooms.map(async (room) => {
          const role = await roleIn(db, room.id, uid);
          return role === 'owner' || role === 'admin' ? { id: room.id, name: room.name || room.id } : null;
        }),
      );
      moderatedRooms.value = roles.filter((r): r is { id: string; name: string } => r !== null);
      const wanted = new Set(moderatedRooms.value.map((r) => r.id));
      for (const [roomId, stop] of stopQueues) {
        if (!wanted.has(roomId)) {
          stop();
          stopQueues.delete(roomId);
          const { [roomId]: _gone, ...rest } = queues.value;
          queues.value = rest;
        }
      }
      for (const room of moderatedRooms.value) {
        if (stopQueues.has(room.id)) continue;
        stopQueues.set(
          room.id,
          subscribeModerationQueue(
            db,
            room.id,
            QUEUE_LIMIT,
            (items) => {
              queueError.value = null;
              queues.value = { ...queues.value, [room.id]: items.map((item) => ({ ...item, roomId: room.id, roomName: room.name })) };
            },
            (e) => (queueError.value = e.message),
          ),
        );
      }
    },
    { immediate: true },
  );

  async function decide(item: QueueEntry, decision: Decision): Promise<void> {
    const key = `${item.roomId}/${item.messageId}`;
    busy.value = new Set([...busy.value, key]);
    try {
      await moderateMessage(functions, { roomId: item.roomId, messageId: item.messageId, decision });
    } finally {
      const next = new Set(busy.value);
      next.delete(key);
      busy.value = next;
    }
  }

  return { isAppAdmin, stats, statsError, moderatedRooms, queue, queueError, busy, decide };
});
