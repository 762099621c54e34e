/**
 * Many people, several rooms, concurrent sends through the app's own data layer
 * (web/src/data: joinPublicRoom, newMessageId, sendMessage, subscribeMessagesAfter), and a
 * ledger of what every reader received. Used by the small load test in `npm test` and by
 * `npm run soak` (the same test with bigger sizes).
 */
import { MAX_QUERY_LIMIT, roomDocument } from '@chat/shared';
import { FieldValue } from 'firebase-admin/firestore';
import { onLog } from 'firebase/app';
import {
  collection,
  doc,
  getDocFromCache,
  limit,
  onSnapshot,
  orderBy,
  query,
  where,
  type Timestamp,
  type Unsubscribe,
} from 'firebase/firestore';
import type { MessageDoc } from '../../../web/src/data/converters';
import {
  newMessageId,
  resendMessage,
  sendMessage,
  STUCK_CHECK_MS,
  STUCK_MS,
  subscribeMessagesAfter,
} from '../../../web/src/data/messages';
import { joinPublicRoom } from '../../../web/src/data/rooms';
import { createPacer, SEND_WINDOWS, type Pacer } from '../../../web/src/lib/pacing';
import { eventually, uniqueId } from '../../support/env';
import { EMULATOR_LOOKUP_TIMEOUT } from './emulatorRefusal';
import { listenReconnects, listenStream } from '../../support/listenStreams';
import { adminDb } from '../support/admin';
import { newSimUser, pool, type SimUser } from '../support/clients';

export interface LoadOptions {
  users: number;
  rooms: number;
  messages: number;
  /** rooms each user joins, reads and writes in */
  roomsPerUser: number;
  /**
   * whether the Functions run beside the emulators (`npm test`); `npm run soak` runs Firestore
   * and Auth alone, so no join notice is posted there
   */
  functions: boolean;
  /**
   * when sending must stop (epoch ms): past it no new send starts, delivery of what was sent is
   * waited for and reported as usual, and `stoppedEarly` says so
   */
  sendUntil?: number;
  /**
   * until when (epoch ms) delivery is waited for once sending ends; by default a minute and 20 ms
   * a message. The soak gives it the rest of its limit: on a busy machine the slowest readers of a
   * room run minutes behind the fastest, which is late, not lost.
   */
  settleUntil?: number;
  log: (line: string) => void;
}

export interface LoadReport {
  users: number;
  rooms: number;
  readers: number;
  /** sends the server committed */
  sent: number;
  /** sending stopped at `sendUntil` with messages left unsent */
  stoppedEarly: boolean;
  /** sends the server refused (the pacing below respects the rate limit, so this should stay 0) */
  refused: number;
  /**
   * sends whose commit was refused or lost but whose message the server turned out to hold
   * (sendMessage's reconciliation): counted as sent, and shown so an emulator fault is not hidden
   */
  reconciled: number;
  /**
   * sends the emulator refused because a rules lookup timed out waiting for a lock
   * (EMULATOR_LOOKUP_TIMEOUT), sent again: production has no such refusal
   */
  lookupTimeouts: number;
  /** distinct messages confirmed by the server that reached a reader, summed over readers */
  delivered: number;
  expectedDeliveries: number;
  lost: number;
  duplicated: number;
  misordered: number;
  /**
   * Listen streams the SDK reported broken with RESOURCE_EXHAUSTED "Received message larger than
   * max" (the emulator's firebase-tools#8654), each followed by the SDK's maximum backoff
   */
  streamsBroken: number;
  /** clients whose Listen stream was waiting out that backoff, reconnected at once instead */
  resumed: number;
  /**
   * pages of the readers' tails that listened again after 30 s of cached snapshots only: a listen
   * the emulator started without a message committed as it started (`npm run listen-race`)
   */
  relistens: number;
  /**
   * the most messages a reader had already received that come after a message (createdAt, id)
   * when that message reached it: how far a commit can become visible after later ones. The
   * gap-free tail catches half a page of it, and more within 15 s (subscribeMessagesAfter).
   */
  overtakenBy: number;
  seconds: { setup: number; sending: number; settling: number };
  problems: string[];
}

