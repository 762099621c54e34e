/** The whole benchmark, at a size: the full run for `npm run bench`, a tiny one for `npm test`. */
import { cpus, loadavg } from 'node:os';
import { measureAllIn } from './allIn';
import { launchBrowser } from './browser';
import { measureBrowser, type BrowserOptions } from './browserScenarios';
import { measureBundles } from './bundle';
import { closeAdmin, newAdmin } from './clients';
import {
  appTransport,
  floorTransport,
  loadBenchRules,
  measureDelivery,
  openAppRoom,
  socketIoTransport,
  type DeliveryOptions,
} from './delivery';
import type { BenchEnv } from './env';
import { measureMessageOperations, measureReceiptControl } from './operations';
import { evaluate, type BenchResult, type Figures } from './report';
import { listenReconnects } from '../../test/support/listenStreams';
import { measureRulesSplit, RULES_VARIANTS, SIDE_VARIANTS } from './rulesSplit';
import { measureScale, type ScaleOptions } from './scale';

export interface BenchSize {
  name: string;
  delivery: DeliveryOptions;
  /**
   * The same app traffic under several rule sets (bench/src/rulesSplit), at a rate that leaves the
   * machine mostly idle: the per-message cost of the path, not the queue of a saturated machine.
   */
  rulesSplit: DeliveryOptions;
  /**
   * The four sides of the split (floor, app reads, app writes, app) again at the delivery
   * scenario's load, which saturates a 2-CPU machine: which side the queue grows on.
   */
  rulesSplitLoaded: DeliveryOptions;
  operationMessages: number;
  /**
   * The busy room the budget is about (the delivery scenario's 10 a second, spread over many
   * senders, so nothing queues behind the rate limit): the room summary is coalesced to one write
   * a second, so each reader's room list receives about one room document per ten messages. In a
   * quiet room every message is worth its own sidebar update; that cost is the summary's design.
   */
  operationRate: number;
  /** a message priced all-in (bench/src/allIn.ts): the room of 20 members with 5 online */
  allIn: { members: number; online: number; messages: number; ratePerSec: number };
  /** the scale model's mixed workload (bench/src/scale.ts) */
  scale: ScaleOptions;
  browser: BrowserOptions;
}

export const FULL: BenchSize = {
  name: 'full',
  delivery: { readers: 20, senders: 20, ratePerSec: 10, messages: 40, warmupMessages: 20, runs: 3 },
  rulesSplit: { readers: 3, senders: 3, ratePerSec: 2, messages: 20, warmupMessages: 6, runs: 3 },
  rulesSplitLoaded: { readers: 20, senders: 20, ratePerSec: 10, messages: 40, warmupMessages: 10, runs: 3 },
  // a minute at operationRate: the room summary's coalescing (a write a second at most) amortises
  // over it; over 4 s its first write alone weighed 0.03 per reader per message
  operationMessages: 600,
  operationRate: 10,
  allIn: { members: 20, online: 5, messages: 60, ratePerSec: 2 },
  // half of the 20 in the big room at first: 5 a second among 10 to 20, under the cross-room
  // limit of 30 a minute each (CROSS_ROOM_RATE_COUNT) with the quiet rooms' sends
  scale: { people: 20, quietRooms: 3, quietRoomSize: 3, phaseSec: 20, bigRates: [2, 5], quietRate: 0.5 },
  browser: {
    b2bMessages: 20,
    b2bWarmup: 4,
    loadRuns: 5,
    loadWarmup: 1,
    switches: 100,
    switchRooms: 4,
    typingMs: 10_000,
    receiptMessages: 8,
    busyReceiptMessages: 100,
    directReceiptMessages: 10,
    settleMs: 3000,
  },
};

/** Every scenario on the smallest size that still produces every figure. */
export const SMOKE: BenchSize = {
  name: 'smoke',
  delivery: { readers: 2, senders: 2, ratePerSec: 10, messages: 4, warmupMessages: 2, runs: 1 },
  rulesSplit: { readers: 1, senders: 1, ratePerSec: 5, messages: 2, warmupMessages: 1, runs: 1 },
  rulesSplitLoaded: { readers: 2, senders: 2, ratePerSec: 10, messages: 2, warmupMessages: 1, runs: 1 },
  operationMessages: 3,
  operationRate: 5,
  allIn: { members: 3, online: 1, messages: 2, ratePerSec: 2 },
  scale: { people: 4, quietRooms: 1, quietRoomSize: 2, phaseSec: 4, bigRates: [1, 2], quietRate: 0.5 },
  browser: {
    b2bMessages: 2,
    b2bWarmup: 0,
    loadRuns: 1,
    loadWarmup: 0,
    switches: 4,
    switchRooms: 2,
    typingMs: 1_000,
    receiptMessages: 1,
    busyReceiptMessages: 6,
    directReceiptMessages: 2,
    settleMs: 500,
  },
};

export interface Builds {
  webDist: string;
  floorDist: string;
}

