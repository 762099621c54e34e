/**
 * Many people, several rooms, concurrent sends through the app's own data layer
 * (web/src/data: joinPublicRoom, newMessageId, sendMessage, subscribeLatestMessages), and a
 * ledger of what every reader received. Used by the small load test in `npm test` and by
 * `npm run soak` (the same test with bigger sizes).
 */
import { MAX_QUERY_LIMIT, RATE_LIMIT_COUNT, RATE_LIMIT_WINDOW_MS } from '@chat/shared';
import { FieldValue } from 'firebase-admin/firestore';
import type { Timestamp, Unsubscribe } from 'firebase/firestore';
import type { MessageDoc } from '../../../web/src/data/converters';
import { newMessageId, sendMessage, subscribeLatestMessages } from '../../../web/src/data/messages';
import { joinPublicRoom } from '../../../web/src/data/rooms';
import { eventually, uniqueId } from '../../support/env';
import { adminDb } from '../support/admin';
import { newSimUser, pool, type SimUser } from '../support/clients';

export interface LoadOptions {
  users: number;
  rooms: number;
  messages: number;
  /** rooms each user joins, reads and writes in */
  roomsPerUser: number;
  log: (line: string) => void;
}

export interface LoadReport {
  users: number;
  rooms: number;
  readers: number;
  /** sends the server committed */
  sent: number;
  /** sends the server refused (the pacing below respects the rate limit, so this should stay 0) */
  refused: number;
  /** distinct messages confirmed by the server that reached a reader, summed over readers */
  delivered: number;
  expectedDeliveries: number;
  lost: number;
  duplicated: number;
  misordered: number;
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

/** What one reader saw in one room, kept the way the app's composable keeps its list. */
class Reader {
  /** newest first, maintained from docChanges exactly as useRoomMessages does */
  window: MessageDoc[] = [];
  inWindow = new Set<string>();
  addedCount = new Map<string, number>();
  confirmed = new Map<string, Key>();
  /** snapshots in which server-confirmed messages were not in (createdAt, id) order */
  unorderedSnapshots = 0;
  synced = false;
  error: Error | null = null;
  unsubscribe: Unsubscribe | null = null;

  constructor(
    readonly user: SimUser,
    readonly roomId: string,
  ) {}

  start(): void {
    this.unsubscribe = subscribeLatestMessages(
      this.user.db,
      this.roomId,
      ({ changes, pendingIds, fromCache }) => {
        const next = this.window.slice();
        for (const change of changes) {
          const id = change.doc.id;
          if (change.type === 'removed') {
            next.splice(change.oldIndex, 1);
            this.inWindow.delete(id);
            continue;
          }
          const data = change.doc.data();
          if (change.type === 'added') {
            next.splice(change.newIndex, 0, data);
            this.inWindow.add(id);
            this.addedCount.set(id, (this.addedCount.get(id) ?? 0) + 1);
          } else {
            next.splice(change.oldIndex, 1);
            next.splice(change.newIndex, 0, data);
          }
          if (!pendingIds.has(id) && !this.confirmed.has(id)) this.confirmed.set(id, keyOf(data));
        }
        this.window = next;
        const settled = next.filter((m) => !pendingIds.has(m.id)).map(keyOf);
        for (let i = 1; i < settled.length; i++) {
          if (compareKeys(settled[i - 1] as Key, settled[i] as Key) <= 0) {
            this.unorderedSnapshots++;
            break;
          }
        }
        if (!fromCache) this.synced = true;
      },
      (error) => {
        this.error = error;
      },
      MAX_QUERY_LIMIT,
    );
  }
}

interface Chain {
  user: SimUser;
  roomId: string;
  texts: string[];
  commitTimes: number[];
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
    seed.set(admin.doc(`rooms/${roomId}`), {
      kind: 'public',
      name: roomId,
      topic: 'load test',
      createdBy: 'load-harness',
      createdAt: FieldValue.serverTimestamp(),
      memberIds: [],
      slowModeSec: 0,
      lastMessage: null,
      lastMessageAt: null,
      messageCount: 0,
    });
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

  const readers = memberships.map(({ user, roomId }) => new Reader(user, roomId));
  for (const reader of readers) reader.start();
  await eventually(
    () => (readers.every((r) => r.synced || r.error) ? true : undefined),
    'every reader to sync',
    120_000,
  );
  for (const r of readers) if (r.error) problems.push(`reader ${r.user.name} in ${r.roomId}: ${r.error.message}`);
  const t1 = Date.now();
  log(
    `setup: ${options.users} users, ${options.rooms} rooms, ${readers.length} readers in ${Math.round((t1 - t0) / 1000)} s`,
  );

