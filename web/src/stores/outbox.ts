import { createStore, delMany, get, keys, set, type UseStore } from 'idb-keyval';
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { outboxReducer, parseOutbox, type OutboxEntry, type OutboxEvent } from '../lib/outbox';
import { useAuthStore } from './auth';

/** How long the sweep leaves a file it found with no entry before it reads the entries again. */
const SWEEP_AFTER_MS = 10_000;

/**
 * The outbox of lib/outbox.ts, kept in localStorage per user so uploading, pending and failed
 * messages are still shown (and retryable) after a reload. Other tabs of the same user follow
 * along through the storage event.
 *
 * localStorage cannot hold a file's bytes (a few MB of strings at most, for everything), so the
 * bytes of an unsent file are kept in IndexedDB under `<uid>/<entry id>`, and in memory for this
 * page; they go when their entry goes (confirmed or discarded, in this tab or another), and
 * bytes whose entry is gone are swept once the outbox has been read.
 */
export const useOutboxStore = defineStore('outbox', () => {
  const auth = useAuthStore();
  const entries = ref<OutboxEntry[]>([]);
  const key = computed(() => (auth.uid ? `firechat.outbox.${auth.uid}` : null));
  const bytes = new Map<string, Uint8Array>();
  const urls = new Map<string, Promise<string | null>>();
  let files: UseStore | null = null;
  // IndexedDB can be missing or refused (private modes, a full disk): the page's memory still works
  const idb = (): UseStore | null => {
    try {
      return (files ??= createStore('firechat-outbox', 'files'));
    } catch {
      return null;
    }
  };
  const fileKey = (id: string) => `${auth.uid ?? ''}/${id}`;

  function load() {
    const before = entries.value;
    entries.value = key.value ? parseOutbox(localStorage.getItem(key.value)) : [];
    forgetGone(before);
  }
  watch(
    key,
    () => {
      load();
      void sweep();
    },
    { immediate: true },
  );
  window.addEventListener('storage', (event) => {
    if (event.key === key.value) load();
  });

  /** Drops the files of entries that were in `before` and are no longer. */
  function forgetGone(before: readonly OutboxEntry[]) {
    const now = new Set(entries.value.map((e) => e.id));
    const gone = before.filter((e) => e.file && !now.has(e.id)).map((e) => e.id);
    if (gone.length === 0) return;
    for (const id of gone) {
      bytes.delete(id);
      void urls.get(id)?.then((url) => url && URL.revokeObjectURL(url));
      urls.delete(id);
    }
    const store = idb();
    if (store) void delMany(gone.map(fileKey), store).catch(() => undefined);
  }

  /** Bytes kept for entries that no longer exist (a tab closed between the two writes, storage half cleared). */
  async function sweep() {
    const store = idb();
    const uid = auth.uid;
    if (!store || !uid) return;
    try {
      const found = (await keys<string>(store)).filter((k) => k.startsWith(`${uid}/`));
      if (found.length === 0) return;
      // A file is kept just before its entry is queued (keepFile), perhaps by another tab: the
      // entries are read once any such entry has had time to appear.
      await new Promise((resolve) => setTimeout(resolve, SWEEP_AFTER_MS));
      if (auth.uid !== uid) return;
      load();
      const live = new Set(entries.value.map((e) => fileKey(e.id)));
      const stale = found.filter((k) => !live.has(k));
      if (stale.length) await delMany(stale, store);
    } catch {
      // nothing to tidy, or no IndexedDB
    }
  }

  function dispatch(event: OutboxEvent) {
    // re-read first: another tab may have written since
    load();
    const before = entries.value;
    entries.value = outboxReducer(entries.value, event);
    forgetGone(before);
    if (!key.value) return;
    try {
      if (entries.value.length) localStorage.setItem(key.value, JSON.stringify(entries.value));
      else localStorage.removeItem(key.value);
    } catch {
      // storage full or disabled: the outbox still works for this page
    }
  }

  /**
   * Keeps an entry's file, for this page and past a reload. Call before queueing the entry, and
   * wait for it: a reload aborts an IndexedDB write still under way, and an entry queued first
   * would come back without its bytes.
   */
  async function keepFile(id: string, data: Uint8Array): Promise<void> {
    bytes.set(id, data);
    const store = idb();
    if (store) await set(fileKey(id), data, store).catch(() => undefined);
  }

  /** An entry's file: from this page, else as kept before a reload; null when it is gone. */
  async function fileOf(id: string): Promise<Uint8Array | null> {
    const known = bytes.get(id);
    if (known) return known;
    const store = idb();
    const kept = store ? await get<Uint8Array>(fileKey(id), store).catch(() => undefined) : undefined;
    if (!(kept instanceof Uint8Array) || !entries.value.some((e) => e.id === id)) return null;
    bytes.set(id, kept);
    return kept;
  }

  /** An object URL of an entry's file (to preview an image), revoked when the entry goes. */
  function fileUrl(entry: OutboxEntry): Promise<string | null> {
    let url = urls.get(entry.id);
    if (!url) {
      const type = entry.file?.contentType ?? '';
      url = fileOf(entry.id).then((data) => (data ? URL.createObjectURL(new Blob([data.slice()], { type })) : null));
      urls.set(entry.id, url);
    }
    return url;
  }

  function forRoom(roomId: string | null): OutboxEntry[] {
    return entries.value.filter((e) => e.roomId === roomId).sort((a, b) => a.queuedAt - b.queuedAt);
  }

  return { entries, dispatch, forRoom, keepFile, fileOf, fileUrl };
});
