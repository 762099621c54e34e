import { HIDDEN_CHARACTERS, MAX_DISPLAY_NAME } from '@chat/shared';
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { db } from '../firestore';
import { ensureProfile, getProfile, subscribeProfile } from '../data/users';
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
    // a provider's name may hold characters the rules refuse in names; drop them rather than fail
    const name = auth.displayName.replace(new RegExp(HIDDEN_CHARACTERS.source, 'gu'), '').trim();
    if (auth.uid) await ensureProfile(db, auth.uid, name.slice(0, MAX_DISPLAY_NAME).trim() || 'Someone');
  }

  /**
   * The signed-in user's name as their profile holds it, live. The rules accept a message, a
   * typing signal or a member document only under this name (the server may have masked it),
   * so writes take it from here; the Auth name stands in until the profile arrives.
   */
  const auth = useAuthStore();
  const profileName = ref<string | null>(null);
  let stopProfile: (() => void) | null = null;
  watch(
    () => auth.uid,
    (uid) => {
      stopProfile?.();
      stopProfile = null;
      profileName.value = null;
      if (!uid) return;
      stopProfile = subscribeProfile(
        db,
        uid,
        (profile) => {
          profileName.value = profile?.displayName ?? null;
          if (profile) remember(uid, profile.displayName);
        },
        () => undefined,
      );
    },
    { immediate: true },
  );

  function myName(): string {
    return profileName.value ?? auth.displayName.trim().slice(0, MAX_DISPLAY_NAME);
  }

  return { names, load, nameOf, remember, ensureMine, myName };
});
