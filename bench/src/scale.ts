/**
 * The scale model's run (issue #14): a mixed workload through the app's own data layer (the
 * instrumented SDK) and the real triggers, recorded document by document, and handed to the
 * arithmetic of bench/src/scaleModel.ts.
 *
 * The workload, in two phases of the same length: a big public room whose rate goes up from the
 * first phase to the second and whose membership doubles during the second (joins as they come),
 * beside quiet rooms of a few people each at a low rate. Everyone keeps the app's listeners (room
 * list, each room's latest messages, the quiet rooms' receipts, the big room's typing line),
 * writes read cursors as the app paces them (a busy room every 5 s, a quiet one within a second),
 * sends a presence heartbeat, and one person types in each room; every member reacts to one
 * message of the big room (each reaction a document of the person's own, counted into the message
 * by the server: once a message shows a crowd, it grows no more), and every fifth message gets a
 * reaction too.
 *
 * Recorded: every commit of every client (its documents), every write of the Functions (metered
 * inside the Functions emulator, functions/src/lib/meter.ts, kept only for this run's rooms and
 * people), every document delivered to a listener; the big room's documents are read after each
 * phase for their size and index entries.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  READ_CURSOR_MIN_GAP_MS,
  REACTION_NAMES,
  RECEIPTS_MAX_MEMBERS,
  THREAD_SUMMARY_INTERVAL_MS,
  TYPING_MIN_GAP_MS,
  TYPING_WRITE_INTERVAL_MS,
  type PresenceState,
} from '@chat/shared';
import type { Timestamp, Unsubscribe } from 'firebase/firestore';
import { newMessageId, sendMessage, setReaction, subscribeLatestMessages } from '../../web/src/data/messages';
import { writePresence } from '../../web/src/data/presence';
import { writeReadCursor } from '../../web/src/data/reads';
import { subscribeReceiptSummary } from '../../web/src/data/receipts';
import { joinPublicRoom, subscribeMyRooms } from '../../web/src/data/rooms';
import { BUSY_DELAY_MS, SERVER_CLOCK_MARGIN_MS } from '../../web/src/lib/readPacing';
import { setTyping, subscribeTyping } from '../../web/src/data/typing';
import { closeClients, newClient, seedRoom, type Admin, type Client } from './clients';
import { settled } from './delivery';
import type { BenchEnv } from './env';
import { meterOf, resetMeter } from './instrument/firestore';
import {
  documentSize,
  indexEntries,
  projectScale,
  timestampFieldsOf,
  kindOf,
  type IndexDefinitions,
  type Phase,
  type PhaseRecord,
  type ScaleProjection,
  type SizeSample,
} from './scaleModel';
import { inBatches, sleep, until } from './stats';

export interface ScaleOptions {
  people: number;
  quietRooms: number;
  quietRoomSize: number;
  phaseSec: number;
  /** the big room's messages a second in the first phase and the second */
  bigRates: [number, number];
  /** each quiet room's messages a second */
  quietRate: number;
}

export interface ScaleFigures extends ScaleProjection {
  options: ScaleOptions;
  phases: Phase[];
  /** members of the big room in the first phase and at the end */
  members: [number, number];
  errors: string[];
}

/**
 * The app's read pacing (web/src/lib/readPacing.ts): a reader keeping up with a busy room writes
 * once per BUSY_DELAY_MS; in a quiet one as soon as the rules take it (a second after the last,
 * and the reads store's margin for the server's clock).
 */
const CURSOR_BUSY_MS = BUSY_DELAY_MS;
const CURSOR_QUIET_MS = READ_CURSOR_MIN_GAP_MS + SERVER_CLOCK_MARGIN_MS;
/** The app's typing throttle (the rules refuse one sooner than 2 s). */
const TYPING_EVERY_MS = TYPING_WRITE_INTERVAL_MS;
const REACTION = '👍';

/**
 * Keeps a key's writes apart the way the rules count: by the server's clock, so from the previous
 * write's answer rather than from when it was sent (a slow answer followed by a quick one is
 * refused on a busy machine), and never two at once. The app's reads store paces its cursors so.
 */