  // Message k goes to chain k % chains; each chain is one person sending in one room, in order.
  const chains: Chain[] = memberships.map(({ user, roomId }) => ({ user, roomId, texts: [], commitTimes: [] }));
  for (let k = 0; k < options.messages; k++) {
    const chain = chains[k % chains.length] as Chain;
    chain.texts.push(`${runId} #${k}`);
  }
  const sentIds = new Map<string, string[]>(roomIds.map((id) => [id, []]));
  const idByText = new Map<string, string>();
  let refused = 0;
  await pool(chains, chains.length, async (chain) => {
    for (let j = 0; j < chain.texts.length; j++) {
      // The rules allow RATE_LIMIT_COUNT sends per RATE_LIMIT_WINDOW_MS: wait for the window
      // that send j - RATE_LIMIT_COUNT opened to pass (its commit time bounds its server time).
      const opened = chain.commitTimes[j - RATE_LIMIT_COUNT];
      if (opened !== undefined) {
        const wait = opened + RATE_LIMIT_WINDOW_MS + 300 - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const text = chain.texts[j] as string;
      const id = newMessageId(chain.user.db, chain.roomId);
      try {
        await sendMessage(chain.user.db, {
          roomId: chain.roomId,
          id,
          authorId: chain.user.uid,
          authorName: chain.user.name,
          text,
        });
        chain.commitTimes.push(Date.now());
        sentIds.get(chain.roomId)?.push(id);
        idByText.set(text, id);
      } catch (error) {
        refused++;
        chain.commitTimes.push(Date.now());
        if (problems.length < 20)
          problems.push(`send refused (${chain.user.name} in ${chain.roomId}): ${String(error)}`);
      }
    }
  });
  const t2 = Date.now();
  const sent = [...sentIds.values()].reduce((sum, ids) => sum + ids.length, 0);
  log(`sending: ${sent} sent, ${refused} refused in ${Math.round((t2 - t1) / 1000)} s`);

  const expectedFor = (r: Reader) => sentIds.get(r.roomId) ?? [];
  const complete = (r: Reader) => expectedFor(r).every((id) => r.confirmed.has(id));
  try {
    await eventually(
      () => (readers.every(complete) ? true : undefined),
      'every reader to receive every message',
      60_000 + options.messages * 20,
    );
  } catch (error) {
    problems.push(String(error));
  }
  const t3 = Date.now();
  for (const r of readers) {
    r.unsubscribe?.();
    // a listener the server cancelled stops receiving: say so rather than only counting losses
    if (r.error) problems.push(`reader ${r.user.name} in ${r.roomId} stopped: ${r.error.message}`);
  }

  // What the server stored: one document per send, none extra.
  const stored = new Map<string, Key>();
  let storedDuplicates = 0;
  for (const roomId of roomIds) {
    const snap = await admin.collection(`rooms/${roomId}/messages`).get();
    const texts = new Set<string>();
    for (const d of snap.docs) {
      const text = d.get('text') as string;
      if (texts.has(text) || idByText.get(text) !== d.id) storedDuplicates++;
      texts.add(text);
      const at = d.get('createdAt') as { seconds: number; nanoseconds: number };
      stored.set(d.id, { s: at.seconds, ns: at.nanoseconds, id: d.id });
    }
    if (snap.size !== sentIds.get(roomId)?.length) {
      problems.push(`${roomId}: ${snap.size} stored, ${sentIds.get(roomId)?.length} sent`);
    }
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
    // A refused send shows (pending) in its sender's view and then goes away: not a delivery.
    for (const [id, count] of r.addedCount) {
      if (!r.confirmed.has(id)) continue;
      if (count > 1) duplicated += count - 1;
      if (!expected.has(id)) duplicated++;
    }
    // A reader's times must be the stored ones, and its list in (createdAt, id) order.
    for (const [id, key] of r.confirmed) {
      const truth = stored.get(id);
      if (!truth || compareKeys(truth, key) !== 0) misordered++;
    }
    misordered += r.unorderedSnapshots;
    const order = r.window.map((m) => m.id).join(',');
    const canonical = r.window
      .map((m) => stored.get(m.id) ?? keyOf(m))
      .sort((a, b) => compareKeys(b, a))
      .map((k) => k.id)
      .join(',');
    if (order !== canonical) misordered++;
    // Every reader of a room ends with the same list in the same order.
    const agreed = finalOrder.get(r.roomId);
    if (agreed === undefined) finalOrder.set(r.roomId, order);
    else if (agreed !== order) misordered++;
  }

  const report: LoadReport = {
    users: options.users,
    rooms: options.rooms,
    readers: readers.length,
    sent,
    refused,
    delivered,
    expectedDeliveries: readers.reduce((sum, r) => sum + expectedFor(r).length, 0),
    lost,
    duplicated,
    misordered,
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
