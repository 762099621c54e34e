import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { outboxReducer, parseOutbox, type OutboxEntry, type OutboxEvent } from '../lib/outbox';
import { useAuthStore } from './auth';

/**
 * The outbox of lib/outbox.ts, kept in localStorage per user so pending and failed messages
 * are still shown (and retryable) after a reload. Other tabs of the same user follow along
 * through the storage event.
 */
export const useOutboxStore = defineStore('outbox', () => {
  const auth = useAuthStore();
  const entries = ref<OutboxEntry[]>([]);
  const key = computed(() => (auth.uid ? `firechat.outbox.${auth.uid}` : null));

  function load() {
    entries.value = key.value ? parseOutbox(localStorage.getItem(key.value)) : [];
  }
  watch(key, load, { immediate: true });
  window.addEventListener('storage', (event) => {
    if (event.key === key.value) load();
  });

  function dispatch(event: OutboxEvent) {
    // re-read first: another tab may have written since
    load();
    entries.value = outboxReducer(entries.value, event);
    if (!key.value) return;
    try {
      if (entries.value.length) localStorage.setItem(key.value, JSON.stringify(entries.value));
      else localStorage.removeItem(key.value);
    } catch {
      // storage full or disabled: the outbox still works for this page
    }
  }

  function forRoom(roomId: string | null): OutboxEntry[] {
    return entries.value.filter((e) => e.roomId === roomId).sort((a, b) => a.queuedAt - b.queuedAt);
  }

  return { entries, dispatch, forRoom };
});
