/** Budgets, the result file's shape, and the table printed at the end of a run. */
import type { AllInCost } from './allIn';
import { BUSY_RECEIPTS_RATE, DIRECT_RECEIPTS_GAP_MS, type B2bFigure, type BrowserFigures } from './browserScenarios';
import type { Attribution, BundleFigures } from './bundle';
import type { DeliveryFigures, DeliveryResult } from './delivery';
import type { MessageOperations, ReceiptCost } from './operations';
import type { RulesSplitFigures } from './rulesSplit';
import type { ScaleFigures } from './scale';
import { round } from './stats';

export type Status = 'PASS' | 'FAIL' | 'N/A';

export interface Budget {
  id: string;
  measure: string;
  figure: string;
  reference: string;
  budget: string;
  status: Status;
  /** the measured value the budget is checked against, and its limit */
  value: number | null;
  limit: number;
}

export interface Figures {
  delivery: DeliveryResult;
  /** the app's traffic, unsaturated, under the floor's rules, its read rules only, its write rules only, all of them, and all but one kind of lookup of the send */
  rulesSplit: RulesSplitFigures[];
  /** the split's four sides again at the delivery scenario's load (no trigger) */
  rulesSplitLoaded: RulesSplitFigures[];
  operations: MessageOperations;
  /** a message priced all-in: every billed operation and invocation it causes, beside a naive design */
  allIn: AllInCost;
  /** the scale model: each kind of document against Firestore's limits, projected to the target */
  scale: ScaleFigures;
  receiptControl: ReceiptCost;
  bundle: BundleFigures;
  browser: BrowserFigures;
}

export interface BenchResult {
  generatedAt: string;
  size: string;
  /** loadAverage: the machine's 1-minute load average when the run started (2 cores: above 2 is contended) */
  machine: { cpus: number; loadAverage: number; node: string; platform: string };
  config: Record<string, unknown>;
  figures: Figures;
  budgets: Budget[];
  notMeasurable: string[];
  errors: string[];
  /** seconds per phase of the run */
  phases: Record<string, number>;
  /**
   * Listen streams of the run's Node clients the emulator broke (firebase-tools#8654), each
   * reconnected at once: the deliveries it held back count, late, in the figures
   */
  listenReconnects: number;
  durationSec: number;
}

const ms = (v: number) => `${v} ms`;
const msOr = (v: number | null) => (v === null ? 'not seen' : ms(v));
/** the first Firestore request of a load, which a load painted from the cache may not have made by then */
const firstRequest = (v: number) => (Number.isFinite(v) ? `at ${ms(v)}` : 'none before it (painted from the cache)');
/** Browser to browser's way, p50 each: click → write sent → the reader's listen stream → its DOM → painted. */
const splitOf = ({ split }: B2bFigure) =>
  `click → write sent ${msOr(split.toWrite)}, → on the reader's listen stream ${msOr(split.toListen)}, → in its DOM ${msOr(split.toDom)}, → painted ${msOr(split.toPaint)}`;
const idle = (share: number) => `CPU idle ${Number.isFinite(share) ? Math.round(share * 100) : '?'}%`;
const x = (v: number) => `${round(v, 2)}x`;
/** how many scripts a screen fetches before it can run (each a request; the Hosting emulator's are HTTP/1.1) */
const scripts = (files: string[]) => files.filter((f) => f.endsWith('.js')).length;
/** The largest `top` sources of a screen's JS, in KB after gzip, and the rest together. */
function byPackage(by: Attribution, top: number): string {
  const rest = by.slice(top).reduce((sum, p) => sum + p.kb, 0);
  const shown = by.slice(0, top).map((p) => `${p.from} ${p.kb}`);
  return [...shown, ...(rest > 0 ? [`others ${round(rest, 1)}`] : [])].join(', ');
}

function check(value: number | null, ok: (v: number) => boolean): Status {
  if (value === null || !Number.isFinite(value)) return 'N/A';
  return ok(value) ? 'PASS' : 'FAIL';
}

type Verdict = Pick<Budget, 'value' | 'limit' | 'status'>;
const verdict = (value: number | null, limit: number, ok: (v: number) => boolean): Verdict => ({
  value,
  limit: round(limit),
  status: check(value, ok),
});
/** The value may be at most `limit`. */
const atMost = (value: number | null, limit: number) => verdict(value, limit, (v) => v <= limit);
/** The value must stay below `limit`. */
const below = (value: number | null, limit: number) => verdict(value, limit, (v) => v < limit);
/** The value must be at least `limit`. */
const atLeast = (value: number | null, limit: number) => verdict(value, limit, (v) => v >= limit);

