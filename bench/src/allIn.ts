/**
 * Every message priced all-in (issue #18): in a room of `members` members of whom `online` hold
 * the app's listeners, what one message costs in billed Firestore operations and Cloud Functions
 * invocations, from every source, and its price per million messages at list prices
 * (bench/src/prices.ts, dated), beside a naive design measured in the same run.
 *
 * - The send: its commit's documents (the instrumented SDK), and the documents its rule reads
 *   (each a billed read: one per distinct document per request), counted from the rules as the
 *   rules split names them (SEND_LOOKUPS: those a plain text in a group room takes; mentions, a
 *   reply or a direct room read more).
 * - The server: every traced part of every function that worked for the room, metered inside the
 *   Functions emulator (functions/src/lib/meter.ts: reads, writes and deletes as Firestore bills
 *   them, one JSON line per part in the file CHAT_METER names); invocations are the distinct
 *   events and tasks among them. What they write into a collection with a TTL policy
 *   (firestore.indexes.json: processed events, flush claims, activity) is deleted again when it
 *   expires, and Firestore bills that delete: one per such document, counted with the deletes.
 * - Delivery: the documents the online members' listeners receive (the instrumented SDK).
 * - The naive design, on the bare SDK in the floor project: each message written with a summary
 *   write of the room per message, each online reader writing a receipt per message, and every
 *   reader listening to the messages, the room and the receipts. No Functions.
 * Cloud Functions compute time is not priced (the emulator's timings are not production's).
 */
import { readFileSync } from 'node:fs';
import { addDoc, collection, doc, onSnapshot, serverTimestamp, setDoc, type Unsubscribe } from 'firebase/firestore';
import { closeClients, newClient, type Admin, type Client } from './clients';
import { measureOnce, openAppRoom, appTransport, settled } from './delivery';
import type { BenchEnv } from './env';
import { meterOf, resetMeter } from './instrument/firestore';
import { PRICES, type Prices } from './prices';
import { SEND_LOOKUPS } from './rulesSplit';
import { readIndexes } from './scale';
import { ttlDeletes } from './scaleModel';
import { round, sleep, until } from './stats';

/** Per message. */
export interface Bill {
  reads: number;
  writes: number;
  deletes: number;
  invocations: number;
  /** of the reads: documents delivered to the online members' listeners */
  delivered: number;
  /** USD per million messages */
  usdPerMillion: number;
}

export interface AllInCost {
  members: number;
  online: number;
  messages: number;
  ratePerSec: number;
  /** where the app's operations come from, per message */
  app: Bill & {
    send: { writes: number; ruleReads: number };
    server: {
      reads: number;
      writes: number;
      /** the functions' own deletes and, among them, the TTL policies' later deletes of what they wrote */
      deletes: number;
      ttlDeletes: number;
      byFunction: Record<string, number>;
    };
  };
  naive: Bill;
  /** billed operations per message besides its delivery (the budget's measure) */
  opsBesidesDelivery: number;
  prices: Prices;
}

interface MeterLine {
  fn: string;
  eventId: string;
  roomId: string | null;
  key: string | null;
  at: number;
  reads: number;
  writes: number;
  deletes: number;
  paths: string[];
}

/** The meter file's lines for one room, written at or after `since` (ms). */
function meterLines(file: string, roomId: string, since: number): MeterLine[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // no part has worked for anything yet
    return [];
  }
  // the file is appended to as the Functions work: its last line may be half written
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter((line) => line.includes(roomId))
    .map((line) => JSON.parse(line) as MeterLine)
    .filter((m) => m.at >= since && (m.roomId === roomId || (m.key ?? '').endsWith(roomId)));
}

function price(bill: Omit<Bill, 'usdPerMillion'>, prices: Prices): number {
  const p = prices.usdPerMillion;
  // per message × a million messages, at a price per million operations: the per-message count
  // times the price
  return round(
    bill.reads * p.reads + bill.writes * p.writes + bill.deletes * p.deletes + bill.invocations * p.invocations,
    2,
  );
}

