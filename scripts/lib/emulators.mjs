// Shared by start, test, bench and soak: everything needed to run the Firebase emulators
// on a machine without internet, and to explain in one line what is missing when they cannot.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { functionsRegion } from './web-config.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A failure that the caller prints as one line, without a stack trace. */
export class StartError extends Error {}

// FIRESTORE_EMULATOR_JAR names the installed jar; 'none' makes firebase-tools use its own download.
const INSTALLED_FIRESTORE_JARS =
  process.env.FIRESTORE_EMULATOR_JAR !== undefined
    ? [process.env.FIRESTORE_EMULATOR_JAR]
    : [
        '/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar',
        '/usr/share/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar',
        '/opt/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar',
      ];

const FIRESTORE_MAIN_CLASS = 'com.google.cloud.datastore.emulator.firestore.CloudFirestore';

/** Java 11+ is required by the Firestore emulator. */
export function checkJava() {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) {
    throw new StartError('Java is not installed: the Firestore emulator needs Java 11 or newer on PATH (e.g. apt-get install openjdk-17-jre-headless).');
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : 0;
  if (major < 11) {
    throw new StartError(`Java ${major || 'of unknown version'} found; the Firestore emulator needs Java 11 or newer.`);
  }
  return major;
}

/** A minimal stored (uncompressed) zip holding one file: enough for a launcher jar. */
function zipOneFile(name, content) {
  const nameBuf = Buffer.from(name, 'utf8');
  const data = Buffer.from(content, 'utf8');
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBuf.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBuf.length, 28);
  const centralOffset = local.length + nameBuf.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBuf.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, nameBuf, data, central, nameBuf, end]);
}

/**
 * Environment for the firebase-tools process. It starts FIRESTORE_EMULATOR_BINARY_PATH with `java -jar`, and the installed
 * emulator jar has no Main-Class; a launcher jar whose manifest names it (and puts the real
 * jar on the class path) bridges the two. Returns the environment to add, or {} when no
 * emulator is installed and firebase-tools should download its own.
 */
export function emulatorProcessEnv() {
  // On a busy 2-core machine the functions' discovery can take longer than firebase-tools' default.
  const discovery = { FUNCTIONS_DISCOVERY_TIMEOUT: process.env.FUNCTIONS_DISCOVERY_TIMEOUT ?? '120' };
  if (process.env.FIRESTORE_EMULATOR_BINARY_PATH) return discovery;
  const installed = INSTALLED_FIRESTORE_JARS.find((path) => existsSync(path));
  if (!installed) return discovery;
  const cacheDir = join(ROOT, '.cache', 'emulators');
  mkdirSync(cacheDir, { recursive: true });
  const launcher = join(cacheDir, 'firestore-launcher.jar');
  const manifest = [
    'Manifest-Version: 1.0',
    `Main-Class: ${FIRESTORE_MAIN_CLASS}`,
    `Class-Path: ${new URL(`file:${installed}`).href}`,
    '',
    '',
  ].join('\r\n');
  const jar = zipOneFile('META-INF/MANIFEST.MF', manifest);
  if (!existsSync(launcher) || !readFileSync(launcher).equals(jar)) writeFileSync(launcher, jar);
  return { ...discovery, FIRESTORE_EMULATOR_BINARY_PATH: launcher };
}

/** One line saying why the emulators stopped, from their log. */
export function explainEmulatorFailure(log) {
  if (/download|ENOTFOUND|EAI_AGAIN|getaddrinfo|ECONNREFUSED.*googleapis/i.test(log) && /firestore/i.test(log)) {
    return 'The Firestore emulator is not installed here and firebase-tools could not download it (no internet?): install the Cloud SDK\'s cloud-firestore-emulator or set FIRESTORE_EMULATOR_JAR to its jar.';
  }
  const port = /port (\d+) is (?:not open|taken|already in use)|Could not start .* port (\d+)/i.exec(log);
  if (port) return `Port ${port[1] ?? port[2]} is already in use: stop the process using it.`;
  const java = /java.*(?:not found|version)/i.exec(log);
  if (java) return `Java problem: ${java[0]} (the Firestore emulator needs Java 11+).`;
  const lastError = log.split('\n').reverse().find((line) => /error|✖|⚠/i.test(line));
  return `The emulators stopped: ${lastError?.trim() ?? 'see the log with CHAT_VERBOSE=1'}`;
}

export const EMULATOR_NAMES = {
  auth: 'Auth emulator',
  firestore: 'Firestore emulator',
  firestoreWs: 'Firestore emulator websocket',
  functions: 'Functions emulator',
  hosting: 'Hosting emulator',
  hub: 'Emulator hub',
  logging: 'Emulator logging',
  eventarc: 'Eventarc emulator',
  tasks: 'Cloud Tasks emulator',
};

/** Ports for one emulator suite, laid out from a base so test runs never collide with `npm start`. */
export function portsFrom(base) {
  return {
    auth: base,
    firestore: base + 1,
    firestoreWs: base + 2,
    functions: base + 3,
    hosting: base + 4,
    hub: base + 5,
    logging: base + 6,
    eventarc: base + 7,
    tasks: base + 8,
  };
}

/** The ports in firebase.json, used by `npm start`. */
export function configuredPorts() {
  const { emulators } = JSON.parse(readFileSync(join(ROOT, 'firebase.json'), 'utf8'));
  return {
    auth: emulators.auth.port,
    firestore: emulators.firestore.port,
    firestoreWs: emulators.firestore.websocketPort,
    functions: emulators.functions.port,
    hosting: emulators.hosting.port,
    hub: emulators.hub.port,
    logging: emulators.logging.port,
    eventarc: emulators.eventarc.port,
    tasks: emulators.tasks.port,
  };
}

