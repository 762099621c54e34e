/**
 * Delivery latency, one sender stream to N readers at a fixed rate, three ways side by side:
 * the app's own data code, the bare SDK on the same emulator, and Socket.IO on loopback.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  addDoc,
  collection,
  limit,
  onSnapshot,
  orderBy,
  query,
  serverTimestamp,
  type Unsubscribe,
} from 'firebase/firestore';
import { textMessage } from '@chat/shared';
import { io, type Socket } from 'socket.io-client';
import { newMessageId, sendMessage, subscribeLatestMessages } from '../../web/src/data/messages';
import { joinPublicRoom, subscribeMyRooms } from '../../web/src/data/rooms';
import { closeClients, newClient, seedRoom, type Admin, type Client } from './clients';
import type { BenchEnv } from './env';
import { cpuTimes, idleShareSince, inBatches, median, percentile, quiet, round, sleep, until } from './stats';

export interface DeliveryOptions {
  readers: number;
  /**
   * Members taking turns as "the sender": the rules allow one member 10 messages per 10 s, so a
   * 10 msg/s stream from one person would be refused; the stream is the same to every reader.
   */
  senders: number;
  ratePerSec: number;
  messages: number;
  warmupMessages: number;
  runs: number;
}

export interface RunFigures {
  p50: number;
  p99: number;
  samples: number;
  lost: number;
  /** the first few deliveries that never came, as "reader n: message id", to tell a send lost from a listener */
  missing: string[];
  /**
   * p99 delay of the benchmark's own event loop during the run (ms): when it is large, the
   * harness itself (all clients share one Node process) was starved of CPU, and so is every figure
   */
  loopDelayP99: number;
  /**
   * The share of the machine's CPU time (all cores) spent idle during the run, 0 to 1: near 0 the
   * machine was saturated, and a latency measures its queue rather than the path
   */
  cpuIdle: number;
}

export interface DeliveryFigures {
  p50: number;
  p99: number;
  lost: number;
  /** median of the runs' CPU idle share */
  cpuIdle: number;
  runs: RunFigures[];
}

/** What a delivery transport must do; `deliver` is called once per (reader, message). */
export interface Transport {
  name: string;
  readers: number;
  newId(): string;
  send(id: string, turn: number): void;
  /** messages sent so far */
  readonly sent: number;
  onDeliver(deliver: (reader: number, id: string) => void): void;
  errors: string[];
  /** waits until work this transport left behind (triggers, their deliveries) is done */
  drain?(): Promise<void>;
  close(): Promise<void>;
}

/** Sends `messages` at `ratePerSec` on an absolute schedule and times each delivery. */
export async function measureOnce(transport: Transport, messages: number, ratePerSec: number): Promise<RunFigures> {
  const sentAt = new Map<string, number>();
  const seen = new Set<string>();
  const samples: number[] = [];
  transport.onDeliver((reader, id) => {
    const t0 = sentAt.get(id);
    const key = `${reader}/${id}`;
    if (t0 === undefined || seen.has(key)) return;
    seen.add(key);
    samples.push(performance.now() - t0);
  });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpuBefore = cpuTimes();
  const interval = 1000 / ratePerSec;
  const start = performance.now();
  for (let i = 0; i < messages; i++) {
    const wait = start + i * interval - performance.now();
    if (wait > 0) await sleep(wait);
    const id = transport.newId();
    sentAt.set(id, performance.now());
    transport.send(id, i);
  }
  const expected = messages * transport.readers;
  await until(() => samples.length >= expected, 20_000);
  transport.onDeliver(() => undefined);
  const missing: string[] = [];
  for (const id of sentAt.keys())
    for (let reader = 0; reader < transport.readers && missing.length < 5; reader++)
      if (!seen.has(`${reader}/${id}`)) missing.push(`reader ${reader}: ${id}`);
  loop.disable();
  return {
    p50: round(percentile(samples, 50)),
    p99: round(percentile(samples, 99)),
    samples: samples.length,
    lost: expected - samples.length,
    missing,
    loopDelayP99: round(loop.percentile(99) / 1e6),
    cpuIdle: round(idleShareSince(cpuBefore), 2),
  };
}

