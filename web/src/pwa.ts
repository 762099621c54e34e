import { registerSW } from 'virtual:pwa-register';

/** How often an open tab asks for a new version (a navigation asks too). */
const CHECK_EVERY_MS = 60 * 60_000;
/** How long Reload waits for the new version to take over before reloading anyway. */
const TAKE_OVER_MS = 5_000;

/**
 * Registers the service worker. `onUpdate` is called when a new version is installed and waiting;
 * the returned function activates it and reloads. This module imports nothing of the app, so its
 * chunk is Workbox's window client alone.
 */
export function registerServiceWorker(onUpdate: () => void): () => Promise<void> {
  const skipWaiting = registerSW({
    immediate: true,
    onNeedRefresh: onUpdate,
    onRegisteredSW(_url, registration) {
      if (registration) setInterval(() => void registration.update().catch(() => undefined), CHECK_EVERY_MS);
    },
  });
  return async () => {
    // The plugin reloads only a tab that had a controller when it registered; a tab open since the
    // app's first install would take the new version without reloading into it. So reload on the
    // change of controller here, whichever tab this is.
    navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
    await skipWaiting(true);
    // Chromium activates the waiting version only once the old one has no event in flight, and
    // this page keeps sending it requests (every Firestore call passes its fetch handler); others
    // have seen the activation parked for minutes. Reloading ends this page's requests, and the
    // version, already told to skip waiting, takes over; if it still waits, the prompt comes back.
    window.setTimeout(() => window.location.reload(), TAKE_OVER_MS);
  };
}
