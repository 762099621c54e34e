import { PRESENCE_CHANGE_MIN_GAP_MS, PRESENCE_HEARTBEAT_MS, type PresenceState } from '@chat/shared';
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { db, firestoreRest } from '../firestore';
import { readPresenceFromServer, writePresence, writePresenceOnUnload } from '../data/presence';
import { pageState } from '../lib/pageState';
import { combineTabs, planWrite } from '../lib/presence';
import { useAuthStore } from './auth';

/**
 * A state change is written at once, but never sooner than this after the previous write (the
 * rules refuse a change within PRESENCE_CHANGE_MIN_GAP_MS of the last write, by the server's times).
 */
const MIN_GAP_MS = 5_000;
/** Every tab hidden this long before 'away' is written (see planWrite). */
const AWAY_AFTER_MS = 10_000;
/** How long signing out waits for presence writes to be answered. */
const SIGN_OUT_WAIT_MS = 3_000;
const LOCK_NAME = 'firechat-presence-leader';
/** Between the client's clock reading an answer and the server's time of the next write. */
const SERVER_CLOCK_MARGIN_MS = 500;
/** The rules' gap before a change of state, counted from an answer on this clock. */
const CHANGE_GAP_MS = PRESENCE_CHANGE_MIN_GAP_MS + SERVER_CLOCK_MARGIN_MS;

/** `work`, or nothing once `ms` passed. */
function within(work: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    work.then(done, done);
  });
}

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
  /** when the last write was acknowledged, null while one is under way (or none was made) */
  let lastAckMs: number | null = null;
  /** writes started, so an answer can tell whether a later write overtook it */
  let writes = 0;
  let pending: Promise<void> = Promise.resolve();
  /** the tabs' combined state, and since when */
  let current: PresenceState | null = null;
  let currentSinceMs = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let releaseLock: (() => void) | null = null;
  let uidWriting: string | null = null;
  /** Set while sign-out writes offline: no other write (a retry, a heartbeat) may overtake it. */
  let signingOut = false;
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
    if (!isLeader.value || !uid || signingOut) return;
    tabs.set(tab, visible());
    const state = combineTabs(tabs.values());
    if (state !== current) {
      current = state;
      currentSinceMs = Date.now();
    }
    const plan = planWrite(
      { state, lastWritten: written.value, lastWriteMs, nowMs: Date.now(), sinceMs: currentSinceMs },
      PRESENCE_HEARTBEAT_MS,
      MIN_GAP_MS,
      AWAY_AFTER_MS,
    );
    if (plan.now) {
      lastWriteMs = Date.now();
      lastAckMs = null;
      written.value = state;
      uidWriting = uid;
      const seq = ++writes;
      pending = writePresence(db, uid, state).then(
        () => {
          lastAckMs = Date.now();
          // The next write is timed from this one's answer, not from when it was sent: a write
          // that waited (for the connection, or a busy page) would otherwise be followed by a
          // heartbeat less than a minute after it reached the server. Not for an answer that a
          // later write has overtaken.
          if (seq !== writes) return;
          lastWriteMs = lastAckMs;
          schedule();
        },
        async () => {
          // Refused inside the rules' throttle: this person's other page wrote last (the
          // offline write of the page a reload replaced, or the leader that handed over when
          // its tab closed); that write is at most this old, so the next change waits the gap
          // from now. If the server already holds this state, that write stands for this one
          // (a retry would be refused for the rest of the same-state gap); otherwise write again
          // once the gap has passed, not a whole heartbeat later, or a reloaded tab shows its
          // person offline for a minute.
          lastAckMs = Date.now();
          const held = await readPresenceFromServer(db, uid).catch(() => null);
          if (timer) clearTimeout(timer);
          timer = null;
          if (held?.state === state) {
            // the rules' gap runs from that write's time, not from this refusal: a tab closed
            // 3 s after a reload (whose 'online' the earlier page had written) can still say
            // 'offline' (CHANGE_GAP_MS's margin covers the two clocks' difference)
            if (held.lastSeenMs !== null) lastAckMs = Math.min(lastAckMs, held.lastSeenMs);
            lastWriteMs = Date.now();
            schedule();
          } else {
            lastWriteMs = null;
            timer = setTimeout(schedule, CHANGE_GAP_MS);
          }
        },
      );
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
    // The rules refuse a change of state within PRESENCE_CHANGE_MIN_GAP_MS of the last write (by
    // the server's times: the last one stamped before its acknowledgement came back, this one
    // after now). Right after a write, or with one under way, 'offline' would be refused: the
    // closed tab then goes offline when its heartbeat goes stale.
    if (lastAckMs === null || Date.now() - lastAckMs < CHANGE_GAP_MS) return;
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
      if (uid) {
        signingOut = true;
        try {
          // a change right after the last write would be refused by the rules' throttle; offline,
          // no write is answered, and signing out does not wait for one
          await within(pending, SIGN_OUT_WAIT_MS);
          if (timer) clearTimeout(timer);
          timer = null;
          const wait = lastAckMs === null ? 0 : lastAckMs + CHANGE_GAP_MS - Date.now();
          if (wait > 0) await sleep(wait);
          // Another tab of this person may have written last, unknown to this one (the leader
          // hands over when a tab closes): a refusal means that write was within the gap, so
          // the offline write is tried once more after it.
          const offline = writePresence(db, uid, 'offline').catch(async () => {
            await sleep(CHANGE_GAP_MS);
            await writePresence(db, uid, 'offline').catch(() => undefined);
          });
          await within(offline, SIGN_OUT_WAIT_MS + CHANGE_GAP_MS);
        } finally {
          signingOut = false;
        }
      }
      idToken = null;
    });
    watch(
      () => auth.uid,
      (uid) => {
        if (uid && uid !== uidWriting) {
          written.value = null;
          lastWriteMs = null;
          lastAckMs = null;
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