/** createdAt then id: the order every reader must agree on. */
type Key = { s: number; ns: number; id: string };
function keyOf(m: MessageDoc): Key {
  const t = m.createdAt as Timestamp | null;
  return { s: t?.seconds ?? Number.MAX_SAFE_INTEGER, ns: t?.nanoseconds ?? 0, id: m.id };
}
function compareKeys(a: Key, b: Key): number {
  return a.s - b.s || a.ns - b.ns || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * What one reader saw in one room. It reads a gap-free tail (subscribeMessagesAfter), not the
 * app's "latest N" window: a reader that falls behind the window's size would otherwise miss
 * messages that passed through it between two snapshots, which says nothing about delivery.
 */
class Reader {
  /** every message delivered, kept in (createdAt, id) order as the app keeps its list */
  received: MessageDoc[] = [];
  addedCount = new Map<string, number>();
  confirmed = new Map<string, Key>();
  /** per message, how many messages after it (createdAt, id) had reached this reader before it */
  overtaken = new Map<string, number>();
  synced = false;
  /** pages of its tail that listened again after showing only cached snapshots (the emulator's listen race) */
  relistens = 0;
  /** when the tail last delivered anything (epoch ms), to tell a stalled reader from a late one */
  lastDeliveryAt = 0;
  error: Error | null = null;
  unsubscribe: Unsubscribe | null = null;

  constructor(
    readonly user: SimUser,
    readonly roomId: string,
  ) {}

  start(): void {
    // an empty room yields no delivery, so sync is also marked by the first server snapshot
    const probe = onSnapshot(
      query(collection(this.user.db, 'rooms', this.roomId, 'messages'), limit(1)),
      (snapshot) => {
        if (!snapshot.metadata.fromCache) this.synced = true;
      },
      (error) => {
        this.error = error;
      },
    );
    const stopTail = subscribeMessagesAfter(
      this.user.db,
      this.roomId,
      (messages) => {
        this.lastDeliveryAt = Date.now();
        for (const m of messages) {
          const key = keyOf(m);
          let at = this.received.length;
          while (at > 0 && compareKeys(keyOf(this.received[at - 1] as MessageDoc), key) > 0) at--;
          if (!this.overtaken.has(m.id)) this.overtaken.set(m.id, this.received.length - at);
          this.received.splice(at, 0, m);
          this.addedCount.set(m.id, (this.addedCount.get(m.id) ?? 0) + 1);
          if (!this.confirmed.has(m.id)) this.confirmed.set(m.id, key);
        }
      },
      (error) => {
        this.error = error;
      },
      { pageSize: MAX_QUERY_LIMIT, onRelisten: () => this.relistens++ },
    );
    this.unsubscribe = () => {
      probe();
      stopTail();
    };
  }
}

/**
 * A Listen stream sometimes breaks (firebase-tools#8654, test/support/listenStreams: the breaks
 * follow re-listens, which the gap-free tail below makes every half page); each client reconnects
 * itself at once instead of waiting out the SDK's maximum backoff (support/clients), so what its
 * readers missed arrives through the SDK's own resumption and is still counted. Here the breaks the
 * SDK logs are counted, and each client's stream state is traced to explain a loss.
 */
const WATCH_EVERY_MS = 250;
const BROKEN_STREAM = /RESOURCE_EXHAUSTED: Received message larger than max/;

/** Counts the broken streams the SDK logs and the clients that reconnected, and traces stream states. */
function watchStreams(users: SimUser[]) {
  const brokenAt: number[] = [];
  const reconnectsBefore = listenReconnects();
  onLog(
    ({ args }) => {
      if (args.some((a) => BROKEN_STREAM.test(String(a)))) brokenAt.push(Date.now());
    },
    { level: 'error' },
  );
  /** each client's Listen stream state changes as polled (time, state), to trace a loss */
  const states = new Map<SimUser, { at: number; state: number | undefined }[]>();
  const check = () => {
    for (const user of users) {
      const state = listenStream(user.db)?.state;
      const seen = states.get(user) ?? [];
      if (seen.at(-1)?.state !== state) seen.push({ at: Date.now(), state });
      states.set(user, seen);
    }
  };
  const timer = setInterval(check, WATCH_EVERY_MS);
  return {
    /** whether the SDK's stream state can be read (else a broken stream waits out the backoff) */
    observable: () => users.every((u) => listenStream(u.db) !== undefined),
    /** the client's stream states since the readers started, as "state@seconds" from `since` */
    history: (user: SimUser, since: number) =>
      (states.get(user) ?? []).map((s) => `${s.state ?? '?'}@${((s.at - since) / 1000).toFixed(1)}s`).join(' '),
    stop() {
      clearInterval(timer);
      onLog(null);
      return { streamsBroken: brokenAt.length, resumed: listenReconnects() - reconnectsBefore };
    },
  };
}

/**
 * What a reader's client holds of a message it never delivered: whether its cache has the
 * document, and what a fresh listener on the room's newest messages sees in 5 s (whether its
 * snapshots come from the server and name the message), so a loss says whether the client has
 * the message and how its listeners stand.
 */
async function whatTheClientHolds(r: Reader, id: string): Promise<string> {
  const ref = doc(r.user.db, 'rooms', r.roomId, 'messages', id);
  const cached = await getDocFromCache(ref).then(
    (d) =>
      d.exists()
        ? `cached (inRoom ${String(d.get('inRoom'))}, pending ${d.metadata.hasPendingWrites})`
        : 'cache says absent',
    () => 'not cached',
  );
  const seen: string[] = [];
  const stop = onSnapshot(
    query(
      collection(r.user.db, 'rooms', r.roomId, 'messages'),
      where('inRoom', '==', true),
      orderBy('createdAt', 'desc'),
      limit(1),
    ),
    { includeMetadataChanges: true },
    (s) =>
      seen.push(
        `${s.metadata.fromCache ? 'cache' : 'server'}:${s.docs[0]?.id === id ? 'it' : (s.docs[0]?.id ?? 'none')}`,
      ),
    (e) => seen.push(`error ${e.message}`),
  );
  await sleep(5_000);
  stop();
  return `${id}: ${cached}; a fresh listener on the newest saw ${seen.join(', ') || 'nothing'}`;
}

/**
 * A page of a reader's tail that the emulator's listen race left on cached snapshots listens
 * again after STUCK_MS, and again after twice that if it is still stuck (subscribeMessagesAfter):
 * delivery through two such relistens is late, not lost, so settling waits at least that long.
 */
const TAIL_TWO_RELISTENS_MS = 3 * STUCK_MS + 2 * STUCK_CHECK_MS;

/** how long sends still in flight when sending stops are waited for before settling */
const UNANSWERED_WAIT_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Chain {
  user: SimUser;
  roomId: string;
  texts: string[];
}

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const { log } = options;
  const runId = uniqueId('load');
  const admin = adminDb();
  const problems: string[] = [];
  const t0 = Date.now();

  const roomIds = Array.from({ length: options.rooms }, (_, i) => `${runId}-r${i}`);
  const seed = admin.batch();
  for (const roomId of roomIds) {
    seed.set(
      admin.doc(`rooms/${roomId}`),
      roomDocument({
        kind: 'public',
        name: roomId,
        topic: 'load test',
        createdBy: 'load-harness',
        createdAt: FieldValue.serverTimestamp(),
      }),
    );
  }
  await seed.commit();

  const users: SimUser[] = new Array<SimUser>(options.users);
  await pool([...users.keys()], 8, async (i) => {
    users[i] = await newSimUser(`load${i}`);
  });
  const memberships: { user: SimUser; roomId: string }[] = [];
  users.forEach((user, i) => {
    for (let k = 0; k < Math.min(options.roomsPerUser, roomIds.length); k++) {
      memberships.push({ user, roomId: roomIds[(i + k) % roomIds.length] as string });
    }
  });
  await pool(memberships, 8, async ({ user, roomId }) => {
    await joinPublicRoom(user.db, roomId, user.uid, user.name);
  });

  // The Functions post a notice per join, dated by the join (functions/src/lib/systemMessage.ts).
  // On a busy machine they run tens of seconds late; a notice stored after the readers start is
  // dated before their tails, where a gap-free tail never looks (the app's window of the latest
  // messages shows it in place). Reading starts once every room holds its notices.
  const joinsIn = (roomId: string) => (options.functions ? memberships.filter((m) => m.roomId === roomId).length : 0);
  await eventually(
    async () => {
      const counts = await Promise.all(
        roomIds.map(async (roomId) => {
          const notices = await admin
            .collection(`rooms/${roomId}/messages`)
            .where('kind', '==', 'system')
            .count()
            .get();
          return notices.data().count >= joinsIn(roomId);
        }),
      );
      return counts.every(Boolean) ? true : undefined;
    },
    'the join notices the Functions post',
    120_000,
  );

  const readers = memberships.map(({ user, roomId }) => new Reader(user, roomId));
  const streams = watchStreams(users);
  for (const reader of readers) reader.start();
  await eventually(
    () => (readers.every((r) => r.synced || r.error) ? true : undefined),
    'every reader to sync',
    120_000,
  );
  for (const r of readers) if (r.error) problems.push(`reader ${r.user.name} in ${r.roomId}: ${r.error.message}`);
  if (!streams.observable()) {
    problems.push(
      "the SDK's Listen stream state cannot be read (its internals changed): a broken stream would wait out the maximum backoff",
    );
  }
  const t1 = Date.now();
  log(
    `setup: ${options.users} users, ${options.rooms} rooms, ${readers.length} readers in ${Math.round((t1 - t0) / 1000)} s`,
  );

  // Message k goes to chain k % chains; each chain is one person sending in one room, in order.
  const chains: Chain[] = memberships.map(({ user, roomId }) => ({ user, roomId, texts: [] }));
  for (let k = 0; k < options.messages; k++) {
    const chain = chains[k % chains.length] as Chain;
    chain.texts.push(`${runId} #${k}`);
  }
  const sentIds = new Map<string, string[]>(roomIds.map((id) => [id, []]));
  const idByText = new Map<string, string>();
  /** who sent each message, and which sends were reconciled, to trace a loss from one log */
  const senderOf = new Map<string, string>();
  const reconciledIds = new Set<string>();
  let refused = 0;
  let reconciled = 0;
  let lookupTimeouts = 0;
  // Each person keeps to the app's own pacer (web/src/lib/pacing.ts), over all their rooms: the
  // rules' ledger (RATE_LIMIT_COUNT per RATE_LIMIT_WINDOW_MS) and the function's cross-room limit
  // (CROSS_ROOM_RATE_COUNT a minute), as the app's client does. Pacing to the first alone had the
  // function mute fast senders and post its notices after the readers had settled.
  const pacers = new Map<SimUser, Pacer>();
  let stoppedEarly = false;
  // A send still unanswered when sending must stop is not waited for (a commit the SDK keeps
  // retrying would otherwise hold the report past the run's limit); the store says afterwards
  // whether it landed.
  const STOPPED = Symbol('stopped');
  const deadline =
    options.sendUntil === undefined
      ? null
      : new Promise<typeof STOPPED>((resolve) => {
          setTimeout(() => resolve(STOPPED), Math.max(0, (options.sendUntil as number) - Date.now())).unref();
        });
  const unanswered: { roomId: string; id: string; text: string; sending: Promise<unknown>; landed: boolean }[] = [];
  await pool(chains, chains.length, async (chain) => {
    const pacer = pacers.get(chain.user) ?? createPacer(() => 0, SEND_WINDOWS);
    pacers.set(chain.user, pacer);
    for (let j = 0; j < chain.texts.length; j++) {
      const text = chain.texts[j] as string;
      const mark = await pacer.turn(chain.roomId);
      if (options.sendUntil !== undefined && Date.now() > options.sendUntil) {
        pacer.failed(mark);
        stoppedEarly = true;
        break;
      }
      const id = newMessageId(chain.user.db, chain.roomId);
      const message = { roomId: chain.roomId, id, authorId: chain.user.uid, authorName: chain.user.name, text };
      // a send the emulator refused for a lookup it could not make goes out again, as
      // production's SDK resends a commit aborted by lock contention (EMULATOR_LOOKUP_TIMEOUT)
      const sendOnce = () =>
        sendMessage(chain.user.db, message).catch((error: unknown) => {
          if (!EMULATOR_LOOKUP_TIMEOUT.test(String(error))) throw error;
          lookupTimeouts++;
          log(`${chain.user.name} in ${chain.roomId}: a rules lookup timed out in the emulator; sent again`);
          return resendMessage(chain.user.db, message);
        });
      try {
        const sending = sendOnce();
        const outcome = deadline ? await Promise.race([sending, deadline]) : await sending;
        if (outcome === STOPPED) {
          senderOf.set(id, chain.user.name);
          unanswered.push({ roomId: chain.roomId, id, text, sending: sending.catch(() => undefined), landed: false });
          stoppedEarly = true;
          break;
        }
        pacer.acked(mark);
        senderOf.set(id, chain.user.name);
        if (outcome === 'reconciled') {
          reconciled++;
          reconciledIds.add(id);
        }
        sentIds.get(chain.roomId)?.push(id);
        idByText.set(text, id);
      } catch (error) {
        // a refused write took no place in either window
        pacer.failed(mark);
        refused++;
        if (problems.length < 20)
          problems.push(`send refused (${chain.user.name} in ${chain.roomId}): ${String(error)}`);
      }
    }
  });
  // what was in flight gets a little time; one that lands later still counts when the store is read
  await Promise.race([Promise.all(unanswered.map((u) => u.sending)), sleep(UNANSWERED_WAIT_MS)]);
  const t2 = Date.now();
  const sent = [...sentIds.values()].reduce((sum, ids) => sum + ids.length, 0);
  log(
    `sending: ${sent} sent (${reconciled} after a lost or refused commit), ${refused} refused in ${Math.round((t2 - t1) / 1000)} s`,
  );
  if (stoppedEarly)
    log(
      `sending stopped at its limit with ${options.messages - sent - refused} of ${options.messages} messages unsent`,
    );

  // Readers get every message of their room: the ones sent here and the system messages the
  // Functions post (joins), which may still be on their way; what is stored is the yardstick.
  const storedIds = new Map<string, string[]>();
  const readStored = async () => {
    for (const roomId of roomIds) {
      const snap = await admin.collection(`rooms/${roomId}/messages`).select().get();
      storedIds.set(
        roomId,
        snap.docs.map((d) => d.id),
      );
    }
    // a send unanswered when sending stopped that the store holds was sent
    for (const u of unanswered) {
      if (u.landed || !storedIds.get(u.roomId)?.includes(u.id)) continue;
      u.landed = true;
      sentIds.get(u.roomId)?.push(u.id);
      idByText.set(u.text, u.id);
    }
  };
  const expectedFor = (r: Reader) => [
    ...new Set([...(sentIds.get(r.roomId) ?? []), ...(storedIds.get(r.roomId) ?? [])]),
  ];
  const complete = (r: Reader) => expectedFor(r).every((id) => r.confirmed.has(id));
  try {
    await eventually(
      async () => {
        await readStored();
        return readers.every(complete) ? true : undefined;
      },
      'every reader to receive every message',
      Math.max(60_000 + options.messages * 20, TAIL_TWO_RELISTENS_MS, (options.settleUntil ?? 0) - Date.now()),
    );
  } catch (error) {
    problems.push(String(error));
    // who is still missing what, and whether their client's Listen stream is connected, so a
    // loss can be traced from one log
    for (const r of readers.filter((x) => !complete(x))) {
      const missing = expectedFor(r).filter((id) => !r.confirmed.has(id));
      const stream = listenStream(r.user.db);
      problems.push(
        `reader ${r.user.name} in ${r.roomId} misses ${missing.length} (Listen stream state ${stream?.state ?? '?'}, backoff ${stream?.backoff?.currentBaseMs ?? '?'} ms; states ${streams.history(r.user, t1)}; last delivery at ${((r.lastDeliveryAt - t1) / 1000).toFixed(1)} s, sending ended at ${((t2 - t1) / 1000).toFixed(1)} s)`,
      );
      if (missing[0]) problems.push(`  ${await whatTheClientHolds(r, missing[0])}`);
      // each missing message: who sent it, whether its commit was reconciled, and how late the
      // room's other readers got it (messages after it they had already received)
      for (const id of missing.slice(0, 5)) {
        const late = readers
          .filter((o) => o.roomId === r.roomId && o.overtaken.has(id))
          .map((o) => o.overtaken.get(id) as number);
        problems.push(
          `  ${id} by ${senderOf.get(id) ?? 'the Functions'}${reconciledIds.has(id) ? ' (reconciled)' : ''}: ${late.length} other readers had it, after ${late.length > 0 ? `${Math.min(...late)} to ${Math.max(...late)}` : '?'} later messages`,
        );
      }
    }
  }
  const t3 = Date.now();
  const { streamsBroken, resumed } = streams.stop();
  if (streamsBroken > 0) log(`${streamsBroken} Listen streams broken by the emulator, ${resumed} clients reconnected`);
  for (const r of readers) {
    r.unsubscribe?.();
    // a listener the server cancelled stops receiving: say so rather than only counting losses
    if (r.error) problems.push(`reader ${r.user.name} in ${r.roomId} stopped: ${r.error.message}`);
  }

  // What the server stored: one document per send, none extra, besides the Functions' system messages.
  await readStored();
  const stored = new Map<string, Key>();
  let storedDuplicates = 0;
  for (const roomId of roomIds) {
    const snap = await admin.collection(`rooms/${roomId}/messages`).get();
    const texts = new Set<string>();
    const notices: string[] = [];
    let userMessages = 0;
    for (const d of snap.docs) {
      const at = d.get('createdAt') as { seconds: number; nanoseconds: number };
      stored.set(d.id, { s: at.seconds, ns: at.nanoseconds, id: d.id });
      if (d.get('kind') === 'system') {
        if (d.get('authorId') !== 'system') problems.push(`${roomId}: system message ${d.id} not by system`);
        notices.push(String(d.get('text')));
        continue;
      }
      userMessages++;
      const text = d.get('text') as string;
      if (texts.has(text) || idByText.get(text) !== d.id) {
        storedDuplicates++;
        problems.push(
          `${roomId}: stored ${d.id} (${JSON.stringify(text)}) is a second copy of ${idByText.get(text) ?? 'no send'}`,
        );
      }
      texts.add(text);
    }
    // the joins' notices and nothing else: a notice of another kind (a mute) says a person sent
    // faster than the app lets them, and its late arrival is past what the readers were checked for
    if (notices.length !== joinsIn(roomId)) {
      problems.push(`${roomId}: ${notices.length} notices for ${joinsIn(roomId)} joins: ${JSON.stringify(notices)}`);
    }
    if (userMessages !== sentIds.get(roomId)?.length) {
      problems.push(`${roomId}: ${userMessages} user messages stored, ${sentIds.get(roomId)?.length} sent`);
    }
  }

  if (unanswered.length > 0) {
    const landed = unanswered.filter((u) => u.landed).length;
    log(`${unanswered.length} sends had no answer when sending stopped; the store holds ${landed} of them`);
  }

  let delivered = 0;
  let lost = 0;
  let duplicated = storedDuplicates;
  let misordered = 0;
  const finalOrder = new Map<string, string>();
  for (const r of readers) {
    const expected = new Set(expectedFor(r));
    for (const id of expected) {
      if (r.confirmed.has(id)) delivered++;
      else lost++;
    }
    for (const [id, count] of r.addedCount) {
      if (count > 1) duplicated += count - 1;
      if (!expected.has(id)) duplicated++;
      // a duplicate says what it was, so a rare one can be traced from a single CI log
      if (count > 1 || !expected.has(id)) {
        const m = r.received.find((x) => x.id === id);
        problems.push(
          `reader ${r.user.name} in ${r.roomId}: ${id} (${m?.kind ?? '?'}, ${JSON.stringify(m?.text ?? '')}) received ${count}×${expected.has(id) ? '' : ', not stored in the room'}`,
        );
      }
    }
    // A reader's times must be the stored ones, and its list the stored (createdAt, id) order.
    for (const [id, key] of r.confirmed) {
      const truth = stored.get(id);
      if (!truth || compareKeys(truth, key) !== 0) misordered++;
    }
    const order = r.received.map((m) => m.id).join(',');
    const canonical = r.received
      .map((m) => stored.get(m.id) ?? keyOf(m))
      .sort(compareKeys)
      .map((k) => k.id)
      .join(',');
    if (order !== canonical) misordered++;
    // Every reader of a room ends with the same messages in the same order.
    const agreed = finalOrder.get(r.roomId);
    if (agreed === undefined) finalOrder.set(r.roomId, order);
    else if (agreed !== order) misordered++;
  }

  const report: LoadReport = {
    users: options.users,
    rooms: options.rooms,
    readers: readers.length,
    sent: [...sentIds.values()].reduce((sum, ids) => sum + ids.length, 0),
    stoppedEarly,
    refused,
    reconciled,
    lookupTimeouts,
    delivered,
    expectedDeliveries: readers.reduce((sum, r) => sum + expectedFor(r).length, 0),
    lost,
    duplicated,
    misordered,
    streamsBroken,
    resumed,
    relistens: readers.reduce((sum, r) => sum + r.relistens, 0),
    overtakenBy: readers.reduce((most, r) => Math.max(most, ...r.overtaken.values()), 0),
    seconds: {
      setup: Math.round((t1 - t0) / 1000),
      sending: Math.round((t2 - t1) / 1000),
      settling: Math.round((t3 - t2) / 1000),
    },
    problems,
  };
  await Promise.all(users.map((u) => u.close()));
  return report;
}
