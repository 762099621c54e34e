// `npm test`: typecheck, lint, then every vitest project (unit, rules, functions, browser
// end-to-end) inside `firebase emulators:exec`, on ports apart from `npm start`'s.
//   npm test                      everything, as CI runs it
//   npm test -- --quick [args]    skip typecheck and lint; pass args to vitest (e.g. --project rules)
import { join, relative } from 'node:path';
import {
  ROOT,
  checkJava,
  checkPortsFree,
  emulatorOrigins,
  exitOnStartError,
  firebaseBin,
  firestoreEmulatorEnv,
  nodeEmulatorEnv,
  portsFrom,
  run,
  webEmulatorEnv,
  writeFirebaseConfig,
} from './lib/emulators.mjs';

const PROJECT_ID = 'demo-firechat-test';

async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const vitestArgs = args.filter((a) => a !== '--quick');
  const base = Number(process.env.CHAT_TEST_PORT_BASE ?? 9400);
  const ports = portsFrom(base);

  checkJava();
  await checkPortsFree(ports);
  const started = Date.now();

  if (!quick) {
    console.log('▸ Typecheck');
    run('Typecheck (tsc -b)', 'npx', ['tsc', '-b']);
    run('Typecheck (vue-tsc)', 'npx', ['vue-tsc', '--noEmit', '-p', 'web/tsconfig.json']);
    console.log('▸ Lint');
    run('Lint', 'npx', ['eslint', '--max-warnings=0', '.']);
  }

  console.log('▸ Build functions and the production web app (pointed at the test emulators)');
  run('Building functions', 'npm', ['run', 'build', '-w', 'functions']);
  const webOut = join(ROOT, '.cache', `web-test-${base}`);
  run('Building the web app', 'npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', webOut, '--emptyOutDir'], {
    cwd: join(ROOT, 'web'),
    env: { ...process.env, ...webEmulatorEnv(ports, PROJECT_ID) },
  });

  const config = writeFirebaseConfig(`test-${base}`, ports, {
    connectSrc: emulatorOrigins(ports),
    hostingPublic: relative(ROOT, webOut),
    singleProjectMode: false,
  });

  console.log('▸ Tests on the emulators');
  run(
    'Tests',
    firebaseBin(),
    [
      'emulators:exec',
      '--config',
      config,
      '--project',
      PROJECT_ID,
      '--only',
      'auth,firestore,functions,hosting',
      `node scripts/lib/in-emulators.mjs ${vitestArgs.map((a) => JSON.stringify(a)).join(' ')}`,
    ],
    { env: { ...process.env, ...firestoreEmulatorEnv(), ...nodeEmulatorEnv(ports, PROJECT_ID) } },
  );
  console.log(`✔ All checks passed in ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch(exitOnStartError);