export async function measureAllIn(
  env: BenchEnv,
  admin: Admin,
  options: { members: number; online: number; messages: number; ratePerSec: number },
): Promise<AllInCost> {
  const meterFile = process.env.CHAT_METER;
  if (!meterFile)
    throw new Error('CHAT_METER is not set: the benchmark and the tests set it for the Functions emulator.');
  const prices = PRICES;
  const { members, online, messages, ratePerSec } = options;
  const room = await openAppRoom(env, admin, env.projectId, online, members - online, 'allin');
  const app = appTransport(room, admin, true);
  const roomRef = admin.db.doc(`rooms/${room.roomId}`);
  const count = async () => ((await roomRef.get()).get('messageCount') as number | undefined) ?? 0;
  try {
    // the joins' own work (notices, member count) done before the count starts
    await settled(() => meterLines(meterFile, room.roomId, 0).length, 2000, 60_000);
    for (const c of [...room.readers, ...room.senders]) resetMeter(c.db);
    const since = Date.now();
    await measureOnce(app, messages, ratePerSec);
    await app.drain?.();
    await until(async () => (await count()) >= messages, 60_000, 250);
    await settled(() => meterLines(meterFile, room.roomId, since).length, 2000, 60_000);
    const lines = meterLines(meterFile, room.roomId, since);

    const commits = room.senders.flatMap((s) => meterOf(s.db).commits);
    const sendWrites = commits.reduce((sum, c) => sum + c.paths.length, 0) / messages;
    const ruleReads = Object.values(SEND_LOOKUPS).filter((lookup) => lookup.plain).length;
    const indexes = readIndexes();
    const expiring = ttlDeletes(
      lines.flatMap((m) => m.paths),
      indexes,
    );
    const server = {
      reads: lines.reduce((sum, m) => sum + m.reads, 0) / messages,
      writes: lines.reduce((sum, m) => sum + m.writes, 0) / messages,
      deletes: (lines.reduce((sum, m) => sum + m.deletes, 0) + expiring) / messages,
      ttlDeletes: expiring / messages,
    };
    // each function's share, with the TTL deletes of what it wrote (a document written twice is
    // deleted once, charged to the first writer, so the shares add up to the total)
    const byFunction: Record<string, number> = {};
    const charged = new Set<string>();
    for (const m of lines) {
      const fresh = m.paths.filter((path) => !charged.has(path));
      fresh.forEach((path) => charged.add(path));
      const ops = m.reads + m.writes + m.deletes + ttlDeletes(fresh, indexes);
      byFunction[m.fn] = round((byFunction[m.fn] ?? 0) + ops / messages, 2);
    }
    const invocations = new Set(lines.map((m) => m.eventId)).size / messages;
    const delivered =
      room.readers.reduce((sum, r) => sum + [...meterOf(r.db).delivered.values()].reduce((a, b) => a + b, 0), 0) /
      messages;
    const bill = {
      reads: ruleReads + server.reads + delivered,
      writes: sendWrites + server.writes,
      deletes: server.deletes,
      invocations,
      delivered,
    };
    const naive = await measureNaive(env, online, messages, ratePerSec);
    const naiveBill = { ...naive, usdPerMillion: price(naive, prices) };
    return {
      members,
      online,
      messages,
      ratePerSec,
      app: {
        ...roundBill(bill),
        usdPerMillion: price(bill, prices),
        send: { writes: round(sendWrites, 2), ruleReads },
        server: {
          reads: round(server.reads, 2),
          writes: round(server.writes, 2),
          deletes: round(server.deletes, 2),
          ttlDeletes: round(server.ttlDeletes, 2),
          byFunction,
        },
      },
      naive: naiveBill,
      opsBesidesDelivery: round(bill.reads - delivered + bill.writes + bill.deletes, 2),
      prices,
    };
  } finally {
    await app.close();
    await room.close();
  }
}

function roundBill<B extends Omit<Bill, 'usdPerMillion'>>(bill: B): B {
  return {
    ...bill,
    reads: round(bill.reads, 2),
    writes: round(bill.writes, 2),
    deletes: round(bill.deletes, 2),
    invocations: round(bill.invocations, 2),
    delivered: round(bill.delivered, 2),
  };
}

/**
 * The naive design on the bare SDK (floor project, no Functions): the sender writes the message
 * and the room's summary; every online reader listens to the messages, the room and the receipts,
 * and writes a receipt for each message it receives.
 */
async function measureNaive(
  env: BenchEnv,
  online: number,
  messages: number,
  ratePerSec: number,
): Promise<Omit<Bill, 'usdPerMillion'>> {
  const clients: Client[] = [];
  for (let i = 0; i < online + 1; i++) clients.push(await newClient(env, env.floorProjectId, 'naive'));
  const [sender, ...readers] = clients as [Client, ...Client[]];
  const base = ['naiveRooms', env.runId] as const;
  const unsubscribes: Unsubscribe[] = [];
  let receipts = 0;
  try {
    for (const reader of readers) {
      unsubscribes.push(
        onSnapshot(collection(reader.db, ...base, 'messages'), (snapshot) => {
          for (const change of snapshot.docChanges()) {
            if (change.type !== 'added' || change.doc.metadata.hasPendingWrites) continue;
            void setDoc(doc(reader.db, ...base, 'receipts', `${change.doc.id}_${reader.uid}`), {
              messageId: change.doc.id,
              uid: reader.uid,
              at: serverTimestamp(),
            }).then(() => (receipts += 1));
          }
        }),
        onSnapshot(doc(reader.db, ...base), () => undefined),
        onSnapshot(collection(reader.db, ...base, 'receipts'), () => undefined),
      );
    }
    await sleep(500);
    for (const c of clients) resetMeter(c.db);
    for (let i = 0; i < messages; i++) {
      const text = `naive ${i}`;
      await addDoc(collection(sender.db, ...base, 'messages'), { text, at: serverTimestamp() });
      await setDoc(doc(sender.db, ...base), {
        lastMessage: text,
        lastMessageAt: serverTimestamp(),
        messageCount: i + 1,
      });
      await sleep(1000 / ratePerSec);
    }
    const delivered = () =>
      readers.reduce((sum, r) => sum + [...meterOf(r.db).delivered.values()].reduce((a, b) => a + b, 0), 0);
    await until(() => receipts >= messages * online, 30_000);
    // each reader receives every message, every summary and every reader's receipt
    await settled(delivered, 1000, 10_000);
    const writes = clients.reduce((sum, c) => sum + meterOf(c.db).commits.reduce((s, k) => s + k.paths.length, 0), 0);
    const perMessage = (n: number) => round(n / messages, 2);
    return {
      reads: perMessage(delivered()),
      writes: perMessage(writes),
      deletes: 0,
      invocations: 0,
      delivered: perMessage(delivered()),
    };
  } finally {
    for (const u of unsubscribes) u();
    await closeClients(clients);
  }
}
