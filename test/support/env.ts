/** Where the emulators of this test run listen; set by scripts/test.mjs around `firebase emulators:exec`. */
export interface EmulatorPorts {
  auth: number;
  firestore: number;
  functions: number;
  hosting: number;
  hub: number;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with \`npm test\`, which starts the emulators.`);
  return value;
}

export const ports: EmulatorPorts = JSON.parse(required('CHAT_PORTS')) as EmulatorPorts;
export const projectId = required('GCLOUD_PROJECT');
export const hostingUrl = required('HOSTING_URL');
export const firestoreHost = '127.0.0.1';

export { uniqueId } from './ids';

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