/** Medians over the runs that delivered anything; `lost` counts deliveries that never came (in 20 s). */
export function summarize(runs: RunFigures[]): DeliveryFigures {
  const measured = runs.filter((r) => r.samples > 0);
  return {
    p50: round(median(measured.map((r) => r.p50))),
    p99: round(median(measured.map((r) => r.p99))),
    lost: runs.reduce((sum, r) => sum + r.lost, 0),
    cpuIdle: round(median(runs.map((r) => r.cpuIdle)), 2),
    runs,
  };
}

async function clients(env: BenchEnv, projectId: string, label: string, n: number): Promise<Client[]> {
  return inBatches(Array.from({ length: n }), 5, () => newClient(env, projectId, label));
}

/** The app's room as its members see it: readers hold the app's listeners (messages and room list). */
export interface AppRoom {
  roomId: string;
  readers: Client[];
  senders: Client[];
  close(): Promise<void>;
}

/** `admin` decides the project: the app's own (rules and triggers) or the no-trigger one (rules only). */
export async function openAppRoom(
  env: BenchEnv,
  admin: Admin,
  projectId: string,
  readers: number,
  senders: number,
  label: string,
): Promise<AppRoom> {
  const roomId = `bench-${label}-${env.runId}`;
  await seedRoom(admin, roomId, `bench ${label}`);
  const [r, s] = [
    await clients(env, projectId, `${label}r`, readers),
    await clients(env, projectId, `${label}s`, senders),
  ];
  // one at a time: each join runs the Functions (its notice, the member count), which the emulator
  // delivers one event at a time anyway
  for (const c of [...r, ...s]) await joinPublicRoom(c.db, roomId, c.uid, c.name);
  return { roomId, readers: r, senders: s, close: () => closeClients([...r, ...s]) };
}

/** Waits until `read` has not changed for `quietMs` (or `timeoutMs` passed). */
export async function settled(read: () => number, quietMs: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let last = read();
  let since = performance.now();
  while (performance.now() < deadline) {
    await sleep(100);
    const now = read();
    if (now !== last) {
      last = now;
      since = performance.now();
    } else if (performance.now() - since >= quietMs) return;
  }
}

/**
 * The sends a transport has made and not yet heard back about: `track` counts one until its write
 * settles and says a failure in `errors`; `idle` waits until none is left (a minute at most).
 */
function writesInFlight(errors: string[]) {
  let count = 0;
  return {
    track(write: Promise<unknown>) {
      count += 1;
      write.catch((error: unknown) => errors.push(String(error))).finally(() => (count -= 1));
    },
    idle: () => until(() => count === 0, 60_000, 100),
  };
}

/**
 * The app's transport. In the app's project each message also runs the onMessageWritten trigger,
 * whose room update reaches every reader's room list. `drain` waits until every send is
 * committed, the trigger's backlog is done and deliveries have stopped, so a run that fell behind
 * does not push its queue into the next run (of any transport). In the no-trigger project
 * (`triggers` false) the same code runs under the same rules without functions.
 */
export function appTransport(room: AppRoom, admin: Admin, triggers: boolean): Transport {
  let deliver: (reader: number, id: string) => void = () => undefined;
  const errors: string[] = [];
  const unsubscribes: Unsubscribe[] = [];
  let sent = 0;
  const writes = writesInFlight(errors);
  let arrivals = 0;
  room.readers.forEach((reader, index) => {
    unsubscribes.push(
      subscribeLatestMessages(
        reader.db,
        room.roomId,
        ({ changes }) => {
          for (const change of changes) {
            if (change.type !== 'added' || change.doc.metadata.hasPendingWrites) continue;
            arrivals += 1;
            deliver(index, change.doc.id);
          }
        },
        (error) => errors.push(error.message),
      ),
      subscribeMyRooms(
        reader.db,
        reader.uid,
        () => (arrivals += 1),
        (error) => errors.push(error.message),
      ),
    );
  });
  return {
    name: triggers ? 'app' : 'app without trigger',
    readers: room.readers.length,
    newId: () => newMessageId(room.senders[0]!.db, room.roomId),
    get sent() {
      return sent;
    },
    send(id, turn) {
      const sender = room.senders[turn % room.senders.length]!;
      sent += 1;
      writes.track(
        sendMessage(sender.db, {
          roomId: room.roomId,
          id,
          authorId: sender.uid,
          authorName: sender.name,
          text: `bench ${id}`,
        }),
      );
    },
    onDeliver: (next) => (deliver = next),
    errors,
    async drain() {
      await writes.idle();
      if (triggers) {
        const roomRef = admin.db.doc(`rooms/${room.roomId}`);
        await until(
          async () => (((await roomRef.get()).get('messageCount') as number | undefined) ?? 0) >= sent - errors.length,
          60_000,
          250,
        );
      }
      await settled(() => arrivals, 1000, 20_000);
    },
    async close() {
      for (const u of unsubscribes) u();
    },
  };
}

