/**
 * Emulators this suite starts, stops and restarts itself (apart from the ones `npm test` runs),
 * on ports above this run's base so nothing else is disturbed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT,
  firebaseBin,
  portsFrom,
  writeFirebaseConfig,
  type EmulatorPorts,
} from '../../../scripts/lib/emulators.mjs';
import { eventually } from '../../support/env';

export { ROOT, portsFrom };
const FIREBASE = firebaseBin();

/** A firebase config next to firebase.json (so its relative paths hold) with these ports. */
export function writeConfig(name: string, ports: EmulatorPorts): string {
  return writeFirebaseConfig(name, ports, { singleProjectMode: false });
}

/** A child process whose output is kept, to show when something goes wrong. */
export class Proc {
  readonly log: string[] = [];
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => this.log.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => this.log.push(chunk.toString()));
    this.exited = new Promise((done) => child.on('exit', (code) => done(code)));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  tail(lines = 40): string {
    return this.log.join('').split('\n').slice(-lines).join('\n');
  }

  /** Ctrl-C, as a person stops `npm start`: the emulators save their data and exit. */
  async stop(timeoutMs = 60_000): Promise<number | null> {
    if (!this.running) return this.child.exitCode;
    this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

/**
 * This process runs inside `npm test`'s own `firebase emulators:exec` and under vitest; a second
 * suite must not inherit their hub, hosts, project or test-runner settings, or its functions
 * runtime talks to the wrong suite (and fails to load).
 */
function cleanEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (key === 'FIRESTORE_EMULATOR_BINARY_PATH') out[key] = value;
    else if (
      !/^(FIREBASE_|FUNCTIONS_|FIRESTORE_|GCLOUD_|GOOGLE_CLOUD_|CLOUD_|PUBSUB_|STORAGE_|VITEST|VITE_|NODE_ENV|NODE_OPTIONS|TEST$|CHAT_|HOSTING_URL)/.test(
        key,
      )
    )
      out[key] = value;
  }
  return out;
}

/** `firebase emulators:start` with these arguments, its environment extended by `env`. */
export function startEmulators(args: string[], env: Record<string, string> = {}): Proc {
  return new Proc(
    spawn(FIREBASE, ['emulators:start', ...args], {
      cwd: ROOT,
      env: { ...cleanEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** Waits until the hub of a suite lists every named emulator. */
export async function waitForHub(proc: Proc, hubPort: number, names: string[]): Promise<void> {
  await eventually(
    async () => {
      if (!proc.running) throw new Error(`the emulators exited:\n${proc.tail()}`);
      const response = await fetch(`http://127.0.0.1:${hubPort}/emulators`);
      const running = (await response.json()) as Record<string, unknown>;
      return names.every((n) => n in running) ? true : undefined;
    },
    `emulators ${names.join(', ')} on hub ${hubPort}`,
    150_000,
  );
}

/** The Firestore emulator jar: the launcher `npm test` made, or the one firebase-tools downloaded. */
export function firestoreJar(): string {
  const fromEnv = process.env.FIRESTORE_EMULATOR_BINARY_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const dir = join(homedir(), '.cache', 'firebase', 'emulators');
  const jar = existsSync(dir) ? readdirSync(dir).find((f) => /^cloud-firestore-emulator.*\.jar$/.test(f)) : undefined;
  if (!jar)
    throw new Error('No Firestore emulator jar: run through `npm test`, which sets FIRESTORE_EMULATOR_BINARY_PATH.');
  return join(dir, jar);
}
