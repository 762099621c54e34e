/**
 * Operations per message: what the app commits and what its listeners receive, counted by the
 * instrumented SDK (instrument/firestore.ts) on every client; and the per-message read-receipt
 * control the app's receipts are compared with.
 */
import { collection, doc, onSnapshot, setDoc, serverTimestamp, addDoc, type Unsubscribe } from 'firebase/firestore';
import { closeClients, newClient, type Admin, type Client } from './clients';
import { measureOnce, settled, type AppRoom, type Transport } from './delivery';
import type { BenchEnv } from './env';
import { meterOf, resetMeter } from './instrument/firestore';
import { round, sleep, until } from './stats';

export interface MessageOperations {
  messages: number;
  readers: number;
  ratePerSec: number;
  /** deliveries of the committed messages that never arrived (should be 0: then the counts are complete) */
  lost: number;
  /** sends that stored no message (the emulator refuses a commit it could not lock in time, README): no deliveries to wait for */
  refused: number;
  /** what the run's sends and listeners reported failing */
  errors: string[];
  /** client commits per message sent (the message and its ledger should be one) */
  commitsPerMessage: number;
  docsPerCommit: number;
  /** documents delivered to each online reader per message, by listener and in total */
  deliveredPerReader: { messages: number; rooms: number; total: number };
  /** writes by Cloud Functions to the room document per message (observed versions) */
  serverRoomWritesPerMessage: number;
}

export async function measureMessageOperations(
  room: AppRoom,
  app: Transport,
  admin: Admin,
  messages: number,
  ratePerSec: number,
): Promise<MessageOperations> {
  const roomRef = admin.db.doc(`rooms/${room.roomId}`);
  const count = async () => ((await roomRef.get()).get('messageCount') as number | undefined) ?? 0;
  // the trigger may still be working through the delivery runs' messages: let it finish first
  await until(async () => (await count()) >= app.sent, 60_000, 250);
  const deliveredRooms = () => room.readers.reduce((sum, r) => sum + (meterOf(r.db).delivered.get('rooms') ?? 0), 0);
  await settled(deliveredRooms, 1500, 20_000);
  const before = await count();
  let roomVersions = -1;
  const stopWatching = roomRef.onSnapshot(() => (roomVersions += 1));
  await until(() => roomVersions >= 0, 10_000);
  for (const c of [...room.readers, ...room.senders]) resetMeter(c.db);
  const errorsBefore = app.errors.length;
  const stored = async () => (await admin.db.collection(`rooms/${room.roomId}/messages`).count().get()).data().count;
  const storedBefore = await stored();

  await measureOnce(app, messages, ratePerSec);
  // every send answered first, then the messages stored counted: one the emulator refused has no
  // deliveries to wait for (waiting for them would run out the three minutes below and count them lost)
  await app.drain?.();
  const committed = Math.min(messages, (await stored()) - storedBefore);
  const errors = app.errors.slice(errorsBefore);
  // a saturated machine delivers behind the sends: wait for the backlog of deliveries, and for the
  // room summary the trigger writes after the messages, before counting
  const deliveredMessages = () =>
    room.readers.reduce((sum, r) => sum + (meterOf(r.db).delivered.get('messages') ?? 0), 0);
  await until(() => deliveredMessages() >= committed * room.readers.length, 180_000, 250);
  await until(async () => (await count()) >= before + committed, 60_000, 200);
  await settled(deliveredRooms, 1500, 20_000);
  stopWatching();
  // deliveries of committed messages that never came: the counts below would be too low, so the
  // budget cannot pass
  const lost = Math.max(0, committed * room.readers.length - deliveredMessages());

  const commits = room.senders.flatMap((s) => meterOf(s.db).commits);
  const perReader = (label: string) =>
    room.readers.reduce((sum, r) => sum + (meterOf(r.db).delivered.get(label) ?? 0), 0) /
    (room.readers.length * messages);
  const msgs = perReader('messages');
  const rooms = perReader('rooms');
  return {
    messages,
    readers: room.readers.length,
    ratePerSec,
    lost,
    refused: messages - committed,
    errors,
    commitsPerMessage: round(commits.length / messages, 2),
    docsPerCommit: round(commits.reduce((sum, c) => sum + c.paths.length, 0) / Math.max(1, commits.length), 2),
    deliveredPerReader: { messages: round(msgs, 2), rooms: round(rooms, 2), total: round(msgs + rooms, 2) },
    serverRoomWritesPerMessage: round(roomVersions / messages, 2),
  };
}

export interface ReceiptCost {
  messages: number;
  readers: number;
  writes: number;
  delivered: number;
  /** (writes + delivered documents) per message per reader */
  opsPerMessagePerReader: number;
}

/**
 * The control: the naive design the data model rules out. Every reader writes a receipt document
 * per message it sees, and every reader listens to the room's receipts to show who read what.
 * Runs in the floor project, on the bare SDK, counted by the same instrument.
 */
export async function measureReceiptControl(
  env: BenchEnv,
  readers: number,
  messages: number,
  ratePerSec: number,
): Promise<ReceiptCost> {
  const clients: Client[] = [];
  for (let i = 0; i < readers + 1; i++) clients.push(await newClient(env, env.floorProjectId, 'rcpt'));
  const [sender, ...rs] = clients as [Client, ...Client[]];
  const base = ['receiptControl', env.runId] as const;
  const unsubscribes: Unsubscribe[] = [];
  let receipts = 0;
  for (const reader of rs) {
    unsubscribes.push(
      onSnapshot(collection(reader.db, ...base, 'messages'), (snapshot) => {
        for (const change of snapshot.docChanges()) {
          if (change.type !== 'added') continue;
          void setDoc(doc(reader.db, ...base, 'receipts', `${change.doc.id}_${reader.uid}`), {
            messageId: change.doc.id,
            uid: reader.uid,
            at: serverTimestamp(),
          }).then(() => (receipts += 1));
        }
      }),
      onSnapshot(collection(reader.db, ...base, 'receipts'), () => undefined),
    );
  }
  await sleep(500);
  for (const c of rs) resetMeter(c.db);
  for (let i = 0; i < messages; i++) {
    await addDoc(collection(sender.db, ...base, 'messages'), { text: `m${i}`, at: serverTimestamp() });
    await sleep(1000 / ratePerSec);
  }
  const expectedDeliveries = messages * readers * readers;
  const delivered = () => rs.reduce((sum, r) => sum + (meterOf(r.db).delivered.get('receipts') ?? 0), 0);
  await until(() => receipts >= messages * readers && delivered() >= expectedDeliveries, 20_000);
  await settled(delivered, 500, 5_000);
  const writes = rs.reduce(
    (sum, r) => sum + meterOf(r.db).commits.filter((c) => c.paths.some((p) => p.includes('/receipts/'))).length,
    0,
  );
  for (const u of unsubscribes) u();
  await closeClients(clients);
  return {
    messages,
    readers,
    writes,
    delivered: delivered(),
    opsPerMessagePerReader: round((writes + delivered()) / (messages * readers), 2),
  };
}