/** Rules for the floor's own project: anyone signed in, nothing else checked. */
export const FLOOR_RULES = `rules_version = '2';
service cloud.firestore {
  match /databases/{database}/documents {
    match /{document=**} { allow read, write: if request.auth != null; }
  }
}`;

export async function loadRules(env: BenchEnv, projectId: string, rules: string): Promise<void> {
  const response = await fetch(
    `http://127.0.0.1:${env.ports.firestore}/emulator/v1/projects/${projectId}:securityRules`,
    {
      method: 'PUT',
      body: JSON.stringify({ rules: { files: [{ content: rules }] } }),
    },
  );
  if (!response.ok) throw new Error(`Loading rules into ${projectId} failed: ${await response.text()}`);
}

/** The floor's minimal rules, and the product's own rules in the no-trigger project. */
export async function loadBenchRules(env: BenchEnv): Promise<void> {
  await loadRules(env, env.floorProjectId, FLOOR_RULES);
  await loadRules(env, env.noTriggerProjectId, readFileSync(resolve(process.cwd(), 'firestore.rules'), 'utf8'));
}

/** The bare SDK: addDoc and onSnapshot on the same query shape, in a project with minimal rules. */
export async function floorTransport(
  env: BenchEnv,
  readers: number,
  senders: number,
  documents: 'small' | 'app' = 'small',
): Promise<Transport> {
  const label = documents === 'app' ? 'floorapp' : 'floor';
  const r = await clients(env, env.floorProjectId, `${label}r`, readers);
  const s = await clients(env, env.floorProjectId, `${label}s`, senders);
  const path = ['floor', documents === 'app' ? `${env.runId}-app` : env.runId, 'messages'] as const;
  let deliver: (reader: number, id: string) => void = () => undefined;
  const errors: string[] = [];
  const writes = writesInFlight(errors);
  let arrivals = 0;
  const unsubscribes = r.map((reader, index) =>
    onSnapshot(
      query(collection(reader.db, ...path), orderBy('createdAt', 'desc'), limit(50)),
      (snapshot) => {
        for (const change of snapshot.docChanges()) {
          if (change.type !== 'added') continue;
          arrivals += 1;
          deliver(index, change.doc.get('key') as string);
        }
      },
      (error) => errors.push(error.message),
    ),
  );
  let next = 0;
  return {
    name: documents === 'app' ? "floor with the app's documents" : 'floor',
    readers,
    newId: () => `m${next++}`,
    get sent() {
      return next;
    },
    send(key, turn) {
      const sender = s[turn % s.length]!;
      const text = `bench ${key}`;
      const body =
        documents === 'app'
          ? textMessage({ authorId: sender.uid, authorName: sender.name, text, createdAt: serverTimestamp() })
          : { text, authorId: sender.uid, createdAt: serverTimestamp() };
      writes.track(addDoc(collection(sender.db, ...path), { key, ...body }));
    },
    onDeliver: (fn) => (deliver = fn),
    errors,
    async drain() {
      await writes.idle();
      await settled(() => arrivals, 1000, 20_000);
    },
    async close() {
      for (const u of unsubscribes) u();
      await closeClients([...r, ...s]);
    },
  };
}

/**
 * A minimal Socket.IO broadcast server in its own process (as the emulator is), and N clients.
 * Paths are from the repository root, where both `npm run bench` and vitest run.
 */
