import { defineConfig } from 'vitest/config';

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
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 90_000,
          // Each file drives its own browsers; two at a time is what two cores carry.
          maxWorkers: 2,
          // vitest refuses projects with different maxWorkers in one group; the browsers go last
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
