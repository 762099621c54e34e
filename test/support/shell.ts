/**
 * The environment of a developer's shell, for what the tests run as a developer would (npm start,
 * firebase deploy's predeploy steps, npm installs): without what this test run adds (the
 * emulators' hosts and project, vitest's NODE_ENV, npm's own settings), which would change what
 * those commands build or which emulators they talk to.
 */
export function shellEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (
      /^(FIREBASE_|FUNCTIONS_|FIRESTORE_EMULATOR_HOST|GCLOUD_|GOOGLE_CLOUD_|VITEST|VITE_|NODE_ENV|NODE_OPTIONS|TEST$|CHAT_|HOSTING_URL|npm_)/.test(
        key,
      )
    ) {
      continue;
    }
    out[key] = value;
  }
  return out;
}
