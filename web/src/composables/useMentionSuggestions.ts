import { MAX_QUERY_LIMIT } from '@chat/shared';
import { computed, onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue';
import { searchMembers } from '../data/rooms';
import { db } from '../firestore';
import { handleListboxKey } from '../lib/listbox';
import { mentionSearch } from '../lib/mentionSearch';
import {
  insertMention,
  mentionQueryAt,
  needsMemberSearch,
  suggestMentions,
  uniqueCandidates,
  type MentionCandidate,
} from '../lib/mentions';

/** How long typing pauses before the server is asked: one query per pause, not per key. */
const SEARCH_DEBOUNCE_MS = 150;
/** Members the server returns for a prefix: the list shows 6, and one of them may be you. */
const SEARCH_COUNT = 10;

/** The room whose members the server searches past the loaded page, and how many it has. */
export interface MemberSearchScope {
  roomId: () => string | null;
  /** the room's member count (its memberCount), against the candidates loaded */
  memberCount: () => number;
}

/**
 * The composer's @mention autocomplete over the room's members: the query at the caret, the
 * suggestions, the active one, and the keys that work it (Up/Down move, Enter or Tab pick,
 * Escape dismisses this @ until another is typed). The loaded members (the first 100, all the
 * rules let one list read) answer at once; when the room may have more, the server is asked
 * too, by the start of the name, after a short pause in typing, and its answer joins theirs.
 * Only the answer to the latest query counts (lib/mentionSearch).
 */
export function useMentionSuggestions(
  text: Ref<string>,
  candidates: Ref<MentionCandidate[]>,
  myUid: () => string | null,
  scope?: MemberSearchScope,
) {
  const caret = ref(0);
  const active = ref(0);
  const dismissedAt = ref<number | null>(null);
  const query = computed(() => mentionQueryAt(text.value, caret.value));
  /** the server's answer to the latest query it was asked, while an @ is being typed */
  const found = shallowRef<MentionCandidate[]>([]);
  const suggestions = computed(() =>
    query.value && query.value.start !== dismissedAt.value
      ? suggestMentions(uniqueCandidates(candidates.value, found.value), query.value.query, myUid())
      : [],
  );

  const server = mentionSearch(
    async (prefix) => {
      const roomId = scope?.roomId();
      if (!roomId) return [];
      const members = await searchMembers(db, roomId, prefix, SEARCH_COUNT);
      return members.map((m) => ({ uid: m.uid, displayName: m.displayName }));
    },
    (members) => (found.value = members),
    SEARCH_DEBOUNCE_MS,
  );
  watch(
    () => [query.value?.query ?? null, scope?.roomId() ?? null] as const,
    ([q, roomId], old) => {
      // an earlier answer stays while a longer query waits (suggestMentions narrows it); a
      // closed query or another room starts over
      if (q === null || roomId !== old?.[1]) found.value = [];
      const ask =
        q !== null &&
        roomId !== null &&
        scope !== undefined &&
        needsMemberSearch(q, candidates.value.length, scope.memberCount(), MAX_QUERY_LIMIT);
      server.ask(ask ? q : null);
    },
  );
  onScopeDispose(server.stop);

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
