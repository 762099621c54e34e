import { computed, ref, watch } from 'vue';
import { useRouter } from 'vue-router';
import { t } from '../i18n';
import { switcherResults, type SwitchTarget } from '../lib/switcher';
import { useAuthStore } from '../stores/auth';
import { useRoomsStore } from '../stores/rooms';
import { useFailure } from './useFailure';
import { useUserSearch } from './useUserSearch';

/**
 * The quick switcher's state: the query, its results (my rooms and direct conversations by fuzzy
 * name, people by name from the server), the active one, and opening it: a room or conversation
 * by its address, a person by starting (or finding) the direct conversation. People's search is a
 * subscription: its pending and error are shown as such.
 */
export function useQuickSwitcher(onOpened: () => void) {
  const auth = useAuthStore();
  const rooms = useRoomsStore();
  const router = useRouter();
  const query = ref('');
  const active = ref(0);
  const people = useUserSearch(() => query.value.trim() || null);
  const results = computed<SwitchTarget[]>(() =>
    switcherResults(
      query.value,
      rooms.entries,
      people.users.value.map((u) => ({ id: u.id, displayName: u.displayName })),
      auth.uid,
    ),
  );
  const { failure, attempt } = useFailure();
  watch(query, () => (active.value = 0));
  watch(results, (r) => (active.value = Math.min(active.value, Math.max(0, r.length - 1))));

  function move(by: number) {
    const n = results.value.length;
    if (n > 0) active.value = (active.value + by + n) % n;
  }

  async function open(target: SwitchTarget | undefined = results.value[active.value]) {
    if (!target) return;
    await attempt(async () => {
      const roomId =
        target.kind === 'person' ? await rooms.openDirect({ uid: target.id, displayName: target.title }) : target.id;
      await router.push(`/r/${roomId}`);
      onOpened();
    }, t('conv.openFailed'));
  }

  return { query, active, results, peoplePending: people.pending, peopleError: people.error, failure, move, open };
}
