import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Where the web app's Firebase config comes from, checked the same way by the Vite build, the
// hosting predeploy and `npm run deploy`.
//
// A production build needs no config at all: served by Firebase Hosting, it reads the config of
// the project the site belongs to from /__/firebase/init.json, so it can never point at another
// project. A build may instead be given the config in VITE_FIREBASE_* (web/.env.production.local,
// see web/.env.example), e.g. to serve it from somewhere else; then it must be complete, and a
// deploy refuses one that names another project than the one deployed to.
// Emulator builds (npm start, npm test, the benchmark) set VITE_USE_EMULATORS and a demo project.

/** Keys a build given its config must have, all of them. */
export const WEB_CONFIG_KEYS = [
  'VITE_FIREBASE_API_KEY',
  'VITE_FIREBASE_AUTH_DOMAIN',
  'VITE_FIREBASE_PROJECT_ID',
  'VITE_FIREBASE_APP_ID',
];

/** Variables that point a build at the emulators; a build for deploy runs without them. */
export const EMULATOR_BUILD_KEYS = [
  'VITE_USE_EMULATORS',
  'VITE_EMULATOR_HOST',
  'VITE_AUTH_EMULATOR_PORT',
  'VITE_FIRESTORE_EMULATOR_PORT',
];

/**
 * `env` without the emulator variables: what a production build must see. Given process.env, it
 * also takes them out of it, so Vite's loadEnv in this process sees what the build will see.
 */
export function withoutEmulatorEnv(env) {
  for (const key of EMULATOR_BUILD_KEYS) if (env === process.env) delete process.env[key];
  return Object.fromEntries(Object.entries(env).filter(([key]) => !EMULATOR_BUILD_KEYS.includes(key)));
}

/**
 * What is wrong with a build's config, in one line, or null. `env` is what Vite sees (its .env
 * files merged with the process environment); `project`, when given, is the project the build is
 * deployed to.
 */
export function webConfigProblem(env, { project } = {}) {
  if (env.VITE_USE_EMULATORS === 'true') {
    return project ? `The web build is pointed at the emulators (VITE_USE_EMULATORS=true); unset it to deploy to ${project}.` : null;
  }
  const given = WEB_CONFIG_KEYS.filter((key) => env[key]);
  if (given.length === 0) return null;
  const missing = WEB_CONFIG_KEYS.filter((key) => !env[key]);
  if (missing.length > 0) {
    return (
      `The web config in VITE_FIREBASE_* is incomplete (missing ${missing.join(', ')}): complete it as in web/.env.example, ` +
      `or remove it all to use the config Firebase Hosting serves at /__/firebase/init.json.`
    );
  }
  if (project && env.VITE_FIREBASE_PROJECT_ID !== project) {
    return (
      `The web config names project ${env.VITE_FIREBASE_PROJECT_ID} (VITE_FIREBASE_PROJECT_ID) but this deploy goes to ${project}: ` +
      `fix web/.env.production.local, or remove it to use the config Hosting serves.`
    );
  }
  return null;
}

/**
 * App Check (reCAPTCHA Enterprise) is on in a build that names its site key in
 * VITE_APPCHECK_SITE_KEY (web/src/firebase.ts); then the site's CSP must allow what reCAPTCHA
 * and the token exchange load, or every page fails its first token. By directive:
 */
export const APP_CHECK_CSP = {
  'script-src': ['https://www.google.com/recaptcha/', 'https://www.gstatic.com/recaptcha/'],
  'frame-src': ['https://www.google.com/recaptcha/', 'https://recaptcha.google.com/recaptcha/'],
  'connect-src': ['https://content-firebaseappcheck.googleapis.com'],
};

/** The Content-Security-Policy firebase.json sets on every page of the site, or ''. */
export function hostingCsp(root) {
  const headers = JSON.parse(readFileSync(join(root, 'firebase.json'), 'utf8')).hosting?.headers ?? [];
  const all = headers.find((block) => block.source === '**')?.headers ?? [];
  return all.find((header) => header.key === 'Content-Security-Policy')?.value ?? '';
}

/** What is wrong with a deployed build's App Check settings against the site's CSP, in one line, or null. */
export function appCheckProblem(env, csp) {
  if (env.VITE_APPCHECK_DEBUG_TOKEN) {
    return (
      'VITE_APPCHECK_DEBUG_TOKEN is set: a debug token in a deployed build lets anyone who reads it past App Check; ' +
      'keep it to local builds (web/.env.development.local) and deploy without it.'
    );
  }
  if (!env.VITE_APPCHECK_SITE_KEY) return null;
  const sources = (directive) =>
    csp
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .find(([name]) => name === directive)
      ?.slice(1) ?? [];
  const missing = Object.entries(APP_CHECK_CSP).flatMap(([directive, needed]) =>
    needed.filter((source) => !sources(directive).includes(source)).map((source) => `${directive} ${source}`),
  );
  if (missing.length === 0) return null;
  return `App Check is on (VITE_APPCHECK_SITE_KEY) but the CSP in firebase.json does not allow it: add ${missing.join(', ')} (README, Deploy).`;
}

/**
 * The REGION the functions run in, read from functions/.env files in the order firebase-tools
 * reads them (.env, .env.<project>, and for the emulators .env.local), or null when none sets it.
 */
export function functionsRegion(functionsDir, project, { emulator = false } = {}) {
  let region = null;
  for (const name of ['.env', `.env.${project}`, ...(emulator ? ['.env.local'] : [])]) {
    const path = join(functionsDir, name);
    if (!existsSync(path)) continue;
    for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
      const match = /^\s*REGION\s*=\s*["']?([^"'#\s]*)["']?\s*(?:#.*)?$/.exec(line);
      if (match) region = match[1];
    }
  }
  return region;
}

/** The Cloud Functions region that sits with a Firestore location (multi-regions map to one of theirs). */
export function regionForDatabase(locationId) {
  return { nam5: 'us-central1', nam7: 'us-central1', eur3: 'europe-west1' }[locationId] ?? locationId;
}