class Pacer {
  private readonly answeredAt = new Map<string, number>();
  private readonly inFlight = new Set<string>();

  constructor(private readonly gapMs: number) {}

  /** Runs `write` when `key` may write again; null when it may not yet. */
  run(key: string, write: () => Promise<unknown>): Promise<unknown> | null {
    const answered = this.answeredAt.get(key);
    if (this.inFlight.has(key) || (answered !== undefined && Date.now() - answered < this.gapMs)) return null;
    this.inFlight.add(key);
    return write().finally(() => {
      this.answeredAt.set(key, Date.now());
      this.inFlight.delete(key);
    });
  }
}

interface Person extends Client {
  /** the newest message seen per room, for the read cursor */
  newest: Map<string, { id: string; createdAt: Timestamp }>;
  written: Map<string, string>;
  unsubscribes: Unsubscribe[];
}

interface MeterLine {
  fn: string;
  at: number;
  paths?: string[];
}

/** How long the Functions may take to catch up with a phase's messages on a busy machine. */
const SERVER_CATCH_UP_MS = 180_000;

export async function measureScale(env: BenchEnv, admin: Admin, options: ScaleOptions): Promise<ScaleFigures> {
  const meterFile = process.env.CHAT_METER;
  if (!meterFile)
    throw new Error('CHAT_METER is not set: the benchmark and the tests set it for the Functions emulator.');
  const tag = `scale-${env.runId}`;
  const bigRoom = `${tag}-big`;
  const quietRooms = Array.from({ length: options.quietRooms }, (_, i) => `${tag}-q${i}`);
  const errors: string[] = [];
  const note = (what: string) => (error: unknown) => errors.push(`${what}: ${String(error)}`.slice(0, 300));
  const pacers = {
    cursor: new Pacer(READ_CURSOR_MIN_GAP_MS + SERVER_CLOCK_MARGIN_MS),
    typing: new Pacer(TYPING_MIN_GAP_MS + SERVER_CLOCK_MARGIN_MS),
  };

  await seedRoom(admin, bigRoom, 'scale big');
  for (const room of quietRooms) await seedRoom(admin, room, 'scale quiet');
  const people: Person[] = (
    await inBatches(Array.from({ length: options.people }), 5, () => newClient(env, env.projectId, 'scale'))
  ).map((c) => ({ ...c, newest: new Map(), written: new Map(), unsubscribes: [] }));
  const uids = people.map((p) => p.uid);
  const half = Math.max(1, Math.floor(people.length / 2));
  const quietMembers = quietRooms.map((_, k) =>
    Array.from({ length: options.quietRoomSize }, (_, j) => people[(k * options.quietRoomSize + j) % people.length]!),
  );

  const listen = (p: Person, room: string) => {
    p.unsubscribes.push(
      subscribeLatestMessages(
        p.db,
        room,
        ({ changes }) => {
          for (const change of changes) {
            const m = change.doc.data();
            if (change.type === 'removed' || change.doc.metadata.hasPendingWrites || !m.createdAt) continue;
            const seen = p.newest.get(room);
            if (!seen || m.createdAt.toMillis() > seen.createdAt.toMillis())
              p.newest.set(room, { id: change.doc.id, createdAt: m.createdAt });
          }
        },
        note('messages listener'),
      ),
    );
    if (room === bigRoom) p.unsubscribes.push(subscribeTyping(p.db, room, () => undefined, note('typing listener')));
    else p.unsubscribes.push(subscribeReceiptSummary(p.db, room, () => undefined, note('receipts listener')));
  };
  const enter = async (p: Person, room: string) => {
    await joinPublicRoom(p.db, room, p.uid, p.name);
    listen(p, room);
  };

  try {
    for (const p of people) p.unsubscribes.push(subscribeMyRooms(p.db, p.uid, () => undefined, note('room list')));
    for (const [k, members] of quietMembers.entries()) for (const p of members) await enter(p, quietRooms[k]!);
    for (const p of people.slice(0, half)) await enter(p, bigRoom);
    // the message everyone reacts to
    const popular = newMessageId(people[0]!.db, bigRoom);
    await sendMessage(people[0]!.db, {
      roomId: bigRoom,
      id: popular,
      authorId: people[0]!.uid,
      authorName: people[0]!.name,
      text: 'react to this',
    });
    const sent = { count: 1 };
    await caughtUp(meterFile, tag, uids, sent.count, note);
    // what exists before the first phase: the seeded rooms, and what the joins and the first send wrote
    const existing = new Set([bigRoom, ...quietRooms].map((r) => `rooms/${r}`));
    for (const p of people)
      for (const commit of meterOf(p.db).commits) commit.paths.forEach((path) => existing.add(path));
    for (const line of serverLines(meterFile, tag, uids)) (line.paths ?? []).forEach((path) => existing.add(path));

    const records: PhaseRecord[] = [];
    const sizes: SizeSample[] = [];
    const phases: Phase[] = [];
    const inBig = new Set(people.slice(0, half));
    for (const [index, bigRate] of options.bigRates.entries()) {
      const joiners = index === 1 ? people.slice(half) : [];
      const record = await runPhase({
        people,
        inBig,
        joiners,
        join: (p) => enter(p, bigRoom).then(() => inBig.add(p)),
        bigRoom,
        quietRooms,
        quietMembers,
        popular,
        bigRate,
        // the rules take a heartbeat 30 s after the last at the soonest: one, in the first phase
        heartbeat: index === 0,
        sent,
        options,
        meterFile,
        tag,
        uids,
        note,
        pacers,
      });
      records.push(record);
      phases.push(record.phase);
      sizes.push(...(await sampleSizes(admin, bigRoom, popular, inBig.size)));
    }

    const indexes = readIndexes();
    const timestampFields = await timestampsOf(admin, records);
    const projection = projectScale({
      phases: [records[0]!, records[1]!],
      bigRoom,
      quietRooms,
      uids,
      timestampFields,
      indexes,
      sizes,
      // receipts name readers up to a room size; a message names REACTION_NAMES people an emoji
      cappedAt: {
        'rooms/{roomId}/receipts/summary': RECEIPTS_MAX_MEMBERS,
        'rooms/{roomId}/messages/{messageId}': REACTION_NAMES,
      },
      // a message's reactions and thread summary are written by one coalesced flush
      // (functions/src/lib/messageSummary.ts): its writes follow its reactions and replies, not
      // the room's rate (here the joiners reacting to the popular message)
      writeCeilings: { 'rooms/{roomId}/messages/{messageId}': 1000 / THREAD_SUMMARY_INTERVAL_MS },
      existing,
    });
    return { ...projection, options, phases, members: [half, inBig.size], errors };
  } finally {
    for (const p of people) for (const u of p.unsubscribes) u();
    await closeClients(people);
  }

  /** the documents that grow with the big room's members: the room, its receipts, a member, the popular message */
  async function sampleSizes(a: Admin, room: string, messageId: string, members: number): Promise<SizeSample[]> {
    const paths = [`rooms/${room}`, `rooms/${room}/receipts/summary`, `rooms/${room}/messages/${messageId}`];
    const indexes = readIndexes();
    const out: SizeSample[] = [];
    for (const path of paths) {
      const snapshot = await a.db.doc(path).get();
      const data = snapshot.data();
      if (!data) continue;
      out.push({
        path,
        members,
        bytes: documentSize(path, data),
        indexEntries: indexEntries(path.split('/').at(-2)!, data, indexes),
      });
    }
    return out;
  }
}