function portFree(port) {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolvePort(true)));
  });
}

/** Fails in one line naming the first taken port and what needed it. */
export async function checkPortsFree(ports, extra = {}) {
  const all = { ...ports, ...extra };
  for (const [name, port] of Object.entries(all)) {
    if (!(await portFree(port))) {
      const what = EMULATOR_NAMES[name] ?? name;
      throw new StartError(`Port ${port} (${what}) is already in use: stop the process using it (is another \`npm start\` or test run going?).`);
    }
  }
}

/**
 * Checks Java, then lays out a suite's ports from the base in `process.env[baseVariable]`
 * (`defaultBase` when unset) and checks them free: what test, bench and soak do before building.
 */
export async function claimSuitePorts(baseVariable, defaultBase) {
  const base = Number(process.env[baseVariable] ?? defaultBase);
  const ports = portsFrom(base);
  checkJava();
  await checkPortsFree(ports);
  return { base, ports };
}

/**
 * Writes a firebase config next to firebase.json with the given ports (so relative paths in it
 * still resolve) and returns its path. `connectSrc` adds origins to the CSP so the served app
 * may reach emulators. Hosting rewrites to functions name no region in firebase.json (a deploy
 * finds the function's region itself), but the Hosting emulator would assume us-central1: they
 * get the REGION the Functions emulator reads from functions/.env for `projectId`.
 */
export function writeFirebaseConfig(name, ports, { connectSrc = [], hostingPublic, singleProjectMode, projectId } = {}) {
  const config = JSON.parse(readFileSync(join(ROOT, 'firebase.json'), 'utf8'));
  const e = config.emulators;
  e.auth.port = ports.auth;
  e.firestore.port = ports.firestore;
  e.firestore.websocketPort = ports.firestoreWs;
  e.functions.port = ports.functions;
  e.hosting.port = ports.hosting;
  e.hub.port = ports.hub;
  e.logging.port = ports.logging;
  e.eventarc.port = ports.eventarc;
  e.tasks.port = ports.tasks;
  if (hostingPublic) config.hosting.public = hostingPublic;
  if (singleProjectMode !== undefined) e.singleProjectMode = singleProjectMode;
  const region = functionsRegion(join(ROOT, 'functions'), projectId ?? '', { emulator: true }) ?? 'us-central1';
  for (const rewrite of config.hosting.rewrites ?? []) {
    if (rewrite.function && !rewrite.function.region) rewrite.function.region = region;
  }
  if (connectSrc.length > 0) {
    for (const block of config.hosting.headers) {
      for (const header of block.headers) {
        if (header.key === 'Content-Security-Policy') {
          header.value = header.value.replace('connect-src', `connect-src ${connectSrc.join(' ')}`);
        }
      }
    }
  }
  const path = join(ROOT, `.firebase.${name}.json`);
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

/** Origins the browser app talks to when pointed at emulators on these ports (callables go through Hosting). */
export function emulatorOrigins(ports) {
  return [
    `http://127.0.0.1:${ports.auth}`,
    `http://127.0.0.1:${ports.firestore}`,
    `ws://127.0.0.1:${ports.firestore}`,
  ];
}

/** Vite env that points the web build at emulators on these ports. */
export function webEmulatorEnv(ports, projectId) {
  return {
    VITE_USE_EMULATORS: 'true',
    VITE_FIREBASE_PROJECT_ID: projectId,
    VITE_EMULATOR_HOST: '127.0.0.1',
    VITE_AUTH_EMULATOR_PORT: String(ports.auth),
    VITE_FIRESTORE_EMULATOR_PORT: String(ports.firestore),
  };
}

/** Environment for Node code (tests, seeding, bench) that talks to these emulators. */
export function nodeEmulatorEnv(ports, projectId) {
  return {
    GCLOUD_PROJECT: projectId,
    FIREBASE_PROJECT_ID: projectId,
    FIRESTORE_EMULATOR_HOST: `127.0.0.1:${ports.firestore}`,
    FIREBASE_AUTH_EMULATOR_HOST: `127.0.0.1:${ports.auth}`,
    FUNCTIONS_EMULATOR_HOST: `127.0.0.1:${ports.functions}`,
    HOSTING_URL: `http://127.0.0.1:${ports.hosting}`,
    CHAT_PORTS: JSON.stringify(ports),
  };
}

export function firebaseBin() {
  return join(ROOT, 'node_modules', '.bin', 'firebase');
}

/**
 * `firebase emulators:exec` of `command` on emulators at these ports, as test, bench and soak run
 * it: writes the config (writeFirebaseConfig `name` with `config`) and returns its path, the
 * arguments for firebaseBin() and the environment that both the emulators and the command need,
 * `env` added last. The caller spawns it, with the output handling it wants.
 */
export function emulatorsExec({ name, ports, projectId, only, command, config = {}, env = {} }) {
  const configPath = writeFirebaseConfig(name, ports, { projectId, ...config });
  return {
    config: configPath,
    args: ['emulators:exec', '--config', configPath, '--project', projectId, '--only', only, command],
    env: { ...process.env, ...emulatorProcessEnv(), ...nodeEmulatorEnv(ports, projectId), ...env },
  };
}

/** Runs a step, streaming its output; throws StartError naming the step when it fails. */
export function run(label, command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (result.error) throw new StartError(`${label} could not start: ${result.error.message}`);
  if (result.status !== 0) throw new StartError(`${label} failed (exit ${result.status}).`);
}

/** Prints a StartError as one line and exits non-zero; anything else keeps its stack. */
export function exitOnStartError(error) {
  if (error instanceof StartError) {
    console.error(`\n✖ ${error.message}`);
    process.exit(1);
  }
  throw error;
}
