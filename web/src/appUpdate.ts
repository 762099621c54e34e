import { ref } from 'vue';
import { afterFirstScreen } from './lib/firstScreen';

/**
 * A new version of the app, installed by the service worker and waiting: the prompt
 * (components/layout/UpdatePrompt.vue) shows while `ready`; `apply` activates it and reloads.
 */
export const appUpdate = {
  ready: ref(false),
  apply: null as null | (() => Promise<void>),
};

/**
 * Registers the service worker (src/pwa.ts, a chunk of its own) once the first screen is shown and
 * the page is idle: its first install downloads the whole app, which must not compete with the
 * first screen's requests (lib/firstScreen).
 */
export function startServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () =>
    void import('./pwa')
      .then(({ registerServiceWorker }) => {
        appUpdate.apply = registerServiceWorker(() => (appUpdate.ready.value = true));
      })
      .catch(() => undefined);
  afterFirstScreen(register);
}
