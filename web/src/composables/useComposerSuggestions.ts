import { computed, nextTick, type Ref } from 'vue';
import type { EmojiSuggestion } from '../emoji';
import type { MentionCandidate } from '../lib/mentions';
import { useEmojiSuggestions } from './useEmojiSuggestions';
import { useMentionSuggestions, type MemberSearchScope } from './useMentionSuggestions';

/** The ids of the composer's two suggestion lists (the room's and a thread's are on screen together). */
export interface SuggestionIds {
  mentions: string;
  emoji: string;
}

/**
 * The composer box's caret and what edits the text at it: the @mention and :shortcode suggestion
 * lists (one open at a time, the box's aria-controls), picking from them, and an emoji inserted
 * from the picker. Every edit puts the caret after what it inserted and the focus back in the box.
 */
export function useComposerSuggestions(
  text: Ref<string>,
  box: Ref<HTMLTextAreaElement | null>,
  candidates: Ref<MentionCandidate[]>,
  options: {
    myUid: () => string | null;
    scope: MemberSearchScope;
    ids: SuggestionIds;
    /** a member was picked (the draft keeps them: they may be past the loaded members) */
    onMention: (candidate: MentionCandidate) => void;
  },
) {
  const mentions = useMentionSuggestions(text, candidates, options.myUid, options.scope);
  const emoji = useEmojiSuggestions(text, mentions.caret);

  /** The open suggestion list, for the box's aria-controls and aria-activedescendant. */
  const listbox = computed(() =>
    mentions.suggestions.value.length
      ? { id: options.ids.mentions, active: mentions.active.value }
      : emoji.suggestions.value.length
        ? { id: options.ids.emoji, active: emoji.active.value }
        : null,
  );

  function syncCaret() {
    mentions.caret.value = box.value?.selectionStart ?? text.value.length;
  }

  async function placeCaret(at: number) {
    await nextTick();
    box.value?.focus();
    box.value?.setSelectionRange(at, at);
    syncCaret();
  }

  async function replace(next: { text: string; caret: number }) {
    text.value = next.text;
    await placeCaret(next.caret);
  }

  function pickEmoji(s: EmojiSuggestion) {
    const next = emoji.insert(s);
    if (next) void replace(next);
  }

  function pickMention(candidate: MentionCandidate) {
    const next = mentions.insert(candidate);
    if (!next) return;
    options.onMention(candidate);
    void replace(next);
  }

  function insertAtCaret(e: string) {
    const start = box.value?.selectionStart ?? text.value.length;
    const end = box.value?.selectionEnd ?? start;
    void replace({ text: text.value.slice(0, start) + e + text.value.slice(end), caret: start + e.length });
  }

  /** After typing: the caret moved, the lists start at their first option, a typed :shortcode: becomes its emoji. */
  function onInput() {
    syncCaret();
    mentions.active.value = 0;
    void emoji.completeTyped().then((next) => next && replace(next));
  }

  /** The lists' keys (Up, Down, Enter, Tab, Escape while one is open); true when one took the key. */
  function onKeydown(event: KeyboardEvent): boolean {
    return mentions.onKeydown(event, pickMention) || emoji.onKeydown(event, pickEmoji);
  }

  return {
    mentions: mentions.suggestions,
    mentionActive: mentions.active,
    emoji: emoji.suggestions,
    emojiActive: emoji.active,
    listbox,
    syncCaret,
    placeCaret,
    pickMention,
    pickEmoji,
    insertAtCaret,
    onInput,
    onKeydown,
  };
}
