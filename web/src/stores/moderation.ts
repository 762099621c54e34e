import type { DailyStats, QueueItem } from '@chat/shared';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import {
  collection,
  doc,
  documentId,
  getDoc,
  limit,
  onSnapshot,
  orderBy,
  query,
  where,
  type Timestamp,
  type Unsubscribe,
} from 'firebase/firestore';
import { getFunctions, httpsCallable } from 'firebase/functions';
import { firebaseApp } from '../firebase';
import { db } from '../firestore';
import { useAuthStore } from './auth';
import { useRoomsStore } from './rooms';

export type StatsDay = DailyStats & { day: string };
export type QueueEntry = QueueItem<Timestamp> & { roomId: string; roomName: string };
export type Decision = 'restore' | 'remove';

const STATS_DAYS = 7;
const QUEUE_LIMIT = 50;

// Callables are served from the app's own origin at /api/<name>: a Hosting rewrite in production
// and on the Hosting emulator, the dev server's proxy to it under `npm start`. So no CORS preflight,
// and neither the functions' region nor their origin needs to be known here or allowed by the CSP.
export const CALLABLES_PATH = '/api';
const functions = getFunctions(firebaseApp, new URL(CALLABLES_PATH, location.origin).href);
const moderateMessage = httpsCallable<{ roomId: string; messageId: string; decision: Decision }, { status: string }>(
  functions,
  'moderateMessage',
);

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

  let stopStats: Unsubscribe | null = null;
  const stopQueues = new Map<string, Unsubscribe>();

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
      // Firestore cannot scan keys in descending order: take the days since a week ago, newest first here.
      const since = new Date(Date.now() - (STATS_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
      const q = query(
        collection(db, 'stats'),
        where(documentId(), '>=', since),
        orderBy(documentId()),
        limit(STATS_DAYS),
      );
      stopStats = onSnapshot(
        q,
        (snap) => {
          statsError.value = null;
          stats.value = snap.docs.map((d) => ({ ...(d.data() as DailyStats), day: d.id })).reverse();
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
          const member = await getDoc(doc(db, 'rooms', room.id, 'members', uid)).catch(() => null);
          const role = member?.get('role') as string | undefined;
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
        const q = query(
          collection(db, 'rooms', room.id, 'moderationQueue'),
          where('status', '==', 'pending'),
          limit(QUEUE_LIMIT),
        );
        stopQueues.set(
          room.id,
          onSnapshot(
            q,
            (snap) => {
              queueError.value = null;
              queues.value = {
                ...queues.value,
                [room.id]: snap.docs.map((d) => ({
                  ...(d.data() as QueueItem<Timestamp>),
                  roomId: room.id,
                  roomName: room.name,
                })),
              };
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
      await moderateMessage({ roomId: item.roomId, messageId: item.messageId, decision });
    } finally {
      const next = new Set(busy.value);
      next.delete(key);
      busy.value = next;
    }
  }

  return { isAppAdmin, stats, statsError, moderatedRooms, queue, queueError, busy, decide };
});
