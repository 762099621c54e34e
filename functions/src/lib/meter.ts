/**
 * What each traced part of a function costs in Firestore operations, as Firestore bills them, for
 * the benchmark's all-in price of a message (bench/src/allIn.ts). Off unless the process has
 * CHAT_METER, the path of a file to append one JSON line per part to; only the emulators that
 * `npm run bench` and `npm test` start have it (the Functions emulator runs functions on this
 * machine, with its environment). In production nothing here is installed and `meterRun` runs its
 * function as it is.
 *
 * The Admin SDK has no hook for this, so its public classes are wrapped once, counting into the
 * meter of the traced part that made the call (AsyncLocalStorage, taken when the call starts):
 * - reads: a document read by id is one read (found or not: Firestore bills a missing document
 *   too); a query is one read per document returned and at least one; a count() aggregation one
 *   read per 1,000 index entries counted and at least one;
 * - writes and deletes: each write of a commit (a batch, a transaction, a single set or update,
 *   a BulkWriter batch), as the request sends it; a field transform rides on its write.
 * The written paths are kept too (the scale model groups writes by document).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync } from 'node:fs';
import { DocumentReference, Firestore, Query, Transaction } from 'firebase-admin/firestore';

export interface Meter {
  reads: number;
  writes: number;
  deletes: number;
  /** the documents written or deleted, relative to the database (rooms/abc/members/uid) */
  paths: string[];
}

const METER_FILE = process.env.CHAT_METER ?? '';
export const METERING = METER_FILE !== '';

const current = new AsyncLocalStorage<Meter>();

/** Runs `run` under a meter of its own when metering is on; the meter is null otherwise. */
export async function meterRun<T>(run: () => Promise<T>): Promise<{ result: T; meter: Meter | null }> {
  if (!METERING) return { result: await run(), meter: null };
  const meter: Meter = { reads: 0, writes: 0, deletes: 0, paths: [] };
  return { result: await current.run(meter, run), meter };
}

/**
 * Appends what a traced part cost to the meter file: its function's name, the event (or task)
 * it handled, the room (or coalesced key) it worked for, when it ended, and its meter. Synchronous and small, so a part's line is complete
 * before the part returns.
 */
export function recordMeter(fn: string, fields: { eventId: string; roomId?: string; key?: unknown }, meter: Meter): void {
  const { eventId, roomId = null, key = null } = fields;
  appendFileSync(METER_FILE, `${JSON.stringify({ fn, eventId, roomId, key, at: Date.now(), ...meter })}\n`);
}

/** The meter of an operation's caller, taken as the operation starts. */
function callerMeter(): Meter | undefined {
  return current.getStore();
}

/** `projects/p/databases/(default)/documents/rooms/r` → `rooms/r` */
function relative(name: string): string {
  const at = name.indexOf('/documents/');
  return at === -1 ? name : name.slice(at + '/documents/'.length);
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** Replaces `name` on `proto` with `wrap(original)`. */
function patch(proto: object, name: string, wrap: (original: Method) => Method): void {
  const target = proto as Record<string, Method>;
  const original = target[name];
  if (typeof original !== 'function') throw new Error(`meter: no ${name} to count (an Admin SDK change?)`);
  target[name] = wrap(original);
}

const refsIn = (args: unknown[]) => args.filter((a) => a instanceof DocumentReference).length;

interface WriteProto {
  update?: { name?: string };
  delete?: string;
}

/** An aggregation's reads: one per 1,000 index entries counted, and at least one. */
function countAggregation(original: Method): Method {
  return async function (this: unknown, ...args: unknown[]) {
    const meter = callerMeter();
    const answer = (await original.apply(this, args)) as { result: { data(): Record<string, unknown> } };
    if (meter) {
      const counted = Math.max(0, ...Object.values(answer.result.data()).map((v) => (typeof v === 'number' ? v : 0)));
      meter.reads += Math.max(1, Math.ceil(counted / 1000));
    }
    return answer;
  };
}

function install(): void {
  // documents by id: DocumentReference.get and Firestore.getAll go through getAll
  patch(Firestore.prototype, 'getAll', (original) =>
    function (this: unknown, ...args: unknown[]) {
      const meter = callerMeter();
      if (meter) meter.reads += refsIn(args);
      return original.apply(this, args);
    },
  );
  patch(Transaction.prototype, 'get', (original) =>
    function (this: unknown, ...args: unknown[]) {
      // a query or an aggregation in a transaction is counted by its own _get
      const meter = callerMeter();
      if (meter) meter.reads += refsIn(args);
      return original.apply(this, args);
    },
  );
  patch(Transaction.prototype, 'getAll', (original) =>
    function (this: unknown, ...args: unknown[]) {
      const meter = callerMeter();
      if (meter) meter.reads += refsIn(args);
      return original.apply(this, args);
    },
  );
  // queries, in a transaction or not: Query.get goes through _get
  patch(Query.prototype, '_get', (original) =>
    async function (this: unknown, ...args: unknown[]) {
      const meter = callerMeter();
      const answer = (await original.apply(this, args)) as { result: { size: number } };
      if (meter) meter.reads += Math.max(1, answer.result.size);
      return answer;
    },
  );
  // count() goes through aggregate(); the SDK does not export AggregateQuery, so its _get is
  // wrapped on the first aggregation made
  let aggregates = false;
  patch(Query.prototype, 'aggregate', (original) =>
    function (this: unknown, ...args: unknown[]) {
      const aggregate = original.apply(this, args) as object;
      if (!aggregates) {
        aggregates = true;
        patch(Object.getPrototypeOf(aggregate) as object, '_get', countAggregation);
      }
      return aggregate;
    },
  );
  // every write, whatever sends it: WriteBatch (and so set, update, create, delete and
  // transactions) commits, BulkWriter sends batchWrite
  patch(Firestore.prototype, 'request', (original) =>
    function (this: unknown, ...args: unknown[]) {
      const [method, request] = args as [string, { writes?: WriteProto[] }];
      const meter = callerMeter();
      if (meter && (method === 'commit' || method === 'batchWrite')) {
        for (const write of request.writes ?? []) {
          if (write.delete) {
            meter.deletes += 1;
            meter.paths.push(relative(write.delete));
          } else if (write.update?.name) {
            meter.writes += 1;
            meter.paths.push(relative(write.update.name));
          }
        }
      }
      return original.apply(this, args);
    },
  );
}

if (METERING) install();
