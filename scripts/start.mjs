// `npm start`: the chat on the Firebase emulators with the Vite dev server, data kept across restarts.
// CHAT_START_PORT_BASE lays the ports out from a base instead of firebase.json's (the dev server
// on base + 9), and CHAT_START_DATA_DIR keeps the data elsewhere: what test/e2e/start.test.ts uses.
import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  ROOT,
  checkJava,
  checkPortsFree,
  configuredPorts,
  emulatorOrigins,
  exitOnStartError,
  explainEmulatorFailure,
  firebaseBin,
  emulatorProcessEnv,
  nodeEmulatorEnv,
  portsFrom,
  run,
  webEmulatorEnv,
  writeFirebaseConfig,
} from './lib/emulators.mjs';
import { waitForEmulators } from './lib/wait.mjs';

const PROJECT_ID = 'demo-firechat';
const DATA_DIR = process.env.CHAT_START_DATA_DIR ?? join(ROOT, '.emulator-data');
const PORT_BASE = process.env.CHAT_START_PORT_BASE ? Number(process.env.CHAT_START_PORT_BASE) : null;
const VITE_PORT = PORT_BASE === null ? 5173 : PORT_BASE + 9;

async function main() {
  checkJava();
  const ports = PORT_BASE === null ? configuredPorts() : portsFrom(PORT_BASE);
  await checkPortsFree(ports, { vite: VITE_PORT });
  const javaEnv = emulatorProcessEnv();
  const hostingUrl = `http://127.0.0.1:${ports.hosting}`;
  // CHAT_HOSTING_URL: the dev server proxies /api (callables) to Hosting, as production serves them
  const webEnv = { ...process.env, ...webEmulatorEnv(ports, PROJECT_ID), CHAT_HOSTING_URL: hostingUrl };

  console.log('▸ Building functions and the web app for the Hosting emulator…');
  run('Building functions', 'npm', ['run', 'build', '-w', 'functions']);
  // Not web/dist, which is the production build that `firebase deploy` uploads: this one talks to the
  // emulators, and the Hosting emulator serves it with the emulators' origins added to the CSP.
  const suffix = PORT_BASE === null ? '' : `-${PORT_BASE}`;
  const webOut = join(ROOT, '.cache', `web-start${suffix}`);
  run('Building the web app', 'npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', webOut, '--emptyOutDir'], {
    cwd: join(ROOT, 'web'),
    env: webEnv,
  });
  const config = writeFirebaseConfig(`start${suffix}`, ports, {
    connectSrc: emulatorOrigins(ports),
    hostingPublic: relative(ROOT, webOut),
    projectId: PROJECT_ID,
  });

  const children = [];
  let stopping = false;
  const stop = (quiet = false) => {
    if (stopping) return;
    stopping = true;
    if (!quiet) console.log('\n▸ Stopping: saving emulator data…');
    for (const child of children) if (child.exitCode === null) child.kill('SIGINT');
  };
  process.on('SIGINT', () => stop());
  process.on('SIGTERM', () => stop());

  const firstStart = !existsSync(join(DATA_DIR, 'firebase-export-metadata.json'));
  const emulatorArgs = [
    'emulators:start',
    '--config',
    config,
    '--project',
    PROJECT_ID,
    '--only',
    'auth,firestore,functions,hosting',
    '--export-on-exit',
    DATA_DIR,
    ...(firstStart ? [] : ['--import', DATA_DIR]),
  ];
  const emulators = spawn(firebaseBin(), emulatorArgs, {
    cwd: ROOT,
    env: { ...process.env, ...javaEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(emulators);
  const log = [];
  emulators.stdout.on('data', (chunk) => {
    const text = chunk.toString();
    log.push(text);
    if (process.env.CHAT_VERBOSE || stopping) process.stdout.write(text);
  });
  const exited = new Promise((resolve) => emulators.on('exit', resolve));
  emulators.on('exit', (code) => {
    if (stopping) return;
    // A terminal's Ctrl-C reaches the emulators directly too; a clean exit is a normal stop.
    if (code !== 0) {
      if (process.env.CHAT_VERBOSE) process.stdout.write(log.join(''));
      console.error(`\n✖ ${explainEmulatorFailure(log.join(''))}`);
      process.exitCode = 1;
    }
    stop(true);
  });

  await Promise.race([waitForEmulators(ports, ['auth', 'firestore', 'functions', 'hosting']), exited]);
  if (stopping) return;

  if (firstStart) {
    console.log('▸ First start: seeding demo users, rooms and history…');
    const seed = join(ROOT, '.cache', 'seed.mjs');
    await build({
      entryPoints: [join(ROOT, 'scripts', 'seed.mjs')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: seed,
      logLevel: 'warning',
    });
    run('Seeding demo data', 'node', [seed], { env: { ...process.env, ...nodeEmulatorEnv(ports, PROJECT_ID) } });
  } else {
    // data saved by an older version (messages from before threads, say) brought up to date: it
    // writes only what needs it, so a start with current data costs one read of each document
    run('Bringing the saved data up to date', 'node', [join(ROOT, 'scripts', 'migrate.mjs')], {
      env: { ...process.env, ...nodeEmulatorEnv(ports, PROJECT_ID) },
    });
  }

  // Started directly rather than through npm, so a stop signal reaches the server itself.
  const vite = spawn(join(ROOT, 'node_modules', '.bin', 'vite'), ['--logLevel', 'warn', '--port', String(VITE_PORT)], {
    cwd: join(ROOT, 'web'),
    env: webEnv,
    stdio: 'inherit',
  });
  children.push(vite);
  vite.on('exit', (code) => {
    if (!stopping) {
      console.error(`\n✖ The Vite dev server exited (code ${code}).`);
      stop();
      process.exitCode = 1;
    }
  });

  console.log(`
✔ Firechat is running
   Chat (dev server):      http://127.0.0.1:${VITE_PORT}/
   Production build:       ${hostingUrl}/
   Demo sign-ins:          ana@example.com, ben@example.com, chloe@example.com  (password: password123)
   Data is saved to .emulator-data when you press Ctrl-C.
`);
  await exited;
}

main().catch(exitOnStartError);
