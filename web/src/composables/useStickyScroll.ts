import { nextTick, onMounted, ref, watch, type Ref } from 'vue';
import type { MessageDoc } from '../data/converters';

/** Within this many pixels of the end counts as at the bottom. */
const BOTTOM_SLACK_PX = 48;
/** Scrolled this near the top, older history is asked for. */
const LOAD_OLDER_PX = 300;
const HIGHLIGHT_MS = 2500;

/**
 * The message list's scrolling. It sticks to the bottom while the reader is there, and when
 * they send; while they are scrolled up, new arrivals wait behind a count ("N new messages") and
 * whatever is on screen stays put, also when older history is added above (the first visible
 * message is the anchor). Also: whether the unread marker is above the view, and revealing a
 * message (scrolled to the middle, focused, highlighted for a moment).
 */
export function useStickyScroll(
  scroller: Ref<HTMLElement | null>,
  atBottom: Ref<boolean>,
  input: {
    messages: () => MessageDoc[];
    /** my own messages not yet in the list (the outbox): one more means I just sent */
    outboxCount: () => number;
    myUid: () => string | null;
    hasUnread: () => boolean;
    /** asks for older history, when there is more and none is loading */
    loadOlder: () => void;
  },
) {
  const newCount = ref(0);
  const highlighted = ref<string | null>(null);
  /** the unread marker is above the view (or not loaded yet): offer to jump to it */
  const markerAbove = ref(false);

  function checkMarker() {
    const el = scroller.value;
    if (!el || !input.hasUnread()) {
      markerAbove.value = false;
      return;
    }
    const marker = el.querySelector('.unread');
    markerAbove.value = !marker || marker.getBoundingClientRect().bottom < el.getBoundingClientRect().top;
  }

  /** The newest message the reader had on screen when they left the bottom: new ones count from it. */
  let lastSeenNewest: string | null = null;
  /** scrollTop as last handled here: a different value is a scroll whose event has not come yet */
  let knownScrollTop = -1;
  /**
   * At the bottom, as decided here. `atBottom` is the parent's v-model: what is written to it
   * reads back only after the parent re-renders, so decisions in the same tick use this.
   */
  let bottom = atBottom.value;
  function setBottom(value: boolean) {
    bottom = value;
    atBottom.value = value;
  }
  /** Whether the view is at the bottom now; on leaving it, `seenNewest` is what they had seen. */
  function measureBottom(el: HTMLElement, seenNewest: string | null): boolean {
    knownScrollTop = el.scrollTop;
    const now = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK_PX;
    if (!now && bottom) lastSeenNewest = seenNewest;
    setBottom(now);
    return now;
  }

  function scrollToBottom() {
    const el = scroller.value;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    knownScrollTop = el.scrollTop;
    setBottom(true);
    newCount.value = 0;
  }

  function onScroll() {
    const el = scroller.value;
    if (!el) return;
    if (measureBottom(el, input.messages().at(-1)?.id ?? null)) newCount.value = 0;
    checkMarker();
    if (el.scrollTop < LOAD_OLDER_PX) input.loadOlder();
  }

  /** The first message at least partly on screen, and where it is. */
  function anchor(): { id: string; top: number } | null {
    const el = scroller.value;
    if (!el) return null;
    const top = el.getBoundingClientRect().top;
    for (const node of el.querySelectorAll<HTMLElement>('[data-message-id]')) {
      const rect = node.getBoundingClientRect();
      if (rect.bottom > top) return { id: node.dataset.messageId ?? '', top: rect.top };
    }
    return null;
  }

  function find(id: string): HTMLElement | null {
    return scroller.value?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(id)}"]`) ?? null;
  }

  watch(input.hasUnread, () => void nextTick(checkMarker));

  let lastNewest: string | null = null;
  // A list that mounts with messages (a room left a moment ago, or one warmed while it was being
  // entered: useRoomMessages) starts at its newest, as one that receives them does; else the
  // conversation's own first snapshot would count as the first, and move a reader who has
  // scrolled up since back to the bottom.
  onMounted(() => {
    const newest = input.messages().at(-1);
    if (!newest) return;
    lastNewest = newest.id;
    scrollToBottom();
    checkMarker();
  });
  watch(
    () => [input.messages(), input.outboxCount()] as const,
    ([messages, outboxCount], previous) => {
      const el = scroller.value;
      const newest = messages.at(-1) ?? null;
      const appended = newest !== null && newest.id !== lastNewest && lastNewest !== null;
      const first = lastNewest === null && newest !== null;
      const sent = outboxCount > (previous?.[1] ?? outboxCount);
      // A scroll made an instant ago has not fired its event yet: where the reader is comes from
      // the page (this runs before it updates), or sticking would undo it. Content that only
      // grew (a late image, the formatter arriving) leaves scrollTop alone and does not count.
      if (el && !first && el.scrollTop !== knownScrollTop) measureBottom(el, lastNewest);
      lastNewest = newest?.id ?? lastNewest;
      const stick = bottom || first || sent || (appended && newest?.authorId === input.myUid());
      const kept = stick ? null : anchor();
      if (appended && !stick) {
        // counted as the unread badge counts: other people's messages, not notices (a join
        // notice the server posts late would otherwise turn "2 new messages" into 3)
        const counts = (m: MessageDoc) => m.kind !== 'system' && m.authorId !== input.myUid();
        const at = messages.findIndex((m) => m.id === lastSeenNewest);
        newCount.value = at >= 0 ? messages.slice(at + 1).filter(counts).length : newCount.value + (counts(newest) ? 1 : 0);
      }
      void nextTick(() => {
        if (!el) return;
        if (stick) scrollToBottom();
        else if (kept) {
          const node = find(kept.id);
          if (node) el.scrollTop += node.getBoundingClientRect().top - kept.top;
          knownScrollTop = el.scrollTop;
        }
        checkMarker();
      });
    },
    { flush: 'pre' },
  );

  /** Scrolls a loaded message into the middle of the view and highlights it for a moment. */
  async function reveal(id: string): Promise<boolean> {
    await nextTick();
    const node = find(id);
    if (!node) return false;
    node.scrollIntoView({ block: 'center' });
    checkMarker();
    highlighted.value = id;
    node.querySelector<HTMLElement>('article')?.focus({ preventScroll: true });
    setTimeout(() => {
      if (highlighted.value === id) highlighted.value = null;
    }, HIGHLIGHT_MS);
    return true;
  }

  return { newCount, highlighted, markerAbove, scrollToBottom, onScroll, reveal };
}