export async function socketIoTransport(readers: number): Promise<Transport> {
  const server: ChildProcess = fork(resolve(process.cwd(), 'bench/socketio/server.mjs'), [], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('message', (m) => resolve((m as { port: number }).port));
    server.once('exit', (code) => reject(new Error(`The Socket.IO server exited (${code})`)));
  });
  const connect = () =>
    new Promise<Socket>((resolve, reject) => {
      const socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], forceNew: true, reconnection: false });
      socket.once('connect_error', reject);
      socket.emit('join', 'bench', () => resolve(socket));
    });
  const sockets = await Promise.all(Array.from({ length: readers }, connect));
  const sender = await connect();
  let deliver: (reader: number, id: string) => void = () => undefined;
  sockets.forEach((socket, index) => socket.on('msg', (id: string) => deliver(index, id)));
  let next = 0;
  return {
    name: 'socket.io',
    readers,
    newId: () => `m${next++}`,
    get sent() {
      return next;
    },
    send: (id) => void sender.emit('msg', 'bench', id),
    onDeliver: (fn) => (deliver = fn),
    errors: [],
    async close() {
      for (const socket of [...sockets, sender]) socket.disconnect();
      server.kill();
    },
  };
}

export interface DeliveryResult {
  app: DeliveryFigures;
  /** the app's code and rules without the onMessageWritten trigger: separates the two costs */
  appWithoutTrigger: DeliveryFigures;
  floor: DeliveryFigures;
  /**
   * the same bare SDK floor writing the app's message document (textMessage: every field a message
   * holds) instead of four fields: what the documents' shape alone costs the emulator's listeners
   */
  floorAppDocuments: DeliveryFigures;
  socketIo: DeliveryFigures;
  errors: string[];
}

/**
 * Warms each transport up (the emulator's JVM is many times slower at first), then alternates
 * the transports run by run (the app, without trigger, both floors, Socket.IO) so slow moments of a
 * shared machine fall on all of them.
 */
export async function measureDelivery(
  transports: {
    app: Transport;
    appWithoutTrigger: Transport;
    floor: Transport;
    floorAppDocuments: Transport;
    socketIo: Transport;
  },
  options: DeliveryOptions,
  log: (line: string) => void = () => undefined,
): Promise<DeliveryResult> {
  const order = [
    transports.app,
    transports.appWithoutTrigger,
    transports.floor,
    transports.floorAppDocuments,
    transports.socketIo,
  ];
  // Each run starts on a quiet machine, so no run is measured on another's leftovers (a shared
  // machine, or work a run set going that outlasts its drain). The Functions meter shows the app's
  // trigger work ending within a second of each app run, so this is a guard: the app without
  // trigger's runs after the app's (0.4 to 1.5 s p50 in one full run) are as slow with it.
  const measure = async (t: Transport, messages: number) => {
    const figures = await measureOnce(t, messages, options.ratePerSec);
    await t.drain?.();
    await sleep(300);
    if (!(await quiet())) log(`▸   (the machine stayed busy after ${t.name}'s run: the next run starts anyway)`);
    return figures;
  };
  for (const t of order) await measure(t, options.warmupMessages);
  const runs = new Map<Transport, RunFigures[]>(order.map((t) => [t, []]));
  for (let run = 0; run < options.runs; run++) {
    for (const t of order) {
      runs.get(t)!.push(await measure(t, options.messages));
      const r = runs.get(t)!.at(-1)!;
      log(
        `▸   run ${run + 1}/${options.runs} ${t.name}: p50 ${r.p50} ms, p99 ${r.p99} ms, lost ${r.lost}, harness loop delay p99 ${r.loopDelayP99} ms`,
      );
    }
  }
  return {
    app: summarize(runs.get(transports.app)!),
    appWithoutTrigger: summarize(runs.get(transports.appWithoutTrigger)!),
    floor: summarize(runs.get(transports.floor)!),
    floorAppDocuments: summarize(runs.get(transports.floorAppDocuments)!),
    socketIo: summarize(runs.get(transports.socketIo)!),
    errors: order.flatMap((t) => t.errors.map((e) => `${t.name}: ${e}`)),
  };
}
