import { nameFromAccount } from '@chat/shared';
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { useSubscription } from '../composables/useSubscription';
import { db } from '../firestore';
import type { UserDoc } from '../data/converters';
import { ensureProfile, getProfile, subscribeProfile } from '../data/users';
import { t } from '../i18n';
import { UserError } from '../lib/errors';
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
    return names.value[uid] ?? t('store.someone');
  }

  function remember(uid: string, displayName: string) {
    requested.add(uid);
    names.value = { ...names.value, [uid]: displayName };
  }

  /**
   * The signed-in user's name as their profile holds it, live. The rules accept a message, a
   * typing signal or a member document only under this name (the server may have masked it),
   * so writes take it from here; the Auth name stands in until the profile arrives.
   */
  const auth = useAuthStore();
  const { data: profile } = useSubscription<string, UserDoc | null>(
    () => auth.uid,
    null,
    (uid, onData, onError) => subscribeProfile(db, uid, onData, onError),
  );
  const profileName = computed(() => profile.value?.displayName ?? null);
  watch(profile, (p) => {
    if (p) remember(p.id, p.displayName);
  });

  function myName(): string {
    return profileName.value ?? nameFromAccount(auth.user?.displayName);
  }

  /**
   * The signed-in user's profile name, once the profile exists: someone who arrived by Google may
   * have none yet, and the rules accept a member document (joining, creating a room) only under
   * the profile's name, so those writes wait for this. Made at most once per account; a failure
   * is thrown to the caller and the next call tries again.
   */
  let mine: { uid: string; name: Promise<string> } | null = null;
  function ensureMine(): Promise<string> {
    const uid = auth.uid;
    if (!uid) return Promise.reject(new UserError(t('store.signedOut')));
    if (profileName.value !== null) return Promise.resolve(profileName.value);
    if (mine?.uid !== uid) {
      const name = ensureProfile(db, uid, nameFromAccount(auth.user?.displayName)).catch((error: unknown) => {
        if (mine?.name === name) mine = null;
        throw error;
      });
      mine = { uid, name };
    }
    return mine.name;
  }

  return { names, load, nameOf, remember, ensureMine, myName };
});
