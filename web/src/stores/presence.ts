import { PRESENCE_CHANGE_MIN_GAP_MS, PRESENCE_HEARTBEAT_MS, type PresenceState } from '@chat/shared';
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { db } from '../firestore';
import { readPresenceState, writePresence } from '../data/presence';
import { pageState } from '../lib/pageState';
import { combineTabs, planWrite } from '../lib/presence';
import { useAuthStore } from './auth';

/** A state change is written at once, but never sooner than this after the previous write. */
const MIN_GAP_MS = 5_000;
const LOCK_NAME = 'firechat-presence-leader';
/** Between the client's clock reading an answer and the server's time of the next write. */
const SERVER_CLOCK_MARGIN_MS = 500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  /** The last write and when the server answered it: the rules time the next change from that write. */
  let lastWrite: Promise<unknown> = Promise.resolve();
  let lastAckMs = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let releaseLock: (() => void) | null = null;
  let uidWriting: string | null = null;
  /** Set while sign-out writes offline: no other write (a retry, a heartbeat) may overtake it. */
  let signingOut = false;
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('firechat-presence') : null;

  const visible = () => pageState.visible;
  const announce = () => channel?.postMessage({ type: 'state', tab, visible: visible() } satisfies TabMessage);

  function schedule() {
    if (timer) clearTimeout(timer);
    timer = null;
    const uid = auth.uid;
    if (!isLeader.value || !uid || signingOut) return;
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
      lastWrite = writePresence(db, uid, state).then(
        () => (lastAckMs = Date.now()),
        async () => {
          // Refused inside the rules' throttle: this person's other page wrote last (the
          // offline write of the page a reload replaced, or the leader that handed over when
          // its tab closed). If the server already holds this state, that write stands for this
          // one (retrying would be refused for the rest of the same-state gap); otherwise write
          // again once the gap has passed, not a whole heartbeat later, or a reloaded tab shows
          // its person offline for a minute.
          const held = await readPresenceState(db, uid).catch(() => null);
          if (timer) clearTimeout(timer);
          timer = null;
          if (held === state) {
            lastWriteMs = Date.now();
            schedule();
          } else {
            lastWriteMs = null;
            timer = setTimeout(schedule, PRESENCE_CHANGE_MIN_GAP_MS + SERVER_CLOCK_MARGIN_MS);
          }
        },
      );
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
    // Best effort: the write may not leave before the page is gone; staleness covers the rest.
    if (isLeader.value && uid && tabs.size === 0) void writePresence(db, uid, 'offline');
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
      if (!uid) return;
      // The rules refuse a change of state within PRESENCE_CHANGE_MIN_GAP_MS of the previous write
      // (timed by the server, so counted from its answer, with a margin for the clocks): a sign-out
      // right after coming back online would otherwise leave the person "Online" until stale.
      signingOut = true;
      try {
        await lastWrite;
        if (timer) clearTimeout(timer);
        timer = null;
        const gap = PRESENCE_CHANGE_MIN_GAP_MS + SERVER_CLOCK_MARGIN_MS;
        const wait = lastAckMs + gap - Date.now();
        if (wait > 0) await sleep(wait);
        // Another tab of this person may have written last, unknown to this one (the leader
        // hands over when a tab closes): a refusal means that write was within the gap, so
        // the offline write is tried once more after it.
        await writePresence(db, uid, 'offline').catch(async () => {
          await sleep(gap);
          await writePresence(db, uid, 'offline').catch(() => undefined);
        });
      } finally {
        signingOut = false;
      }
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
