/**
 * The benchmark on its smallest size, inside `npm test`: every scenario runs against the test
 * emulators and every figure and budget verdict comes out. Never asserts a time: timings on a
 * shared machine are `npm run bench`'s business, side by side with their references.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchEnv } from '../src/env';
import type { DeliveryFigures } from '../src/delivery';
import { SEND_LOOKUPS } from '../src/rulesSplit';
import { SMOKE, runBenchmark } from '../src/run';

const ROOT = process.cwd();

function viteBuild(args: string[], cwd = ROOT): void {
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--emptyOutDir', ...args], {
    cwd,
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
}

const BUDGETS = [
  'delivery-p50',
  'delivery-unsaturated-p50',
  'delivery-p99',
  'browser-to-browser-p50',
  'commits-per-message',
  'delivered-per-reader',
  'all-in-ops',
  'all-in-invocations',
  'scale-app-rate',
  'scale-room-rate',
  'scale-room-members',
  'scale-every-message',
  'receipts-vs-control',
  'receipts-busy-vs-control',
  'receipts-direct',
  'typing-writes',
  'presence-writes',
  'chat-js',
  'signin-js',
  'first-message-cold',
  'first-message-warm',
  'visited-room',
  'listeners-left',
];

/** Budgets whose feature other branches build; until then the benchmark reports them as N/A. */
const MAY_BE_UNBUILT = new Set([
  'receipts-vs-control',
  'receipts-busy-vs-control',
  'receipts-direct',
  'typing-writes',
  'presence-writes',
]);

