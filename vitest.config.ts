import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Browser test files that seed more than a hundred documents that fire triggers: messages, or a
 * room's members (see the e2e-seeded project).
 */
const SEEDS_HISTORY = ['test/e2e/history.test.ts', 'test/e2e/search.test.ts', 'test/e2e/big-room.test.ts'];

/**
 * Bounds for browser tests, which never assert a time: they end a test that hangs, and must not
 * end one that a busy machine slows. A shared machine has been seen running the e2e group about
 * four times slower for minutes (stop 35's CI: a typing test of 24 s ran out of 90 s, a sign-up
 * waited more than 30 s for the chat), and what a trigger writes (a room's summary, a join notice,
 * a thread's count) waits behind the whole suite's trigger events, which the emulator delivers one
 * at a time: on an overloaded machine (load 12 to 14: a second test suite, a CPU loop and the
 * everyday suite beside it), a direct message reached the other person's room list 43 s after it
 * was sent. So every wait for what a page shows has
 * BROWSER_WAIT_MS (test/e2e/support/browser.ts; polls alike) and a test three times the longest
 * quiet run's (about 90 s).
 */
const BROWSER_TESTS = {
  environment: 'node',
  testTimeout: 300_000,
  hookTimeout: 180_000,
  expect: { poll: { timeout: 90_000 } },
} as const;

/**
 * Run by `npm test` inside `firebase emulators:exec`, which provides the emulator hosts in the
 * environment. Each project keeps its own ids (rules: its own project id per file), so suites
 * cannot interfere.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'rules',
          include: ['test/rules/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
          // each file has its own emulator project (test/rules/support.ts), so files may run side by side
        },
      },
      {
        test: {
          name: 'functions',
          include: ['test/functions/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // the deploy-readiness check (README, Deploy): builds, packs, installs and discovers what
          // `firebase deploy` would ship, offline; npm installs and a production build take minutes here
          name: 'deploy',
          include: ['test/deploy/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'robustness',
          include: ['test/robustness/**/*.test.ts'],
          environment: 'node',
          // Load, fault and fuzz suites run for minutes on two cores; each waits on conditions, never on time.
          // One file at a time: the fuzz and the fault suite would starve the load test's readers.
          testTimeout: 300_000,
          hookTimeout: 180_000,
          maxWorkers: 1,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...SEEDS_HISTORY],
          ...BROWSER_TESTS,
          // Each file drives its own browsers; two at a time is what two cores carry.
          maxWorkers: 2,
          // vitest requires projects with their own maxWorkers to run as their own group: after the rest
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          // Browser tests that seed a long history, or a big room, in one go. Every seeded message
          // or member runs a trigger, and the Firestore emulator delivers trigger events one at a
          // time for the whole suite: beside the other browser tests, these files' 280 messages held
          // every join notice, summary and receipt they waited on for about 45 s, and the big room's
          // 242 members for up to 130 s (the late-event lines of CI logs).
          // They wait on no trigger themselves, so they run after the rest, on their own.
          // (Production runs triggers side by side; this is the emulator's queue, not the app's.)
          name: 'e2e-seeded',
          include: SEEDS_HISTORY,
          ...BROWSER_TESTS,
          maxWorkers: 1,
          sequence: { groupOrder: 3 },
        },
      },
      {
        // The benchmark on a tiny size; it hands the app's data code the counting Firestore SDK.
        resolve: {
          alias: [
            {
              find: /^firebase\/firestore$/,
              replacement: fileURLToPath(new URL('./bench/src/instrument/firestore.ts', import.meta.url)),
            },
          ],
        },
        test: {
          name: 'bench',
          include: ['bench/test/**/*.test.ts'],
          environment: 'node',
          // last and alone, after the browser tests (which other branches put in group 1): it drives
          // clients and browsers of its own, and vitest wants one maxWorkers per group
          sequence: { groupOrder: 2 },
          // the smoke builds the app and the bare-SDK reference and runs every scenario, the rules
          // split's nine rule sets and the scale model among them (about 3 min on a quiet machine,
          // more than 5 on a busy one); a bound for a busy one, not a speed check
          testTimeout: 600_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
