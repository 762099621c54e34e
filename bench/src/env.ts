import { uniqueId } from '../../test/support/ids';

/**
 * Where the emulators of this run listen. `npm run bench` and `npm test` both put them in the
 * environment (scripts/lib/emulators.mjs nodeEmulatorEnv), so the benchmark reads them the same
 * way whichever started it.
 */
export interface BenchEnv {
  ports: { auth: number; firestore: number; functions: number; hosting: number; hub: number };
  /** the app's project: its rules and functions are the product's */
  projectId: string;
  /** a second project on the same emulator for the bare-SDK floor and the receipts control */
  floorProjectId: string;
  /** a third project with the product's rules but no Cloud Functions, to tell rules from triggers */
  noTriggerProjectId: string;
  hostingUrl: string;
  chromiumPath: string;
  /**
   * the run's own suffix, so repeated runs against one emulator never share ids; never one the
   * shipped blocklist masks (a user or room named with it would be renamed by the server)
   */
  runId: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the benchmark with \`npm run bench\`, which starts the emulators.`);
  return value;
}

export function benchEnv(): BenchEnv {
  const projectId = required('GCLOUD_PROJECT');
  return {
    ports: JSON.parse(required('CHAT_PORTS')) as BenchEnv['ports'],
    projectId,
    floorProjectId: `${projectId}-floor`,
    noTriggerProjectId: `${projectId}-notrigger`,
    hostingUrl: required('HOSTING_URL'),
    chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    runId: uniqueId(''),
  };
}