describe('benchmark (smoke size)', () => {
  it('runs every scenario and produces every figure with a verdict', async () => {
    const webDist = join(ROOT, '.cache', 'bench-smoke-web');
    const floorDist = join(ROOT, '.cache', 'bench-smoke-floor');
    viteBuild(['--manifest', '--outDir', webDist], join(ROOT, 'web'));
    viteBuild(['--config', 'bench/floor-app/vite.config.ts', '--outDir', floorDist]);

    const result = await runBenchmark(benchEnv(), SMOKE, { webDist, floorDist });

    expect(result.budgets.map((b) => b.id)).toEqual(BUDGETS);
    for (const budget of result.budgets) {
      if (MAY_BE_UNBUILT.has(budget.id) && budget.status === 'N/A') continue;
      expect(['PASS', 'FAIL'], budget.id).toContain(budget.status);
      expect(Number.isFinite(budget.value) || budget.value === Number.POSITIVE_INFINITY, budget.id).toBe(true);
    }
    const { delivery, rulesSplit, rulesSplitLoaded, operations, bundle, browser, receiptControl, scale } =
      result.figures;
    // every rule set carried the app's traffic (a variant the emulator refused would throw): the
    // four sides and one per kind of lookup of the send
    expect(rulesSplit.map((v) => v.variant)).toEqual([
      'floor',
      'app-reads',
      'app-writes',
      'app',
      ...Object.keys(SEND_LOOKUPS).map((lookup) => `app-no-${lookup}`),
    ]);
    expect(Object.keys(SEND_LOOKUPS)).toHaveLength(5);
    // and the four sides again at the delivery scenario's load
    expect(rulesSplitLoaded.map((v) => v.variant)).toEqual(['floor', 'app-reads', 'app-writes', 'app']);
    // every send refused anywhere, then every delivery that never came, by scenario: joined into
    // one line so the closing line of a failed test says which, and whether a refusal explains it
    expect(result.errors.join(' | ')).toBe('');
    const scenarios: [string, DeliveryFigures][] = [
      ['app', delivery.app],
      ['app without trigger', delivery.appWithoutTrigger],
      ['floor', delivery.floor],
      ['Socket.IO', delivery.socketIo],
      ...rulesSplit.map((v): [string, DeliveryFigures] => [`rules ${v.variant}`, v]),
      ...rulesSplitLoaded.map((v): [string, DeliveryFigures] => [`rules under load ${v.variant}`, v]),
    ];
    const undelivered = scenarios.flatMap(([name, figures]) =>
      figures.runs
        .filter((r) => r.lost > 0 || r.samples === 0)
        .map((r) => `${name}: ${r.samples} delivered, ${r.lost} lost (${r.missing.join(', ')})`),
    );
    expect(undelivered.join(' | ')).toBe('');
    for (const [name, figures] of scenarios) expect(figures.cpuIdle, name).toBeGreaterThanOrEqual(0);
    // the instrument saw the app's sends and its readers' deliveries (how many is the budget's business)
    expect(operations.commitsPerMessage).toBeGreaterThan(0);
    expect(operations.docsPerCommit).toBeGreaterThanOrEqual(1);
    expect(operations.deliveredPerReader.messages).toBeGreaterThanOrEqual(1);
    // the control writes one receipt per message per reader, and every reader receives each one
    expect(receiptControl.writes).toBe(receiptControl.messages * receiptControl.readers);
    expect(receiptControl.delivered).toBe(receiptControl.messages * receiptControl.readers ** 2);
    expect(bundle.signInKb).toBeGreaterThan(0);
    expect(bundle.chatKb).toBeGreaterThan(bundle.signInKb);
    expect(bundle.floorKb).toBeGreaterThan(0);
    expect(browser.b2b.samples).toBe(SMOKE.browser.b2bMessages);
    // the bare SDK's two pages carried every message too (floorPages.ts)
    expect(browser.b2bFloor.samples).toBe(SMOKE.browser.b2bMessages);
    // and again keeping the chat pages' listen targets (many: the room list, the room, the user's)
    expect(browser.b2bFloorTargets.samples).toBe(SMOKE.browser.b2bMessages);
    for (const n of browser.b2bFloorTargets.targets) expect(n).toBeGreaterThan(5);
    // and its first message was painted on each load, cold and warm
    expect(browser.loadFloor.cold).toHaveLength(SMOKE.browser.loadRuns);
    expect(browser.loadFloor.warm).toHaveLength(SMOKE.browser.loadRuns);
    expect(browser.load.cold).toHaveLength(SMOKE.browser.loadRuns);
    // with the machine's CPU idle over them, which says whether a load timed a saturated machine
    for (const load of [browser.load, browser.loadFloor])
      for (const share of [load.coldCpuIdle, load.warmCpuIdle]) expect(share).toBeGreaterThanOrEqual(0);
    expect(browser.switchRoom.listenersBefore).toBeGreaterThan(0);
    // the scale model saw the workload's documents, their index ranges and a document growing with members
    const kinds = scale.documents.map((d) => d.document);
    expect(kinds).toEqual(
      expect.arrayContaining(['rooms/{roomId}', 'rooms/{roomId}/messages/{messageId}', 'ledgers/{uid}']),
    );
    expect(scale.phases.every((p) => p.appMessages > 0 && p.roomMessages > 0)).toBe(true);
    expect(scale.members[1]).toBeGreaterThan(scale.members[0]);
    expect(scale.ranges.map((r) => r.range)).toContain('rooms/{roomId}/messages.createdAt');
    expect(scale.sizes.map((s) => s.document)).toContain('rooms/{roomId}/messages/{messageId}');
    expect(scale.errors.join(' | ')).toBe('');
    // the sender of the direct conversation saw every message it sent marked read, but for what
    // only the emulator's delivery can explain: the cursor stored, the sender still listening to it,
    // no listener failed and no cursor write refused (each miss still counts in the figure and its
    // budget; CI met one at stop 36: cursor stored 450 ms after the message, no warning, no Read in 80 s)
    const { receiptsDirect } = browser;
    expect(receiptsDirect.messages).toBe(SMOKE.browser.directReceiptMessages);
    expect(receiptsDirect.neverShown - receiptsDirect.undelivered, receiptsDirect.misses.join('\n')).toBe(0);
  });
});
