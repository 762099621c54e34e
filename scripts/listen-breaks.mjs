// `npm run listen-breaks`: a reproduction of the broken Listen streams the soak meets
// (RESOURCE_EXHAUSTED "Received message larger than max (N vs 17825792)", firebase-tools#8654),
// with the bare Firebase JS SDK and none of the app's code, so what triggers them can be varied
// one factor at a time. Defaults are a size that breaks streams within a minute:
//   --clients N     separate SDK instances (each its own gRPC connection), default 10
//   --targets N     listeners each client holds (one Listen stream carries them all), default 2
//   --messages N    documents written, spread over the rooms, default 1000
//   --rooms N       collections written and listened to, default 2
//   --rate N        writes a second, default 50
//   --page N        each listener's window (limit); a full window moves on half a window back
//                   (unlisten, listen) as the soak's tail does, default 10; 0 listens to whole
//                   collections without a limit (never moves)
//   --delay MS      wait before moving a full window, default 0
//   --new-first 1   listen to the new window before the old one is stopped
//   --own-connections 1  each client its own HTTP/2 connection (grpc-js otherwise shares one
//                   among clients with equal settings)
// Firestore emulator alone, on ports from CHAT_REPRO_PORT_BASE (default 9700). Prints one line of
// JSON: deliveries, documents missed, window moves, and each break with when it came and how many
// moves and deliveries preceded it.
//
// What it showed (firebase-tools 14.18.0, JS SDK 12.19.0, grpc-js 1.9.16; 1.14.7 broke too):
// breaks follow window moves (target changes on a stream that is delivering), not traffic. With
// no move (--page 0): 0 breaks in 3 runs, one of 10,000 deliveries; 160 moves (--page 100): 0;
// 1,640 moves (the defaults): 2, 5 and 0 in three runs; with --delay 200: 0 and 1. One client
// with one listener (--clients 1 --targets 1 --rooms 1, 60 to 100 documents, 9 to 16 moves) broke
// in 2 of 5 runs (once after 7 moves). A break loses nothing: the SDK resumes after its maximum backoff (30 to 90 s) and
// the missed documents arrive then; reconnecting the client at once (disableNetwork,
// enableNetwork, as the soak does) had them all within a second.
import { runRepro } from './lib/repro.mjs';

const FLAGS = {
  clients: 10,
  targets: 2,
  messages: 1000,
  rooms: 2,
  rate: 50,
  page: 10,
  'new-first': 0,
  delay: 0,
  'own-connections': 0,
};

async function child(flags) {
  const { initializeApp, onLog, deleteApp } = await import('firebase/app');
  const f = await import('firebase/firestore');
  const [host, port] = process.env.FIRESTORE_EMULATOR_HOST.split(':');
  const projectId = process.env.GCLOUD_PROJECT;
  const t0 = Date.now();
  const secs = () => ((Date.now() - t0) / 1000).toFixed(1);
  let delivered = 0;
  let relistens = 0;
  const breaks = [];
  onLog(
    ({ args }) => {
      const text = args.map(String).join(' ');
      const size = /larger than max \((\d+) vs/.exec(text);
      if (size) breaks.push({ at: secs(), size: Number(size[1]), delivered, relistens });
    },
    { level: 'error' },
  );
  let clientsOpened = 0;
  const open = (label) => {
    const app = initializeApp({ projectId, apiKey: 'demo' }, label);
    // grpc-js shares one connection among channels with equal options; a window differing by a
    // byte (grpc-js 1.9 does not apply it) gives each client its own, as browsers have
    const db = flags['own-connections']
      ? f.initializeFirestore(app, { grpcFlowControlWindow: 256 * 1024 + clientsOpened++ })
      : f.getFirestore(app);
    // the emulator's owner token passes every rule: the rules are not what is reproduced here
    f.connectFirestoreEmulator(db, host, Number(port), { mockUserToken: 'owner' });
    return { app, db };
  };
  const rooms = Array.from({ length: flags.rooms }, (_, i) => `repro-${t0}-r${i}`);
  const writer = open('writer');
  const listeners = [];
  const clients = Array.from({ length: flags.clients }, (_, i) => open(`client${i}`));
  clients.forEach((client, c) => {
    for (let t = 0; t < flags.targets; t++) {
      const room = rooms[(c + t) % rooms.length];
      const seen = new Set();
      const listener = { room, seen, stop: () => undefined };
      const listen = (after) => {
        const base = f.collection(client.db, room);
        const q =
          flags.page === 0
            ? f.query(base, f.orderBy('n'))
            : after
              ? f.query(base, f.orderBy('n'), f.startAfter(after), f.limit(flags.page))
              : f.query(base, f.orderBy('n'), f.limit(flags.page));
        const previous = listener.stop;
        listener.stop = f.onSnapshot(q, (snap) => {
          for (const d of snap.docs) {
            if (!seen.has(d.id)) {
              seen.add(d.id);
              delivered++;
            }
          }
          const overlap = snap.docs[Math.floor(flags.page / 2)];
          if (
            flags.page > 0 &&
            snap.size >= flags.page &&
            !snap.metadata.hasPendingWrites &&
            overlap &&
            !listener.moving
          ) {
            relistens++;
            listener.moving = true;
            const move = () => {
              listener.moving = false;
              if (flags['new-first']) listen(overlap);
              else {
                listener.stop();
                listen(overlap);
              }
            };
            if (flags.delay > 0) setTimeout(move, flags.delay);
            else move();
          }
        });
        if (flags['new-first']) previous();
      };
      listen(null);
      listeners.push(listener);
    }
  });
  const written = new Map(rooms.map((r) => [r, []]));
  const text = 'x'.repeat(200);
  for (let n = 0; n < flags.messages; n++) {
    const room = rooms[n % rooms.length];
    const ref = f.doc(f.collection(writer.db, room));
    await f.setDoc(ref, { n, text, at: f.serverTimestamp() });
    written.get(room).push(ref.id);
    const due = t0 + ((n + 1) * 1000) / flags.rate;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
  }
  const sentAt = secs();
  const missing = () =>
    listeners.reduce((sum, l) => sum + written.get(l.room).filter((id) => !l.seen.has(id)).length, 0);
  const settleUntil = Date.now() + 180_000;
  while (missing() > 0 && Date.now() < settleUntil) await new Promise((r) => setTimeout(r, 1000));
  console.log(
    JSON.stringify({
      flags,
      sentAtSeconds: Number(sentAt),
      settledAtSeconds: Number(secs()),
      delivered,
      expected: listeners.reduce((sum, l) => sum + written.get(l.room).length, 0),
      missing: missing(),
      relistens,
      breaks,
    }),
  );
  for (const l of listeners) l.stop();
  await Promise.all(
    [writer, ...clients].map(async (c) => {
      await f.terminate(c.db);
      await deleteApp(c.app);
    }),
  );
  process.exit(0);
}

runRepro('scripts/listen-breaks.mjs', FLAGS, child, 9700);
