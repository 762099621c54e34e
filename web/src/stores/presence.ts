import { PRESENCE_HEARTBEAT_MS, type PresenceState } from '@chat/shared';
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { db, firestoreRest } from '../firestore';
import { writePresence, writePresenceOnUnload } from '../data/presence';
import { pageState } from '../lib/pageState';
import { combineTabs, planWrite } from '../lib/presence';
import { useAuthStore } from './auth';

/** A state change is written at once, but never sooner than this after the previous write. */
const MIN_GAP_MS = 5_000;
const LOCK_NAME = 'firechat-presence-leader';

type TabMessage =
  { type: 'state'; tab: string; visible: boolean } | { type: 'bye'; tab: string } | { type: 'roll-call' };

/**
 * The user's own presence. Of all open tabs one leader (a Web Lock, handed on when its tab
 * closes) writes presence/{uid}: online while any tab is visible, away when all are hidden,
 * a heartbeat at most once a minute, offline on sign-out and when the last tab goes.
 * The other tabs only tell the leader, over a BroadcastChannel, whether they are visible.
 */
export const usePresenceStore = defineStore('presence', () => {
  const auth = useAuthStore();
  const tab = Math.random().toString(36).slice(2);
  const isLeader = ref(false);
  const written = ref<PresenceState | null>(null);
  const tabs = new Map<string, boolean>();
  let lastWriteMs: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let releaseLock: (() => void) | null = null;
  let uidWriting: string | null = null;
  /** the user's ID token, kept fresh by each write: the unload write cannot wait for one */
  let idToken: string | null = null;
  const refreshToken = () =>
    void auth.user
      ?.getIdToken()
      .then((t) => (idToken = t))
      .catch(() => undefined);
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('firechat-presence') : null;

  const visible = () => pageState.visible;
  const announce = () => channel?.postMessage({ type: 'state', tab, visible: visible() } satisfies TabMessage);

  function schedule() {
    if (timer) clearTimeout(timer);
    timer = null;
    const uid = auth.uid;
    if (!isLeader.value || !uid) return;
    tabs.set(tab, visible());
    const state = combineTabs(tabs.values());
    const plan = planWrite(
      { state, lastWritten: written.value, lastWriteMs, nowMs: Date.now() },
      PRESENCE_HEARTBEAT_MS,
      MIN_GAP_MS,
    );
    if (plan.now) {
      lastWriteMs = Date.now();
      written.value = state;
      uidWriting = uid;
      void writePresence(db, uid, state).catch(() => (lastWriteMs = null));
      refreshToken();
      timer = setTimeout(schedule, PRESENCE_HEARTBEAT_MS);
    } else if (plan.laterMs !== null) {
      timer = setTimeout(schedule, plan.laterMs);
    }
  }

  channel?.addEventListener('message', (event: MessageEvent<TabMessage>) => {
    const message = event.data;
    if (message.type === 'roll-call') announce();
    if (!isLeader.value) return;
    if (message.type === 'state') tabs.set(message.tab, message.visible);
    if (message.type === 'bye') tabs.delete(message.tab);
    schedule();
  });

  function lead() {
    if (!navigator.locks) {
      // Without Web Locks every tab writes for itself: correct, only costlier.
      isLeader.value = true;
      schedule();
      return;
    }
    void navigator.locks.request(LOCK_NAME, () => {
      isLeader.value = true;
      tabs.clear();
      channel?.postMessage({ type: 'roll-call' } satisfies TabMessage);
      schedule();
      return new Promise<void>((resolve) => (releaseLock = resolve));
    });
  }

  watch(
    () => pageState.visible,
    () => {
      announce();
      if (isLeader.value) schedule();
    },
  );

  addEventListener('pagehide', () => {
    channel?.postMessage({ type: 'bye', tab } satisfies TabMessage);
    tabs.delete(tab);
    const uid = auth.uid;
    if (!isLeader.value || !uid || tabs.size > 0) return;
    // The SDK's write would die with the page; a keepalive request outlives it, so others see the
    // closed tab offline within seconds, not when the heartbeat goes stale. Staleness covers the rest.
    if (!idToken || !writePresenceOnUnload(firestoreRest, uid, 'offline', idToken))
      void writePresence(db, uid, 'offline');
  });

  let started = false;
  /** Starts presence for this tab (once, after the chat screen loads). */
  function start() {
    if (started) return;
    started = true;
    auth.onBeforeSignOut(async () => {
      const uid = auth.uid;
      if (timer) clearTimeout(timer);
      timer = null;
      if (uid) await writePresence(db, uid, 'offline').catch(() => undefined);
      idToken = null;
    });
    watch(
      () => auth.uid,
      (uid) => {
        if (uid && uid !== uidWriting) {
          written.value = null;
          lastWriteMs = null;
        }
        if (uid) {
          announce();
          if (isLeader.value) schedule();
        }
      },
      { immediate: true },
    );
    lead();
  }

  function stop() {
    releaseLock?.();
    releaseLock = null;
    isLeader.value = false;
  }

  return { isLeader, written, start, stop };
});
