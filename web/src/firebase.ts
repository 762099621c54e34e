/**
 * The one place that initialises Firebase and connects the emulators. Auth lives here;
 * Firestore is in firestore.ts so the sign-in screen does not load it.
 *
 * The config (scripts/lib/web-config.mjs states the policy, and the build checks it):
 * - emulator builds (npm start, npm test, the benchmark) name their demo project at build time;
 * - a production build given VITE_FIREBASE_* (web/.env.production.local) uses that;
 * - otherwise it reads /__/firebase/init.json, which Firebase Hosting serves for the project the
 *   site belongs to, so a deployed build cannot point at another project. index.html preloads it
 *   (vite.config.ts), so the request runs alongside the scripts rather than after them.
 * There is no made-up fallback: a build that cannot get its config says so on the page.
 */
import { initializeApp, type FirebaseOptions } from 'firebase/app';
import { browserLocalPersistence, connectAuthEmulator, indexedDBLocalPersistence, initializeAuth } from 'firebase/auth';
import { startLocale, t } from './i18n';

const env = import.meta.env;

export const useEmulators = import.meta.env.VITE_USE_EMULATORS === 'true';
/** Only emulator builds name a host, so a production build carries none. */
export const emulatorHost = import.meta.env.VITE_EMULATOR_HOST ?? '';

export const HOSTING_CONFIG_URL = '/__/firebase/init.json';

async function loadConfig(): Promise<FirebaseOptions> {
  const projectId = env.VITE_FIREBASE_PROJECT_ID;
  if (useEmulators) {
    if (!projectId || !emulatorHost)
      throw new Error('This emulator build names no project or host (VITE_FIREBASE_PROJECT_ID, VITE_EMULATOR_HOST).');
    return { apiKey: 'demo-api-key', authDomain: `${projectId}.firebaseapp.com`, projectId };
  }
  if (projectId) {
    return {
      apiKey: env.VITE_FIREBASE_API_KEY,
      authDomain: env.VITE_FIREBASE_AUTH_DOMAIN,
      projectId,
      appId: env.VITE_FIREBASE_APP_ID,
    };
  }
  const response = await fetch(HOSTING_CONFIG_URL).catch(() => null);
  const config = response?.ok ? ((await response.json().catch(() => null)) as FirebaseOptions | null) : null;
  if (!config?.apiKey || !config.projectId) {
    // This module runs before main.ts loads the UI's language (the stores import it), so the
    // message loads it itself to be in that language; main.ts then finds it loaded.
    await startLocale();
    throw new Error(t('shell.configMissing', { url: HOSTING_CONFIG_URL }));
  }
  return config;
}

async function loadConfigOrShow(): Promise<FirebaseOptions> {
  try {
    return await loadConfig();
  } catch (error) {
    // Nothing can run without a config, so this message is the page.
    const message = document.createElement('p');
    message.setAttribute('role', 'alert');
    message.textContent = (error as Error).message;
    document.getElementById('app')?.replaceChildren(message);
    throw error;
  }
}

export const firebaseApp = initializeApp(await loadConfigOrShow());

/**
 * App Check, when the build names a reCAPTCHA Enterprise site key (README, Deploy): every
 * Firestore, Auth and Functions request then carries a token that proves it comes from this
 * site, and the console's enforcement refuses the rest (scripts and other sites using the public
 * web config). It starts before Auth and Firestore, which take its token from their first request
 * on. Loaded only then, so a build without it carries none of its code. The emulators neither
 * issue nor check tokens: emulator builds leave it off. VITE_APPCHECK_DEBUG_TOKEN (a debug token
 * registered in the console) is for a local build against a real project; a deploy refuses it.
 */
// import.meta.env read in place, so a build without the key drops the branch and its chunk
const appCheckSiteKey = import.meta.env.VITE_APPCHECK_SITE_KEY;
if (appCheckSiteKey && !useEmulators) {
  const { initializeAppCheck, ReCaptchaEnterpriseProvider } = await import('firebase/app-check');
  if (env.VITE_APPCHECK_DEBUG_TOKEN) {
    (self as { FIREBASE_APPCHECK_DEBUG_TOKEN?: string }).FIREBASE_APPCHECK_DEBUG_TOKEN = env.VITE_APPCHECK_DEBUG_TOKEN;
  }
  initializeAppCheck(firebaseApp, {
    provider: new ReCaptchaEnterpriseProvider(appCheckSiteKey),
    isTokenAutoRefreshEnabled: true,
  });
}

// initializeAuth with explicit persistence leaves the popup/redirect resolver out of the bundle
// until a Google sign-in actually needs it.
export const auth = initializeAuth(firebaseApp, {
  persistence: [indexedDBLocalPersistence, browserLocalPersistence],
});

if (useEmulators) {
  connectAuthEmulator(auth, `http://${emulatorHost}:${env.VITE_AUTH_EMULATOR_PORT ?? '9099'}`, {
    disableWarnings: true,
  });
}
