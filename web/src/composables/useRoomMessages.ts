import { PAGE_SIZE } from '@chat/shared';
import { computed, onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import { db } from '../firestore';
import type { MessageDoc } from '../data/converters';
import { subscribeLatestMessages, subscribeOlderMessages, windowChanges } from '../data/messages';
import { takeWarmWindow } from '../data/warmWindows';
import { lingering } from '../lib/linger';
import { applyChanges, byTime, mergeLoaded, passedUnseen, RecentWindows } from '../lib/messageWindow';

/** A gap is fetched in ranges of this many messages, at most this many ranges. */
const GAP_PAGE = 100;
const GAP_PAGES = 3;
/** How many rooms left last keep their window, to show at once on coming back (RecentWindows). */
const RECENT_ROOMS = 8;

/**
 * A room's messages, oldest first: a live window of the latest PAGE_SIZE, plus older pages
 * loaded on demand (each a live, fixed range), plus messages that newer arrivals pushed out of
 * the window (kept, so nothing between the window and the first older page goes missing).
 * Each snapshot's docChanges are applied incrementally to the window. When more than a window's
 * worth arrives between two snapshots, the messages that never passed through the window are
 * fetched as fixed ranges (`gaps`), so the list has no hole.
 *
 * A document with pending writes that leaves the window was refused by the server (the SDK
 * rolls the local write back): its id goes to `vanishedIds` for the outbox to mark failed.
 */
export function useRoomMessages(roomId: MaybeRefOrGetter<string | null>) {
  const live = shallowRef<MessageDoc[]>([]);
  const pushedOut = shallowRef<MessageDoc[]>([]);
  const pages = shallowRef<MessageDoc[][]>([]);
  const gaps = shallowRef<MessageDoc[][]>([]);
  const pendingIds = shallowRef<Set<string>>(new Set());
  const vanishedIds = shallowRef<Set<string>>(new Set());
  const fromCache = ref(true);
  const pending = ref(false);
  const loadingOlder = ref(false);
  const hasMore = ref(true);
  const error = shallowRef<Error | null>(null);
  let unsubscribers: (() => void)[] = [];
  let generation = 0;

  function stop() {
    for (const u of unsubscribers) u();
    unsubscribers = [];
  }

  // the live window first: its copy of a message is the newest
  const messages = computed(() => mergeLoaded(live.value, gaps.value.flat(), pushedOut.value, pages.value.flat()));

  /**
   * Fetches, as fixed live ranges going back from `newer`, the messages after `older` that
   * arrived too fast to pass through the window. A gap of more than GAP_PAGES pages (a room
   * opened from an old cache, say) is not filled: what is older than the filled part is let go
   * and paged in again on scrolling up, so the list stays contiguous either way.
   */
  function fillGap(id: string, older: MessageDoc, newer: MessageDoc, depth = 1) {
    const mine = generation;
    const index = gaps.value.length;
    gaps.value = [...gaps.value, []];
    let first = true;
    unsubscribers.push(
      subscribeOlderMessages(
        db,
        id,
        { createdAt: newer.createdAt, id: newer.id },
        (page, cached) => {
          if (mine !== generation || cached) return;
          const inGap = page.filter((m) => byTime(m, older) > 0);
          const next = gaps.value.slice();
          next[index] = inGap;
          gaps.value = next;
          const oldest = page.at(-1);
          if (first && oldest && inGap.length === page.length && page.length >= GAP_PAGE) {
            if (depth < GAP_PAGES) fillGap(id, older, oldest, depth + 1);
            else forgetOlderThan(oldest);
          }
          first = false;
        },
        (err) => (error.value = err),
        GAP_PAGE,
      ),
    );
  }

  const recent = new RecentWindows<MessageDoc>(RECENT_ROOMS);
  /** `live` holds a room's window as it was left, until its listener's first answer */
  let seeded = false;

  watch(
    () => toValue(roomId),
    (id, left) => {
      stop();
      if (left) recent.keep(left, error.value ? [] : live.value, pendingIds.value);
      generation += 1;
      live.value = [];
      pushedOut.value = [];
      pages.value = [];
      gaps.value = [];
      pendingIds.value = new Set();
      vanishedIds.value = new Set();
      fromCache.value = true;
      hasMore.value = true;
      loadingOlder.value = false;
      error.value = null;
      pending.value = !!id;
      if (!id) return;
      // a room left recently, or one whose messages were listened to while it was entered
      const kept = recent.take(id) ?? takeWarmWindow(id);
      seeded = !!kept;
      if (kept) {
        live.value = [...kept];
        pending.value = false;
      }
      // lingers after the room is left: coming back within LINGER_MS takes the SDK's live view at once
      unsubscribers.push(
        lingering((gate) =>
          subscribeLatestMessages(
            db,
            id,
            ({ changes, pendingIds: pendingNow, fromCache: cached }) => {
              if (!gate.open) return;
              // the first snapshot to say anything lists every message as added: it starts from nothing
              if (seeded && (changes.length > 0 || !cached)) {
                seeded = false;
                live.value = [];
              }
              if (changes.length > 0) {
                const newestBefore = live.value.find((m) => !pendingIds.value.has(m.id)) ?? null;
                const { next, dropped, vanished } = applyChanges(live.value, windowChanges(changes), pendingIds.value);
                live.value = next;
                if (dropped.length) pushedOut.value = [...pushedOut.value, ...dropped];
                if (newestBefore && passedUnseen(newestBefore, next, PAGE_SIZE, cached))
                  fillGap(id, newestBefore, next.at(-1)!);
                if (vanished.length) vanishedIds.value = new Set([...vanishedIds.value, ...vanished]);
              }
              pendingIds.value = pendingNow;
              fromCache.value = cached;
              if (!cached && live.value.length < PAGE_SIZE && pages.value.length === 0) hasMore.value = false;
              pending.value = false;
            },
            (err) => {
              if (!gate.open) return;
              error.value = err;
              pending.value = false;
            },
          ),
        ),
      );
    },
    { immediate: true },
  );

  /** Drops what is loaded before `oldest`; scrolling up pages it in again from there. */
  function forgetOlderThan(oldest: MessageDoc) {
    generation += 1;
    pushedOut.value = pushedOut.value.filter((m) => byTime(m, oldest) >= 0);
    pages.value = [];
    loadingOlder.value = false;
    hasMore.value = true;
  }

  /** Loads the page before the oldest loaded message; resolves when it has arrived. */
  function loadOlder(): Promise<void> {
    const id = toValue(roomId);
    const oldest = messages.value.find((m) => !pendingIds.value.has(m.id) && m.createdAt);
    if (!id || !oldest || loadingOlder.value || !hasMore.value) return Promise.resolve();
    loadingOlder.value = true;
    const mine = generation;
    const index = pages.value.length;
    return new Promise<void>((resolve) => {
      let first = true;
      unsubscribers.push(
        subscribeOlderMessages(
          db,
          id,
          { createdAt: oldest.createdAt, id: oldest.id },
          (page, cached) => {
            if (mine !== generation) return;
            // the cache may hold only part of an old range: a short page from it proves nothing
            if (first && cached && page.length < PAGE_SIZE) return;
            const next = pages.value.slice();
            next[index] = page;
            pages.value = next;
            if (first) {
              first = false;
              if (page.length < PAGE_SIZE) hasMore.value = false;
              loadingOlder.value = false;
              resolve();
            }
          },
          (err) => {
            error.value = err;
            loadingOlder.value = false;
            resolve();
          },
        ),
      );
    });
  }

  /** Loads older pages until `found` holds for a loaded message or history ends. */
  async function loadUntil(found: (m: MessageDoc) => boolean): Promise<boolean> {
    for (;;) {
      if (messages.value.some(found)) return true;
      if (!hasMore.value) return false;
      const before = messages.value.length;
      await loadOlder();
      if (messages.value.length === before) return messages.value.some(found);
    }
  }

  onScopeDispose(stop);

  return { messages, pendingIds, vanishedIds, fromCache, pending, loadingOlder, hasMore, error, loadOlder, loadUntil };
}
