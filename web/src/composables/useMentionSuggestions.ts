import { computed, ref, type Ref } from 'vue';
import { handleListboxKey } from '../lib/listbox';
import { insertMention, mentionQueryAt, suggestMentions, type MentionCandidate } from '../lib/mentions';

/**
 * The composer's @mention autocomplete over the room's members: the query at the caret, the
 * suggestions, the active one, and the keys that work it (Up/Down move, Enter or Tab pick,
 * Escape dismisses this @ until another is typed).
 */
export function useMentionSuggestions(text: Ref<string>, candidates: Ref<MentionCandidate[]>, myUid: () => string | null) {
  const caret = ref(0);
  const active = ref(0);
  const dismissedAt = ref<number | null>(null);
  const query = computed(() => mentionQueryAt(text.value, caret.value));
  const suggestions = computed(() =>
    query.value && query.value.start !== dismissedAt.value ? suggestMentions(candidates.value, query.value.query, myUid()) : [],
  );

  /** The text with `candidate` put in place of the query, and the caret after it. */
  function insert(candidate: MentionCandidate): { text: string; caret: number } | null {
    const q = query.value;
    return q ? insertMention(text.value, q, caret.value, candidate.displayName) : null;
  }

  /** Handles the key when the suggestions are open; true when it was theirs. */
  function onKeydown(event: KeyboardEvent, pick: (candidate: MentionCandidate) => void): boolean {
    return handleListboxKey(event, suggestions.value, active, {
      pick,
      dismiss: () => (dismissedAt.value = query.value?.start ?? null),
    });
  }

  return { caret, active, suggestions, insert, onKeydown };
}