/** Deliveries that never came are named: a run that lost some measured a collapse, not a latency. */
function lostNote(d: DeliveryResult): string {
  const lost = [d.app, d.appWithoutTrigger, d.floor, d.floorAppDocuments, d.socketIo].map((t) => t.lost);
  return lost.some((n) => n > 0)
    ? `; lost (app/no trigger/floor/floor with the app's documents/Socket.IO) ${lost.join('/')}`
    : '';
}

export function evaluate(f: Figures): { budgets: Budget[]; notMeasurable: string[] } {
  const d = f.delivery;
  const split = new Map(f.rulesSplit.map((v) => [v.variant, v]));
  const splitFloor = split.get('floor');
  const splitApp = split.get('app');
  const splitPart = (v: RulesSplitFigures | undefined) => (v ? `${ms(v.p50)} (${idle(v.cpuIdle)})` : 'not run');
  const loaded = new Map(f.rulesSplitLoaded.map((v) => [v.variant, v]));
  // each run's p50, not their median: at this load a run either keeps up or queues, whatever the rules
  const runsOf = (v: DeliveryFigures | undefined) =>
    v ? `${v.runs.map((r) => ms(r.p50)).join(' / ')} (${idle(v.cpuIdle)})` : 'not run';
  const loadedSplit = `p50 run by run, floor rules ${runsOf(loaded.get('floor'))}, app reads only ${runsOf(loaded.get('app-reads'))}, app writes only ${runsOf(loaded.get('app-writes'))}, app's rules ${runsOf(loaded.get('app'))}`;
  /** what each kind of lookup of the send's rule costs: the full rules' p50 less the p50 without it */
  const lookups = f.rulesSplit
    .filter((v) => v.variant.startsWith('app-no-') && splitApp)
    .map((v) => `${v.variant.slice('app-no-'.length)} ${round(splitApp!.p50 - v.p50, 1)} ms`);
  const o = f.operations;
  const b = f.browser;
  /** how many times cheaper than the per-message control the app's receipts are (null: not built) */
  const cheaper = (app: number | null) =>
    app === null ? null : app === 0 ? Number.POSITIVE_INFINITY : f.receiptControl.opsPerMessagePerReader / app;
  const appReceipts = b.receipts.opsPerMessagePerReader;
  const receiptRatio = cheaper(appReceipts);
  // The least any design that records each reader's read and shows it to the room can cost over
  // this scenario: one cursor write per reader and one summary write, delivered to each listening
  // reader, for all its messages together. With 2 readers and 8 messages that is 9.6x the control
  // at best: what the scenario's length allows, beside the busy room's 100 messages below.
  const r = b.receipts;
  const leastReceipts = round((r.readers + 1 + r.listeningReaders) / (r.messages * r.readers), 3);
  const busyReceipts = b.receiptsBusy.opsPerMessagePerReader;
  const busyRatio = cheaper(busyReceipts);
  // the direct conversation's budget has two halves: writes against the control's, and the time
  // to "Read"; its value is the writes' ratio to the control's, and it passes only if both hold
  const direct = b.receiptsDirect;
  const controlWrites = round(f.receiptControl.writes / (f.receiptControl.messages * f.receiptControl.readers), 2);
  const directVerdict = (): Verdict => {
    if (direct.writesPerMessage === null) return atMost(null, 1);
    const timely = direct.readShownP50 !== null && direct.readShownP50 <= 1000 && direct.neverShown === 0;
    return verdict(round(direct.writesPerMessage / controlWrites, 2), 1, (v) => v <= 1 && timely);
  };
  const leaked = b.switchRoom.listenersAfter - b.switchRoom.listenersBefore;
  const sc = f.scale;
  /** a projected maximum: null when no limit was met at any rate or size (it holds) */
  const projected = (v: number | null) => (v === null ? Number.POSITIVE_INFINITY : v);
  const shown = (v: number | null, unit: string) => (v === null ? 'no limit met' : `${v.toLocaleString('en')} ${unit}`);
  const mix = `${sc.phases.map((p) => `${round(p.appMessages / p.seconds, 1)} msg/s (big room ${round(p.roomMessages / p.seconds, 1)})`).join(', then ')}; ${sc.members[0]} → ${sc.members[1]} members`;
  const budgets: Budget[] = [
    {
      id: 'delivery-p50',
      measure: `Delivery p50, 1 → ${o.readers} readers at 10 msg/s`,
      figure: ms(d.app.p50),
      reference: `SDK floor ${ms(d.floor.p50)} (${x(d.app.p50 / d.floor.p50)}); the same floor writing the app's message documents ${ms(d.floorAppDocuments.p50)} (run by run ${runsOf(d.floorAppDocuments)}); app without trigger ${ms(d.appWithoutTrigger.p50)}; Socket.IO ${ms(d.socketIo.p50)}; ${idle(d.app.cpuIdle)} (floor ${idle(d.floor.cpuIdle)})${lostNote(d)}; the app's traffic at this load without trigger, by rule set: ${loadedSplit}`,
      budget: '≤ floor + 10 ms',
      ...atMost(d.app.p50, d.floor.p50 + 10),
    },
    {
      id: 'delivery-unsaturated-p50',
      measure: "Delivery p50, unsaturated (few readers, low rate), app's rules without trigger",
      figure: splitApp ? `${ms(splitApp.p50)} (${idle(splitApp.cpuIdle)})` : 'not run',
      reference: `floor rules ${splitPart(splitFloor)}; app reads only ${splitPart(split.get('app-reads'))}; app writes only ${splitPart(split.get('app-writes'))}${lookups.length ? `; saved without each lookup of the send: ${lookups.join(', ')}` : ''}`,
      budget: '≤ floor rules + 10 ms',
      ...atMost(splitApp?.p50 ?? null, (splitFloor?.p50 ?? Number.NaN) + 10),
    },
    {
      id: 'delivery-p99',
      measure: 'Delivery p99',
      figure: ms(d.app.p99),
      reference: `SDK floor ${ms(d.floor.p99)} (${x(d.app.p99 / d.floor.p99)}); floor with the app's message documents ${ms(d.floorAppDocuments.p99)}; app without trigger ${ms(d.appWithoutTrigger.p99)}; Socket.IO ${ms(d.socketIo.p99)}`,
      budget: '≤ 1.5x floor',
      ...atMost(d.app.p99, d.floor.p99 * 1.5),
    },
    {
      id: 'browser-to-browser-p50',
      measure: 'Browser to browser p50 (click → painted)',
      figure: ms(b.b2b.p50),
      reference: `p99 ${ms(b.b2b.p99)}; split, p50 each: ${splitOf(b.b2b)}; bare SDK in two pages (the floor app, same persistent cache) p50 ${ms(b.b2bFloor.p50)} (${x(b.b2b.p50 / b.b2bFloor.p50)}), p99 ${ms(b.b2bFloor.p99)}, split ${splitOf(b.b2bFloor)}; the floor keeping the chat pages' listen targets (sender ${b.b2bFloorTargets.targets[0]}, reader ${b.b2bFloorTargets.targets[1]}) p50 ${ms(b.b2bFloorTargets.p50)}, split ${splitOf(b.b2bFloorTargets)}; Node app p50 ${ms(d.app.p50)}`,
      budget: '< 100 ms',
      ...below(b.b2b.p50, 100),
    },
    {
      id: 'commits-per-message',
      measure: 'Commits per message sent',
      figure: `${o.commitsPerMessage} (${o.docsPerCommit} docs each)`,
      reference: `server: ${o.serverRoomWritesPerMessage} room writes/message`,
      budget: '1',
      ...atMost(o.commitsPerMessage, 1),
    },
    {
      id: 'delivered-per-reader',
      measure: 'Delivered docs per online reader per message',
      figure: `${o.deliveredPerReader.total}`,
      reference: `messages ${o.deliveredPerReader.messages} + room list ${o.deliveredPerReader.rooms} (${o.readers} readers, ${o.messages} messages at ${o.ratePerSec} msg/s${o.lost ? `, ${o.lost} deliveries lost` : ''}${o.refused ? `, ${o.refused} sends stored nothing` : ''})`,
      budget: '≤ 1.1',
      // a count missing deliveries is too low: it fails rather than passes on what never came
      ...verdict(o.deliveredPerReader.total, 1.1, (v) => o.lost === 0 && v <= 1.1),
    },
    {
      id: 'all-in-ops',
      measure: `Billed operations per message besides its delivery (${f.allIn.members} members, ${f.allIn.online} online)`,
      figure: `${f.allIn.opsBesidesDelivery}`,
      reference: `send ${f.allIn.app.send.writes} writes + ${f.allIn.app.send.ruleReads} rule reads; server ${f.allIn.app.server.reads} reads, ${f.allIn.app.server.writes} writes, ${f.allIn.app.server.deletes} deletes, ${f.allIn.app.server.ttlDeletes} of them by TTL policies (${Object.entries(
        f.allIn.app.server.byFunction,
      )
        .map(([fn, n]) => `${fn} ${n}`)
        .join(', ')}); delivered ${f.allIn.app.delivered}`,
      budget: '≤ 4',
      ...atMost(f.allIn.opsBesidesDelivery, 4),
    },
    {
      id: 'all-in-invocations',
      measure: 'Functions invocations per message; price per million messages',
      figure: `${f.allIn.app.invocations}; $${f.allIn.app.usdPerMillion}`,
      reference: `naive design (summary write and receipts per message) $${f.allIn.naive.usdPerMillion} (${f.allIn.naive.writes} writes, ${f.allIn.naive.reads} reads); list prices of ${f.allIn.prices.date}`,
      budget: '≤ 1',
      ...atMost(f.allIn.app.invocations, 1),
    },
    {
      id: 'scale-app-rate',
      measure: 'Scale model: projected app-wide messages a second before a document or index range meets its limit',
      figure: shown(sc.maxAppRate.value, 'msg/s'),
      reference: `first limit: ${sc.maxAppRate.by}; measured at ${mix}`,
      budget: '≥ 1,000',
      ...atLeast(projected(sc.maxAppRate.value), 1000),
    },
    {
      id: 'scale-room-rate',
      measure: 'Scale model: projected messages a second in one room',
      figure: shown(sc.maxRoomRate.value, 'msg/s'),
      reference: `first limit: ${sc.maxRoomRate.by}`,
      budget: '≥ 20',
      ...atLeast(projected(sc.maxRoomRate.value), 20),
    },
    {
      id: 'scale-room-members',
      measure: 'Scale model: projected members of one room before a document meets 1 MiB or 40,000 index entries',
      figure: shown(sc.maxMembers.value, 'members'),
      reference: `first limit: ${sc.maxMembers.by}`,
      budget: '≥ 100,000',
      ...atLeast(projected(sc.maxMembers.value), 100_000),
    },
    {
      id: 'scale-every-message',
      measure: 'Scale model: documents written by every message in the app',
      figure: `${sc.everyMessageDocuments.length}`,
      reference: sc.everyMessageDocuments.length ? sc.everyMessageDocuments.join(', ') : 'none',
      budget: '0',
      ...atMost(sc.everyMessageDocuments.length, 0),
    },
    {
      id: 'receipts-vs-control',
      measure: `Read receipts, ops per message per reader (${b.receipts.readers} readers)`,
      figure: appReceipts === null ? 'not built' : `${appReceipts}`,
      reference: `per-message control ${f.receiptControl.opsPerMessagePerReader}${receiptRatio === null ? '' : ` (${x(receiptRatio)} cheaper)`}; ${r.cursorWrites} cursor writes, ${r.summaryWrites} summary writes for ${r.messages} messages at 1 msg/s; the least any design can do here (one cursor write per reader and one summary write for all ${r.messages} messages) ${leastReceipts} (${x(f.receiptControl.opsPerMessagePerReader / leastReceipts)} cheaper)`,
      budget: '≥ 20x cheaper',
      ...atLeast(receiptRatio, 20),
    },
    {
      id: 'receipts-busy-vs-control',
      measure: `Read receipts in a busy room (${BUSY_RECEIPTS_RATE} msg/s), ops per message per reader`,
      figure: busyReceipts === null ? 'not built' : `${busyReceipts}`,
      reference: `per-message control ${f.receiptControl.opsPerMessagePerReader}${busyRatio === null ? '' : ` (${x(busyRatio)} cheaper)`}; ${b.receiptsBusy.cursorWrites} cursor writes, ${b.receiptsBusy.summaryWrites} summary writes for ${b.receiptsBusy.messages} messages`,
      budget: '≥ 20x cheaper',
      ...atLeast(busyRatio, 20),
    },
    {
      id: 'receipts-direct',
      measure: `Read receipts in a quiet direct conversation (a message every ${DIRECT_RECEIPTS_GAP_MS / 1000} s): receipt writes per message; "Read" shown after seen, p50`,
      figure:
        direct.writesPerMessage === null
          ? 'not built'
          : `${direct.writesPerMessage}; ${direct.readShownP50 === null ? 'never shown' : `${direct.readShownP50} ms`}`,
      reference: `per-message control ${controlWrites} writes; ${direct.cursorWrites} reader cursor writes, ${direct.summaryWrites} summary writes (${direct.summaryDeliveries} deliveries) for ${direct.messages} messages (and ${direct.senderCursorWrites} of the sender's own cursor); read shown p99 ${direct.readShownP99 ?? '-'} ms, ${direct.neverShown} never (${direct.undelivered} of them a stored cursor the emulator never delivered)`,
      budget: '≤ control writes and ≤ 1000 ms',
      ...directVerdict(),
    },
    {
      id: 'typing-writes',
      measure: 'Typing writes per 3 s per typist',
      figure: b.typing.rate === null ? 'not built' : `${b.typing.rate}`,
      reference: `${b.typing.writes} writes in ${round(b.typing.windowMs / 1000)} s of typing (${b.typing.removals} removals; composer blurred ${b.typing.focusLost} times; the page's requests resent by WebChannel ${b.typing.resent})`,
      budget: '≤ 1',
      ...atMost(b.typing.rate, 1),
    },
    {
      id: 'presence-writes',
      measure: 'Presence writes per minute per user',
      figure: b.presence.rate === null ? 'not built' : `${b.presence.rate}`,
      reference: `${b.presence.writes} writes in ${round(b.presence.windowMs / 1000)} s open`,
      budget: '≤ 1',
      ...atMost(b.presence.rate, 1),
    },
    {
      id: 'chat-js',
      measure: 'Chat screen JS (gzip)',
      figure: `${f.bundle.chatKb} KB`,
      reference: `floor app ${f.bundle.floorKb} KB (${x(f.bundle.chatKb / f.bundle.floorKb)}); in ${scripts(f.bundle.chatFiles)} scripts (floor ${scripts(f.bundle.floorFiles)}); by package: ${byPackage(f.bundle.chatByPackage, 6)} (floor: ${byPackage(f.bundle.floorByPackage, 3)})`,
      budget: '≤ 1.1x floor',
      ...atMost(f.bundle.chatKb, f.bundle.floorKb * 1.1),
    },
    {
      id: 'signin-js',
      measure: 'Sign-in screen JS (gzip)',
      figure: `${f.bundle.signInKb} KB`,
      reference: `chat ${f.bundle.chatKb} KB (${x(f.bundle.signInKb / f.bundle.chatKb)}); in ${scripts(f.bundle.signInFiles)} scripts`,
      budget: '≤ 0.5x chat',
      ...atMost(f.bundle.signInKb, f.bundle.chatKb * 0.5),
    },
    {
      id: 'first-message-cold',
      measure: 'Navigation → first message, cold p50',
      figure: ms(b.load.coldP50),
      reference: `JS loaded at ${ms(b.load.coldJsLoadedP50)}, first Firestore request ${firstRequest(b.load.coldFirstFirestoreP50)}, ${idle(b.load.coldCpuIdle)}; bare SDK (the floor app, same cache) ${ms(b.loadFloor.coldP50)} (${x(b.load.coldP50 / b.loadFloor.coldP50)}): JS loaded at ${ms(b.loadFloor.coldJsLoadedP50)}, first Firestore request ${firstRequest(b.loadFloor.coldFirstFirestoreP50)}, ${idle(b.loadFloor.coldCpuIdle)}`,
      budget: '< 1000 ms',
      ...below(b.load.coldP50, 1000),
    },
    {
      id: 'first-message-warm',
      measure: 'Navigation → first message, warm cache p50',
      figure: ms(b.load.warmP50),
      reference: `JS loaded at ${ms(b.load.warmJsLoadedP50)}, first Firestore request ${firstRequest(b.load.warmFirstFirestoreP50)}, ${idle(b.load.warmCpuIdle)}; bare SDK (the floor app, same cache) ${ms(b.loadFloor.warmP50)} (${x(b.load.warmP50 / b.loadFloor.warmP50)}): JS loaded at ${ms(b.loadFloor.warmJsLoadedP50)}, first Firestore request ${firstRequest(b.loadFloor.warmFirstFirestoreP50)}, ${idle(b.loadFloor.warmCpuIdle)}`,
      budget: '< 400 ms',
      ...below(b.load.warmP50, 400),
    },
    {
      id: 'visited-room',
      measure: 'Switch to a visited room p50',
      figure: ms(b.switchRoom.p50),
      reference: `p99 ${ms(b.switchRoom.p99)} over ${b.switchRoom.switches} switches`,
      budget: '< 150 ms',
      ...below(b.switchRoom.p50, 150),
    },
    {
      id: 'listeners-left',
      measure: `Listeners left behind after ${b.switchRoom.switches} switches`,
      figure: `${leaked}`,
      reference: `listen targets ${b.switchRoom.listenersBefore} before, ${b.switchRoom.listenersAfter} after; listens done ${ms(b.switchRoom.listenLagMs)} after the last switch`,
      budget: '0',
      ...atMost(leaked, 0),
    },
  ];
  const notMeasurable = budgets
    .filter((b) => b.status === 'N/A')
    .map(
      (b) =>
        `${b.measure}: the build under test does not do this yet (no writes or listeners seen); the scenario is ready and runs as is once it does`,
    );
  return { budgets, notMeasurable };
}