interface PhaseArgs {
  people: Person[];
  inBig: Set<Person>;
  joiners: Person[];
  join(p: Person): Promise<unknown>;
  bigRoom: string;
  quietRooms: string[];
  quietMembers: Person[][];
  popular: string;
  bigRate: number;
  heartbeat: boolean;
  /** text messages sent in this run so far, the phase's added as they go */
  sent: { count: number };
  options: ScaleOptions;
  meterFile: string;
  tag: string;
  uids: string[];
  note(what: string): (error: unknown) => void;
  /** each person's cursor and typing writes, paced across both phases */
  pacers: { cursor: Pacer; typing: Pacer };
}

/** One phase: sends on a schedule, joins spread over it, cursors, typing, presence, reactions; then what it wrote. */
async function runPhase(a: PhaseArgs): Promise<PhaseRecord> {
  const { options, bigRoom } = a;
  const ms = options.phaseSec * 1000;
  for (const p of a.people) resetMeter(p.db);
  const startedAt = Date.now();
  const start = performance.now();
  const inFlight: Promise<unknown>[] = [];
  const track = (what: string, work: Promise<unknown>) => inFlight.push(work.catch(a.note(what)));

  // the schedule: the big room's sends, each quiet room's, the joins; in time order
  type Event = { at: number; run: () => void };
  const events: Event[] = [];
  let bigTurn = 0;
  let roomMessages = 0;
  let quietMessages = 0;
  const send = (p: Person, roomId: string) => {
    a.sent.count += 1;
    // a text of its own: the same text five times in a row is muted as repeated (rateWindow.ts);
    // numbered, not named by the random id, whose letters can spell a blocklisted word (a masked
    // message is one more write of it, and of the day's moderation counter)
    const id = newMessageId(p.db, roomId);
    const text = `scale message ${a.sent.count}`;
    track('send', sendMessage(p.db, { roomId, id, authorId: p.uid, authorName: p.name, text }));
  };
  const bigCount = Math.round(options.phaseSec * a.bigRate);
  for (let i = 0; i < bigCount; i++)
    events.push({
      at: (i * 1000) / a.bigRate,
      run: () => {
        const members = [...a.inBig];
        const p = members[bigTurn++ % members.length]!;
        roomMessages += 1;
        send(p, bigRoom);
        // every fifth message is reacted to by someone else
        if (i % 5 === 4) {
          const other = members[(bigTurn + 1) % members.length]!;
          const id = other.newest.get(bigRoom)?.id;
          if (id) track('reaction', setReaction(other.db, bigRoom, id, '🎉', other.uid, true));
        }
      },
    });
  for (const [k, roomId] of a.quietRooms.entries()) {
    const count = Math.round(options.phaseSec * options.quietRate);
    for (let i = 0; i < count; i++)
      events.push({
        at: (i * 1000) / options.quietRate + 150 * (k + 1),
        run: () => {
          quietMessages += 1;
          send(a.quietMembers[k]![i % a.quietMembers[k]!.length]!, roomId);
        },
      });
  }
  a.joiners.forEach((p, i) =>
    events.push({ at: ((i + 0.5) * ms) / a.joiners.length, run: () => track('join', a.join(p)) }),
  );
  events.sort((x, y) => x.at - y.at);

  // everyone in the big room reacts to the popular message once (the members of this phase)
  const reacted = new Set<Person>();
  const react = () => {
    for (const p of a.inBig) {
      if (reacted.has(p) || p.uid === a.people[0]!.uid) continue;
      reacted.add(p);
      track('popular reaction', setReaction(p.db, bigRoom, a.popular, REACTION, p.uid, true));
    }
  };
  // presence: one heartbeat each (the app's are a minute apart; a phase is shorter)
  if (a.heartbeat)
    for (const p of a.people) track('presence', writePresence(p.db, p.uid, 'online' satisfies PresenceState));

  const timers: ReturnType<typeof setInterval>[] = [];
  const cursors = (p: Person, roomId: string, every: number) =>
    timers.push(
      setInterval(() => {
        const seen = p.newest.get(roomId);
        if (!seen || p.written.get(roomId) === seen.id) return;
        const write = a.pacers.cursor.run(`${p.uid} ${roomId}`, () => writeReadCursor(p.db, p.uid, roomId, seen));
        if (!write) return;
        p.written.set(roomId, seen.id);
        track('read cursor', write);
      }, every),
    );
  for (const p of a.people) {
    cursors(p, bigRoom, CURSOR_BUSY_MS);
    for (const roomId of a.quietRooms) cursors(p, roomId, CURSOR_QUIET_MS);
  }
  const typist = a.people[0]!;
  const quietTypist = a.quietMembers[0]?.[0];
  const type = (p: Person, roomId: string) => {
    const write = a.pacers.typing.run(`${p.uid} ${roomId}`, () => setTyping(p.db, roomId, p.uid, p.name));
    if (write) track('typing', write);
  };
  timers.push(
    setInterval(() => {
      type(typist, bigRoom);
      if (quietTypist) type(quietTypist, a.quietRooms[0]!);
      react();
    }, TYPING_EVERY_MS),
  );
  try {
    for (const event of events) {
      const wait = start + event.at - performance.now();
      if (wait > 0) await sleep(wait);
      event.run();
    }
    const left = start + ms - performance.now();
    if (left > 0) await sleep(left);
  } finally {
    for (const t of timers) clearInterval(t);
  }
  react();
  await Promise.all(inFlight);
  await caughtUp(a.meterFile, a.tag, a.uids, a.sent.count, a.note);
  // the listeners' last deliveries
  const deliveries = () =>
    a.people.reduce((n, p) => n + [...meterOf(p.db).deliveredPaths.values()].reduce((x, y) => x + y, 0), 0);
  await settled(deliveries, 1000, 20_000);

  const writes = new Map<string, number>();
  const add = (path: string) => writes.set(path, (writes.get(path) ?? 0) + 1);
  // when each write happened (ms since the epoch), for the span of the phase's writes
  let lastWrite = startedAt;
  for (const p of a.people)
    for (const commit of meterOf(p.db).commits) {
      commit.paths.forEach(add);
      lastWrite = Math.max(lastWrite, startedAt + (commit.at - start));
    }
  for (const line of serverLines(a.meterFile, a.tag, a.uids))
    if (line.at >= startedAt) {
      (line.paths ?? []).forEach(add);
      if ((line.paths ?? []).length > 0) lastWrite = Math.max(lastWrite, line.at);
    }
  const delivered = new Map<string, number>();
  for (const p of a.people)
    for (const [path, n] of meterOf(p.db).deliveredPaths) delivered.set(path, (delivered.get(path) ?? 0) + n);
  return {
    phase: {
      seconds: options.phaseSec,
      elapsedSec: Math.max(options.phaseSec, (lastWrite - startedAt) / 1000),
      appMessages: roomMessages + quietMessages,
      roomMessages,
      quietMessages,
    },
    writes,
    delivered,
  };
}