export async function runBenchmark(
  env: BenchEnv,
  size: BenchSize,
  builds: Builds,
  log: (line: string) => void = () => undefined,
): Promise<BenchResult> {
  const started = performance.now();
  const loadAverage = Math.round(loadavg()[0]! * 10) / 10;
  const errors: string[] = [];
  const reconnectsBefore = listenReconnects();
  // seconds spent in each phase, so a slow run shows where its time went
  const phases: Record<string, number> = {};
  let phase = '';
  let phaseStart = started;
  const step = (name: string) => {
    if (phase) phases[phase] = Math.round((performance.now() - phaseStart) / 100) / 10;
    phase = name;
    phaseStart = performance.now();
    if (name) log(`▸ ${name}`);
  };
  step('Bundle sizes');
  const bundle = measureBundles(builds.webDist, builds.floorDist);

  const admin = newAdmin(env.projectId, `bench-admin-${env.runId}`);
  const noTriggerAdmin = newAdmin(env.noTriggerProjectId, `bench-admin-nt-${env.runId}`);
  try {
    step('Delivery setup');
    await loadBenchRules(env);
    const room = await openAppRoom(env, admin, env.projectId, size.delivery.readers, size.delivery.senders, 'delivery');
    const app = appTransport(room, admin, true);
    const noTriggerRoom = await openAppRoom(
      env,
      noTriggerAdmin,
      env.noTriggerProjectId,
      size.delivery.readers,
      size.delivery.senders,
      'notrigger',
    );
    const appWithoutTrigger = appTransport(noTriggerRoom, noTriggerAdmin, false);
    const floor = await floorTransport(env, size.delivery.readers, size.delivery.senders);
    const floorAppDocuments = await floorTransport(env, size.delivery.readers, size.delivery.senders, 'app');
    const socketIo = await socketIoTransport(size.delivery.readers);
    step(
      `Delivery: app, SDK floor (its four-field documents and the app's), Socket.IO, ${size.delivery.readers} readers, ${size.delivery.runs} runs after a warm-up`,
    );
    const delivery = await measureDelivery(
      { app, appWithoutTrigger, floor, floorAppDocuments, socketIo },
      size.delivery,
      log,
    );
    step('Operations per message');
    const operations = await measureMessageOperations(room, app, admin, size.operationMessages, size.operationRate);
    errors.push(...delivery.errors, ...operations.errors.map((e) => `operations: ${e}`));
    for (const t of [app, appWithoutTrigger, floor, floorAppDocuments, socketIo]) await t.close();
    await room.close();
    await noTriggerRoom.close();

    step(
      `A message all-in: ${size.allIn.members} members, ${size.allIn.online} online, ${size.allIn.messages} messages`,
    );
    const allIn = await measureAllIn(env, admin, size.allIn);

    step(
      `Scale model: ${size.scale.people} people, a big room at ${size.scale.bigRates.join(' then ')} msg/s, ${size.scale.quietRooms} quiet rooms, 2 phases of ${size.scale.phaseSec} s`,
    );
    const scale = await measureScale(env, admin, size.scale);
    errors.push(...scale.errors.map((e) => `scale: ${e}`));

    step(
      `Rules split: the app's traffic under ${RULES_VARIANTS.length} rule sets, ${size.rulesSplit.readers} readers at ${size.rulesSplit.ratePerSec} msg/s, ${size.rulesSplit.runs} runs`,
    );
    const rulesSplit = await measureRulesSplit(env, size.rulesSplit, log);
    errors.push(...rulesSplit.errors);
    const loaded = size.rulesSplitLoaded;
    step(
      `Rules split under load: ${SIDE_VARIANTS.length} rule sets, ${loaded.readers} readers at ${loaded.ratePerSec} msg/s, ${loaded.runs} runs`,
    );
    const rulesSplitLoaded = await measureRulesSplit(env, loaded, log, SIDE_VARIANTS, 'loaded');
    errors.push(...rulesSplitLoaded.errors.map((e) => `under load: ${e}`));

    step('Read receipts: the per-message control');
    const receiptControl = await measureReceiptControl(env, 2, size.browser.receiptMessages * 2, 2);

    step('Browser: browser to browser, typing, receipts, load, room switches, presence');
    const browser = await launchBrowser(env);
    let browserFigures;
    try {
      browserFigures = await measureBrowser(browser, env, admin, size.browser);
    } finally {
      await browser.close();
    }
    errors.push(...browserFigures.pageErrors.map((e) => `page: ${e}`));

    step('');
    const figures: Figures = {
      delivery,
      rulesSplit: rulesSplit.variants,
      rulesSplitLoaded: rulesSplitLoaded.variants,
      operations,
      allIn,
      scale,
      receiptControl,
      bundle,
      browser: browserFigures,
    };
    const { budgets, notMeasurable } = evaluate(figures);
    return {
      generatedAt: new Date().toISOString(),
      size: size.name,
      machine: {
        cpus: cpus().length,
        loadAverage,
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
      },
      config: {
        ...size,
        projectId: env.projectId,
        floorProjectId: env.floorProjectId,
        noTriggerProjectId: env.noTriggerProjectId,
      },
      figures,
      budgets,
      notMeasurable,
      errors,
      phases,
      listenReconnects: listenReconnects() - reconnectsBefore,
      durationSec: Math.round((performance.now() - started) / 1000),
    };
  } finally {
    await closeAdmin(admin);
    await closeAdmin(noTriggerAdmin);
  }
}