export function table(result: BenchResult): string {
  const head = ['Measure', 'Figure', 'Reference', 'Budget', 'Status'];
  const rows = result.budgets.map((b) => [b.measure, b.figure, b.reference, b.budget, b.status]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const lines = [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
  const passed = result.budgets.filter((b) => b.status === 'PASS').length;
  lines.push(
    '',
    `${passed} of ${result.budgets.length} budgets pass; ${result.budgets.filter((b) => b.status === 'FAIL').length} fail; ${result.budgets.filter((b) => b.status === 'N/A').length} not measurable yet. Size: ${result.size}, ${result.machine.cpus} CPUs, ${result.durationSec} s.${result.listenReconnects > 0 ? ` Listen streams broken by the emulator and reconnected: ${result.listenReconnects}.` : ''}`,
  );
  for (const note of result.notMeasurable) lines.push(`N/A: ${note}`);
  lines.push('', scaleTable(result.figures.scale));
  return lines.join('\n');
}

/** A markdown table with a header row. */
function markdown(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
}

/** The scale model's tables: each kind of document, each sequential index range, each growing document. */
export function scaleTable(sc: ScaleFigures): string {
  const max = (v: number | null) => (v === null ? '-' : v.toLocaleString('en'));
  const documents = markdown(
    [
      'Document',
      'Scope',
      'Busiest doc, writes/s (phase 1 → 2)',
      'Writes per message',
      'Delivered per message',
      'Max app msg/s',
      'Max room msg/s',
    ],
    sc.documents.map((d) => [
      `\`${d.document}\``,
      d.scope,
      `${d.hottest[0]} → ${d.hottest[1]}${d.ceiling !== null ? ` (capped at ${d.ceiling}/s)` : d.hottest[1] > 0 && !d.grows ? ' (bounded)' : ''}`,
      `${d.writesPerMessage}`,
      `${d.deliveredPerMessage}`,
      max(d.maxAppRate),
      max(d.maxRoomRate),
    ]),
  );
  const ranges = markdown(
    ['Sequential index range', 'Scope', 'Writes/s (phase 2)', 'Writes per message', 'Max app msg/s', 'Max room msg/s'],
    sc.ranges.map((r) => [
      `\`${r.range}\``,
      r.scope,
      `${r.writesPerSec}`,
      `${r.writesPerMessage}`,
      max(r.maxAppRate),
      max(r.maxRoomRate),
    ]),
  );
  const sizes = markdown(
    ['Document that grows with members', 'Members measured', 'Bytes', 'Index entries', 'Kept up to', 'Max members'],
    sc.sizes.map((s) => [
      `\`${s.document}\``,
      s.membersMeasured.join(' → '),
      s.bytes.join(' → '),
      s.indexEntries.join(' → '),
      s.cappedAt === null ? '-' : `${s.cappedAt} members`,
      max(s.maxMembers),
    ]),
  );
  return [
    `Scale model (${sc.options.people} people; phases of ${sc.options.phaseSec} s: ${sc.phases.map((p) => `${p.appMessages} messages, ${p.roomMessages} in the big room`).join('; then ')}). First limits: app ${max(sc.maxAppRate.value)} msg/s (${sc.maxAppRate.by}), one room ${max(sc.maxRoomRate.value)} msg/s (${sc.maxRoomRate.by}), ${max(sc.maxMembers.value)} members (${sc.maxMembers.by}); "-" is no limit met.`,
    '',
    ...documents,
    '',
    ...ranges,
    '',
    ...sizes,
  ].join('\n');
}
