// `npm test`: typecheck, lint, then every vitest project (unit, rules, functions, browser
// end-to-end) inside `firebase emulators:exec`, on ports apart from `npm start`'s.
//   npm test                      everything, as CI runs it
//   npm test -- --quick [args]    skip typecheck and lint; pass args to vitest (e.g. --project rules)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import {
  ROOT,
  claimSuitePorts,
  emulatorOrigins,
  emulatorsExec,
  exitOnStartError,
  firebaseBin,
  run,
  StartError,
  webEmulatorEnv,
} from './lib/emulators.mjs';

const PROJECT_ID = 'demo-firechat-test';
const DEFAULT_PORT_BASE = 9400;
/**
 * Lines of the failed browser tests' page accounts in the closing summary: the first failures'
 * accounts in full, the rest in the file, so the names of every failure stay in CI's tail.
 */
const MAX_NOTE_LINES = 60;
/** Lines of a failed test's Playwright call log in the closing summary (what the action waited for). */
const CALL_LOG_LINES = 6;
/** Characters of a failure's first line in the closing summary (a robustness test lists its problems there). */
const FIRST_LINE_CHARS = 1_500;

async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const vitestArgs = args.filter((a) => a !== '--quick');
  const { base, ports } = await claimSuitePorts('CHAT_TEST_PORT_BASE', DEFAULT_PORT_BASE);
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

  console.log('▸ Tests on the emulators');
  // a run on another port base (CHAT_TEST_PORT_BASE) beside this one in the same checkout keeps its own
  const report = join(ROOT, 'test-results', base === DEFAULT_PORT_BASE ? 'vitest.json' : `vitest-${base}.json`);
  rmSync(report, { force: true });
  const reporters = ['--reporter=default', '--reporter=json', `--outputFile.json=${relative(ROOT, report)}`];
  const exec = emulatorsExec({
    name: `test-${base}`,
    ports,
    projectId: PROJECT_ID,
    only: 'auth,firestore,functions,hosting',
    command: `node scripts/lib/in-emulators.mjs ${[...reporters, ...vitestArgs].map((a) => JSON.stringify(a)).join(' ')}`,
    config: { connectSrc: emulatorOrigins(ports), hostingPublic: relative(ROOT, webOut), singleProjectMode: false },
  });
  // CHAT_WEB_DIST: the served build, for the test that publishes a new version of the service worker;
  // CHAT_METER: where the Functions record what each part costs (functions/src/lib/meter.ts), read
  // by the benchmark's smoke run
  const meterFile = join(ROOT, '.cache', `meter-test-${base}.jsonl`);
  rmSync(meterFile, { force: true });
  // CHAT_FAILURE_NOTES: what a failed browser test's pages showed (test/e2e/support/browser.ts)
  const failureNotes = join(ROOT, 'test-results', `failure-notes-${base}.txt`);
  rmSync(failureNotes, { force: true });
  const result = spawnSync(firebaseBin(), exec.args, {
    stdio: 'inherit',
    cwd: ROOT,
    env: { ...exec.env, CHAT_WEB_DIST: webOut, CHAT_METER: meterFile, CHAT_FAILURE_NOTES: failureNotes },
  });
  const summary = readSummary(report);
  // CI keeps only the tail of the output: name what failed beside the count, not only above the
  // emulators' shutdown log, with what the failed browser tests' pages showed (a few failures' worth)
  if (existsSync(failureNotes)) {
    const notes = readFileSync(failureNotes, 'utf8').trimEnd().split('\n');
    const more = notes.length - MAX_NOTE_LINES;
    console.log(`\nWhat the failed browser tests' pages showed:\n${notes.slice(0, MAX_NOTE_LINES).join('\n')}`);
    if (more > 0) console.log(`… ${more} more lines in ${relative(ROOT, failureNotes)}`);
  }
  for (const failure of summary.failures) console.log(`✖ ${failure}`);
  console.log(`\n${summary.line}`);
  // Both must agree: the emulators can exit 0 after a signal killed the run (no report, or a
  // partial one), and vitest's own report says whether every test it ran passed.
  if (result.status !== 0) throw new StartError(`Tests failed (exit ${result.status ?? result.signal}).`);
  if (!summary.ok) throw new StartError(`Tests failed: ${summary.why}.`);
  console.log(`✔ All checks passed in ${Math.round((Date.now() - started) / 1000)} s`);
}

/**
 * The closing line CI reads ('N passed, N failed, N skipped'; skipped must stay 0), the verdict
 * behind it, and one line per failed test or file (where, which test, the first line of its error).
 */
function readSummary(path) {
  if (!existsSync(path)) {
    return { line: '0 passed, 1 failed, 0 skipped', ok: false, why: 'vitest wrote no report', failures: [] };
  }
  const report = JSON.parse(readFileSync(path, 'utf8'));
  const { numPassedTests, numFailedTests, numPendingTests, numTodoTests, numFailedTestSuites, success } = report;
  const failures = failedTests(report);
  const skipped = numPendingTests + numTodoTests;
  const line = `${numPassedTests} passed, ${numFailedTests} failed, ${skipped} skipped`;
  const verdict = (ok, why) => ({ line, ok, why, failures });
  if (!success || numFailedTests > 0 || numFailedTestSuites > 0) return verdict(false, 'vitest reported failures');
  if (numPassedTests === 0) return verdict(false, 'no test ran');
  if (skipped > 0) return verdict(false, `${skipped} skipped (the suite allows none)`);
  return verdict(true, '');
}

/**
 * 'test/e2e/x.test.ts › suite › test: first line of the error', for each failed test or file, then
 * the line of the test file it failed at and the end of a Playwright call log ("element is not
 * stable", "<div> intercepts pointer events"): the one account CI keeps of why.
 */
function failedTests(report) {
  // Playwright colours its call log
  const lines = (text) => stripVTControlCharacters(String(text ?? '')).split('\n');
  const firstLine = (text) => {
    const line =
      lines(text)
        .find((l) => l.trim() !== '')
        ?.trim()
        .slice(0, FIRST_LINE_CHARS) ?? '';
    // vitest's JSON report gives a test or hook that ran out of its bound the stack of the error it
    // made when the test was declared, whose message is this placeholder (makeTimeoutError swaps it)
    return line === 'Error: STACK_TRACE_ERROR'
      ? 'ran out of its time bound (testTimeout or hookTimeout in vitest.config.ts) in the middle of a step'
      : line;
  };
  const details = (text) => {
    const all = lines(text);
    const at = all.map((l) => l.match(/(test\/[\w/.-]+\.test\.ts:\d+:\d+)/)?.[1]).find(Boolean);
    const callLog = all.findIndex((l) => l.trim() === 'Call log:');
    const log = callLog < 0 ? [] : all.slice(callLog + 1).filter((l) => /^\s+-|^\s+\d+ ×/.test(l));
    return [...(at ? [`    at ${at}`] : []), ...log.slice(-CALL_LOG_LINES).map((l) => `    ${l.trim().slice(0, 200)}`)];
  };
  const out = [];
  for (const file of report.testResults ?? []) {
    const where = relative(ROOT, file.name);
    const failed = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const test of failed) {
      const message = test.failureMessages?.[0];
      out.push([`${where} › ${test.fullName}: ${firstLine(message)}`, ...details(message)].join('\n'));
    }
    // a file can fail outside any test (an import error, a failing beforeAll hook)
    if (failed.length === 0 && file.status === 'failed') out.push(`${where}: ${firstLine(file.message)}`);
  }
  return out;
}

main().catch(exitOnStartError);
