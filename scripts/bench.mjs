// `npm run bench`: builds the web app, the floor app and the functions, starts the emulators on
// their own ports (9300 and up; CHAT_BENCH_PORT_BASE moves them) and runs bench/src/main.ts in
// them. Prints the table and writes bench/results/latest.json.
//   npm run bench                 the full run (a few minutes on 2 cores)
//   BENCH_SIZE=smoke npm run bench   every scenario on a tiny size, for checking the harness
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import {
  ROOT,
  StartError,
  claimSuitePorts,
  emulatorOrigins,
  emulatorsExec,
  exitOnStartError,
  firebaseBin,
  run,
  webEmulatorEnv,
} from './lib/emulators.mjs';

const PROJECT_ID = 'demo-firechat-bench';

/**
 * Runs the benchmark inside `firebase emulators:exec`, keeping the emulators' chatter (every
 * hosting request, every function run) in a log file and showing only the benchmark's progress.
 */
function runInEmulators(args, env, logPath) {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logPath);
    const child = spawn(firebaseBin(), args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    const tail = [];
    const onData = (chunk) => {
      log.write(chunk);
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 80) tail.shift();
        if (/^(▸|✖|⚠ \S)/.test(line)) console.log(line);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) => reject(new StartError(`The emulators could not start: ${error.message}`)));
    child.on('exit', (code) => {
      log.end();
      if (code === 0) resolve();
      else {
        console.error(tail.join('\n'));
        reject(new StartError(`The benchmark failed (exit ${code}); the full log is ${relative(ROOT, logPath)}.`));
      }
    });
  });
}

/** Puts the latest table into the README's Benchmark section, between its markers. */
function updateReadme(text) {
  const path = join(ROOT, 'README.md');
  const readme = readFileSync(path, 'utf8');
  const start = '<!-- bench:table:start -->';
  const end = '<!-- bench:table:end -->';
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) return;
  const { generatedAt, machine } = JSON.parse(readFileSync(join(ROOT, 'bench/results/latest.json'), 'utf8'));
  const heading = `Latest full run, ${generatedAt.slice(0, 16).replace('T', ' ')} UTC, ${machine.cpus} CPUs, load average ${machine.loadAverage} at the start:`;
  writeFileSync(path, `${readme.slice(0, from + start.length)}\n${heading}\n\n${text.trim()}\n${readme.slice(to)}`);
}

/** Bundles the benchmark for Node, handing the app's data code the instrumented Firestore SDK. */
export async function bundleBench(outfile) {
  const instrumented = join(ROOT, 'bench/src/instrument/firestore.ts');
  await build({
    entryPoints: [join(ROOT, 'bench/src/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
    plugins: [
      {
        name: 'instrument-firestore',
        setup(b) {
          b.onResolve({ filter: /^firebase\/firestore$/ }, () => ({ path: instrumented }));
          // the workspace's own TypeScript is bundled; installed packages load from node_modules
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@chat/') ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
}

async function main() {
  const { base, ports } = await claimSuitePorts('CHAT_BENCH_PORT_BASE', 9300);
  const started = Date.now();

  console.log('▸ Building functions, the web app and the floor app');
  run('Building functions', 'npm', ['run', 'build', '-w', 'functions']);
  const webDist = join(ROOT, '.cache', `bench-web-${base}`);
  run(
    'Building the web app',
    'npx',
    // hidden source maps (no comment in the chunks, so their sizes are the deployed ones): the bench
    // attributes each screen's JS to the packages it comes from (bench/src/bundle.ts)
    ['vite', 'build', '--logLevel', 'error', '--manifest', '--sourcemap', 'hidden', '--outDir', webDist, '--emptyOutDir'],
    {
      cwd: join(ROOT, 'web'),
      env: { ...process.env, ...webEmulatorEnv(ports, PROJECT_ID) },
    },
  );
  const floorDist = join(ROOT, '.cache', 'bench-floor');
  run('Building the floor app', 'npx', [
    'vite',
    'build',
    '--config',
    'bench/floor-app/vite.config.ts',
    '--sourcemap',
    'hidden',
    '--outDir',
    floorDist,
    '--emptyOutDir',
  ]);
  const script = join(ROOT, '.cache', 'bench', 'main.mjs');
  await bundleBench(script);

  const out = join(ROOT, 'bench', 'results', process.env.BENCH_SIZE === 'smoke' ? 'smoke.json.tmp' : 'latest.json');
  const table = `${out}.table.tmp`;
  rmSync(table, { force: true });
  const logPath = join(ROOT, '.cache', 'bench', 'emulators.log');
  mkdirSync(join(ROOT, '.cache', 'bench'), { recursive: true });
  // where the Functions record what each part costs (functions/src/lib/meter.ts): the all-in figure
  const meterFile = join(ROOT, '.cache', 'bench', `meter-${base}.jsonl`);
  rmSync(meterFile, { force: true });
  const exec = emulatorsExec({
    name: `bench-${base}`,
    ports,
    projectId: PROJECT_ID,
    only: 'auth,firestore,functions,hosting',
    command: `node ${relative(ROOT, script)}`,
    config: { connectSrc: emulatorOrigins(ports), hostingPublic: relative(ROOT, webDist), singleProjectMode: false },
    env: { BENCH_OUT: out, BENCH_WEB_DIST: webDist, BENCH_FLOOR_DIST: floorDist, CHAT_METER: meterFile },
  });
  console.log(`▸ Starting the emulators (log: ${relative(ROOT, logPath)})`);
  await runInEmulators(exec.args, exec.env, logPath);
  if (existsSync(table)) {
    const text = readFileSync(table, 'utf8');
    console.log(`\n${text}`);
    if (process.env.BENCH_SIZE !== 'smoke') updateReadme(text);
  }
  console.log(`✔ Benchmark done in ${Math.round((Date.now() - started) / 1000)} s; figures in ${relative(ROOT, out)}`);
}

main().catch(exitOnStartError);
