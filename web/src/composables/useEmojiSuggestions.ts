import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import { insertEmoji, shortcodeQueryAt } from '../lib/emoji';
import { handleListboxKey } from '../lib/listbox';
import type * as EmojiSearch from '../emoji';
import type { EmojiSuggestion } from '../emoji';

type Search = typeof EmojiSearch;
let search: Promise<Search> | null = null;
/** The lookup chunk, once; should it fail (offline before it was cached) the next `:` tries again. */
const loadSearch = () =>
  (search ??= import('../emoji').catch((error: unknown) => {
    search = null;
    throw error;
  }));

/** A completed `:shortcode:` right before the caret. */
const COMPLETE = /(?:^|\s)(:([a-z0-9_+-]{2,32}):)$/iu;

/**
 * The composer's `:shortcode` autocomplete: typing `:` and two characters suggests emoji (Up/Down
 * move, Enter or Tab pick, Escape dismisses this one), and a shortcode typed out to its closing
 * colon (`:+1:`) turns into its emoji, as in Slack. `caret` is the composer's caret position.
 */
export function useEmojiSuggestions(text: Ref<string>, caret: Ref<number>) {
  const active = ref(0);
  const dismissedAt = ref<number | null>(null);
  const suggestions = shallowRef<EmojiSuggestion[]>([]);
  const query = computed(() => shortcodeQueryAt(text.value, caret.value));

  watch(query, async (q) => {
    active.value = 0;
    if (!q || q.start === dismissedAt.value) {
      suggestions.value = [];
      return;
    }
    const found = await (await loadSearch()).searchShortcodes(q.query).catch(() => []);
    // a later keystroke may have moved on while the lookup ran
    if (query.value?.start === q.start && query.value.query === q.query) suggestions.value = found;
  });

  /** `:code:` typed out: replaced by its emoji when the shortcode exists. */
  async function completeTyped(): Promise<{ text: string; caret: number } | null> {
    const before = text.value.slice(0, caret.value);
    const match = COMPLETE.exec(before);
    if (!match?.[1] || !match[2]) return null;
    const lib = await loadSearch().catch(() => null);
    const emoji = lib ? await lib.emojiForShortcode(match[2]).catch(() => null) : null;
    if (!emoji || !lib || text.value.slice(0, caret.value) !== before) return null;
    lib.recordUse(emoji);
    const start = before.length - match[1].length;
    const next = text.value.slice(0, start) + emoji + text.value.slice(caret.value);
    return { text: next, caret: start + emoji.length };
  }

  /** The text with `s` put in place of the query, and the caret after it. */
  function insert(s: EmojiSuggestion): { text: string; caret: number } | null {
    const q = query.value;
    if (!q) return null;
    void search?.then((lib) => lib.recordUse(s.emoji));
    return insertEmoji(text.value, q.start, caret.value, s.emoji);
  }

  /** Handles the key while suggestions show; true when it was theirs. */
  function onKeydown(event: KeyboardEvent, pick: (s: EmojiSuggestion) => void): boolean {
    return handleListboxKey(event, suggestions.value, active, {
      pick,
      dismiss: () => {
        dismissedAt.value = query.value?.start ?? null;
        suggestions.value = [];
      },
    });
  }

  return { active, suggestions, insert, completeTyped, onKeydown };
}
