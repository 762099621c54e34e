import { defineStore } from 'pinia';
import { shallowRef, watch } from 'vue';
import { draftsKey, parseDrafts, saveDraft, withDraft, type Draft, type ReplyTarget } from '../lib/drafts';
import { useAuthStore } from './auth';

/**
 * The drafts of lib/drafts.ts for the signed-in user: read at sign-in, written as they change,
 * followed when another tab changes them, and forgotten at sign-out (the next person at this
 * browser sees none of them).
 */
export const useDraftsStore = defineStore('drafts', () => {
  const auth = useAuthStore();
  const drafts = shallowRef<ReadonlyMap<string, Draft>>(new Map());
  const read = (uid: string | null) =>
    uid ? parseDrafts(localStorage.getItem(draftsKey(uid))) : new Map<string, Draft>();

  watch(
    () => auth.uid,
    (uid, previous) => {
      if (previous && !uid) {
        try {
          localStorage.removeItem(draftsKey(previous));
        } catch {
          // storage refused: nothing was kept
        }
      }
      drafts.value = read(uid);
    },
    { immediate: true },
  );
  window.addEventListener('storage', (event) => {
    if (auth.uid && event.key === draftsKey(auth.uid)) drafts.value = read(auth.uid);
  });

  function get(key: string): Draft | null {
    return drafts.value.get(key) ?? null;
  }

  /** Changes a draft; an empty one is dropped. */
  function set(key: string, text: string, replyTo: ReplyTarget | null) {
    const draft = { text, replyTo, at: Date.now() };
    drafts.value = auth.uid ? saveDraft(localStorage, auth.uid, key, draft) : withDraft(drafts.value, key, draft);
  }

  return { drafts, get, set };
});