/** The indexes the project deploys (firestore.indexes.json): which fields are indexed, in which scopes. */
export function readIndexes(): IndexDefinitions {
  return JSON.parse(readFileSync(join(process.cwd(), 'firestore.indexes.json'), 'utf8')) as IndexDefinitions;
}

/** The Functions' metered parts that worked for this run's rooms or people. */
function serverLines(file: string, tag: string, uids: string[]): MeterLine[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  // the file is appended to as the Functions work: its last line may be half written
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .filter((line) => line !== '' && (line.includes(tag) || uids.some((u) => line.includes(u))))
    .map((line) => JSON.parse(line) as MeterLine);
}

/**
 * Waits until the Functions have done this run's work: every text message sent has had its
 * sender-limits part run (one `onMessageCreated` part per message), and no metered part has come
 * for 2 s since (the coalesced flushes after it). On a busy machine the Functions emulator can run
 * far behind the sends: a phase's writes must not land in the next.
 */
async function caughtUp(
  file: string,
  tag: string,
  uids: string[],
  messages: number,
  note: (what: string) => (error: unknown) => void,
): Promise<void> {
  const done = () => serverLines(file, tag, uids).filter((l) => l.fn === 'onMessageCreated').length;
  if (!(await until(() => done() >= messages, SERVER_CATCH_UP_MS, 500)))
    note('functions')(`${done()} of ${messages} messages worked on after ${SERVER_CATCH_UP_MS / 1000} s`);
  await settled(() => serverLines(file, tag, uids).length, 2000, 60_000);
}

/** The timestamp fields of each kind of document written, read from one document of each kind. */
async function timestampsOf(admin: Admin, records: PhaseRecord[]): Promise<Map<string, string[]>> {
  const sample = new Map<string, string>();
  for (const record of records)
    for (const path of record.writes.keys()) if (!sample.has(kindOf(path))) sample.set(kindOf(path), path);
  const out = new Map<string, string[]>();
  for (const [kind, path] of sample) {
    const data = (await admin.db.doc(path).get()).data();
    if (data) out.set(kind, timestampFieldsOf(data));
  }
  return out;
}
