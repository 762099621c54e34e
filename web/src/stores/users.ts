import { MAX_DISPLAY_NAME } from '@chat/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { db } from '../firestore';
import { ensureProfile, getProfile } from '../data/users';
import { useAuthStore } from './auth';

/** Display names of people the screen mentions (direct rooms), fetched once each. */
export const useUsersStore = defineStore('users', () => {
  const names = ref<Record<string, string>>({});
  const requested = new Set<string>();

  function load(uids: string[]) {
    for (const uid of uids) {
      if (requested.has(uid)) continue;
      requested.add(uid);
      void getProfile(db, uid).then((p) => {
        if (p) names.value = { ...names.value, [uid]: p.displayName };
        else requested.delete(uid);
      });
    }
  }

  function nameOf(uid: string): string {
    return names.value[uid] ?? 'Someone';
  }

  function remember(uid: string, displayName: string) {
    requested.add(uid);
    names.value = { ...names.value, [uid]: displayName };
  }

  /** Someone who arrived by Google has no public profile yet: make it. */
  async function ensureMine(): Promise<void> {
    const auth = useAuthStore();
    if (auth.uid) await ensureProfile(db, auth.uid, auth.displayName.trim().slice(0, MAX_DISPLAY_NAME) || 'Someone');
  }

  return { names, load, nameOf, remember, ensureMine };
});
