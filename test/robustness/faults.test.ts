/**
 * Faults, on an emulator suite this file runs itself:
 * - the Functions emulator is stopped and restarted in the middle of a burst of messages and
 *   read-cursor moves; the room summary and the receipt summary converge to the right values;
 * - the very same trigger event delivered twice has one effect;
 * - all emulators stopped and restarted with `npm start`'s persistence (--export-on-exit, then
 *   --import) lose nothing: every document and every account comes back.
 *
 * Firestore runs as its own process, so Functions can be restarted alone. Its trigger events
 * reach Functions through a small relay here that, like Eventarc in production, accepts each
 * event and delivers it at least once (retrying while Functions is down); the relay also keeps
 * the events, so one can be delivered a second time exactly as the emulator sent it.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memberDocument, roomDocument, textMessage } from '@chat/shared';
import { FieldValue, type Firestore, type QueryDocumentSnapshot, type Timestamp } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, ports as runPorts, uniqueId } from '../support/env';
import { adminDb } from './support/admin';
import { Proc, ROOT, firestoreJar, portsFrom, startEmulators, waitForHub, writeConfig } from './support/suite';

const BASE = runPorts.auth + 30;

interface Delivery {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Posts one event to the Functions emulator; resolves with the HTTP status once the function ran. */
function post(port: number, event: Delivery): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: event.path, headers: event.headers },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(event.body);
  });
}

/**
 * At-least-once delivery from the Firestore emulator to the Functions emulator, one event at a
 * time in the order they came (a flood of retries would start a function worker per request).
 */
class Relay {
  readonly events: Delivery[] = [];
  /** the Functions emulator's current trigger keys (`<function id>-<generation>`; a reload bumps the generation) */
  keys: string[] = [];
  delivered = 0;
  retries = 0;
  private queue: Delivery[] = [];
  private pumping = false;
  private server: Server;

  constructor(
    readonly port: number,
    readonly target: number,
  ) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const event = { path: req.url ?? '/', headers: { ...req.headers }, body: Buffer.concat(chunks) };
        this.events.push(event);
        this.queue.push(event);
        res.writeHead(200).end();
        void this.pump();
      });
    });
  }

  get inFlight(): number {
    return this.queue.length;
  }

  listen(): Promise<void> {
    return new Promise((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The event's path with its trigger key brought up to the current generation. */
  current(event: Delivery): Delivery {
    const match = /^(.*\/triggers\/)(.+)-(\d+)$/.exec(event.path);
    const key = match && this.keys.find((k) => k.startsWith(`${match[2]}-`));
    return match && key ? { ...event, path: `${match[1]}${key}` } : event;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    while (this.queue.length > 0) {
      const event = this.queue[0] as Delivery;
      let ok = false;
      try {
        const status = await post(this.target, this.current(event));
        ok = status >= 200 && status < 300;
      } catch {
        // Functions is down or restarting: keep the event and try again, as Eventarc does
      }
      if (ok) {
        this.queue.shift();
        this.delivered++;
      } else {
        this.retries++;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
    this.pumping = false;
  }
}

const message = (authorId: string, authorName: string, text: string) =>
  textMessage({ authorId, authorName, text, createdAt: FieldValue.serverTimestamp() });

describe('Functions restarted in the middle of a burst', () => {
  const projectId = 'demo-robustness-faults';
  const fsPort = BASE;
  const fsWs = BASE + 1;
  const relayPort = BASE + 2;
  const fnPorts = portsFrom(BASE + 3);
  let firestore: Proc;
  let functions: Proc;
  let relay: Relay;
  let config: string;
  let admin: Firestore;

  async function startFunctions(): Promise<void> {
    functions = startEmulators(['--config', config, '--project', projectId, '--only', 'functions'], {
      FIRESTORE_EMULATOR_HOST: `127.0.0.1:${fsPort}`,
      GCLOUD_PROJECT: projectId,
      // a function worker may take longer than the default 30 s to start on a busy machine
      FUNCTIONS_DISCOVERY_TIMEOUT: '180',
    });
    await waitForHub(functions, fnPorts.hub, ['functions']);
  }

  interface BackendTrigger {
    id: string;
    eventTrigger?: {
      eventType: string;
      eventFilters?: Record<string, string>;
      eventFilterPathPatterns?: Record<string, string>;
    };
  }

  /**
   * What functions/src/index.ts exports, one function each: the list the emulator's is complete
   * against. Its own list grows as it registers them (a run read the scheduled and callable ones
   * alone, its triggers not yet there), so a list read early agrees with the keys read at the
   * same moment and still misses every trigger.
   */
  const exported = [
    ...readFileSync(join(ROOT, 'functions/src/index.ts'), 'utf8').matchAll(/^export \{ (\w+) \}/gm),
  ].map((m) => m[1]!);

  /** The functions the Functions emulator found in the source (growing while it registers them). */
  async function backendTriggers(): Promise<BackendTrigger[]> {
    const res = await fetch(`http://127.0.0.1:${fnPorts.functions}/backends`);
    const { backends } = (await res.json()) as { backends: { functionTriggers: BackendTrigger[] }[] };
    return backends.flatMap((b) => b.functionTriggers);
  }

  const keyOf = (keys: string[], id: string) => keys.find((k) => k === id || k.startsWith(`${id}-`));

  /**
   * The trigger keys the Functions emulator serves (it lists them when asked for one it lacks),
   * once it serves every function it found: it registers them one by one after discovery, and a
   * list read half-way (a CI run saw only the scheduled and callable ones) leaves triggers out.
   */
  async function triggerKeys(): Promise<string[]> {
    return eventually(
      async () => {
        const res = await fetch(`http://127.0.0.1:${fnPorts.functions}/functions/projects/${projectId}/triggers/none`, {
          method: 'POST',
        });
        const text = await res.text();
        const keys = /valid functions are: (.*)$/.exec(text)?.[1]?.split(', ').filter(Boolean) ?? [];
        const found = await backendTriggers();
        const complete =
          exported.length > 0 && exported.every((name) => found.some((t) => t.id === `us-central1-${name}`));
        return complete && found.every((t) => keyOf(keys, t.id)) ? keys : undefined;
      },
      'the Functions emulator to load its triggers',
      120_000,
    );
  }

  /** Registers every Firestore trigger with the Firestore emulator, as firebase-tools would in one suite. */
  async function registerTriggers(): Promise<number> {
    const keys = await triggerKeys();
    relay.keys = keys;
    let registered = 0;
    for (const trigger of await backendTriggers()) {
      const et = trigger.eventTrigger;
      if (!et?.eventType.startsWith('google.cloud.firestore.document.v1.')) continue;
      const key = keys.find((k) => k.startsWith(`${trigger.id}-`));
      if (!key) throw new Error(`no trigger key for ${trigger.id} among ${keys.join(', ')}`);
      const pattern = et.eventFilterPathPatterns?.document;
      const bundle = {
        eventType: et.eventType,
        database: et.eventFilters?.database ?? '(default)',
        namespace: et.eventFilters?.namespace ?? '(default)',
        document: { value: pattern ?? et.eventFilters?.document, matchType: pattern ? 'PATH_PATTERN' : 'EXACT' },
      };
      const put = await fetch(
        `http://127.0.0.1:${fsPort}/emulator/v1/projects/${projectId}/eventarcTrigger?eventarcTriggerId=${key}`,
        {
          method: 'POST',
          body: JSON.stringify(bundle),
        },
      );
      if (!put.ok) throw new Error(`registering ${key}: ${put.status} ${await put.text()}`);
      registered++;
    }
    return registered;
  }

  /** Waits for `check`, and on a timeout says what the relay and Functions were doing. */
  async function converged<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
    try {
      return await eventually(check, what, 180_000);
    } catch (error) {
      const stats = `relay: ${relay.events.length} events, ${relay.delivered} delivered, ${relay.inFlight} in flight, ${relay.retries} retries`;
      mkdirSync(join(ROOT, 'test-results'), { recursive: true });
      writeFileSync(join(ROOT, 'test-results', 'faults-functions.log'), functions.log.join(''));
      throw new Error(
        `${String(error)}\n${stats}\nFunctions log: test-results/faults-functions.log\n${functions.tail(30)}`,
        { cause: error },
      );
    }
  }

  beforeAll(async () => {
    config = writeConfig(`faults-${BASE}`, fnPorts);
    firestore = new Proc(
      spawn(
        'java',
        [
          '-Duser.language=en',
          '-jar',
          firestoreJar(),
          '--host',
          '127.0.0.1',
          '--port',
          String(fsPort),
          '--websocket_port',
          String(fsWs),
          '--functions_emulator',
          `127.0.0.1:${relayPort}`,
        ],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    );
    relay = new Relay(relayPort, fnPorts.functions);
    await relay.listen();
    await eventually(
      async () => {
        if (!firestore.running) throw new Error(`the Firestore emulator exited:\n${firestore.tail()}`);
        return (await fetch(`http://127.0.0.1:${fsPort}/`)).ok ? true : undefined;
      },
      'the Firestore emulator',
      60_000,
    );
    admin = adminDb(`127.0.0.1:${fsPort}`, projectId);
    await startFunctions();
    expect(await registerTriggers()).toBeGreaterThan(0);
  });

  afterAll(async () => {
    await functions?.stop();
    if (firestore?.running) {
      firestore.child.kill('SIGTERM');
      await firestore.exited;
    }
    await relay?.close();
    rmSync(config, { force: true });
  });

  const roomId = uniqueId('fault');
  const people = ['ana', 'ben', 'cy'].map((n) => ({ uid: `${roomId}-${n}`, name: `${n} ${roomId.slice(-4)}` }));
  const total = 60;
  const sentIds: string[] = [];

  /** What `messageCount` means: the room's messages that are not deleted, system ones included. */
  async function visibleCount(): Promise<number> {
    const agg = await admin.collection(`rooms/${roomId}/messages`).where('deleted', '==', false).count().get();
    return agg.data().count;
  }

  it('converges the room summary after Functions restarts mid-burst', { timeout: 900_000 }, async () => {
    const seed = admin.batch();
    seed.set(
      admin.doc(`rooms/${roomId}`),
      roomDocument({
        kind: 'public',
        name: 'faults',
        createdBy: people[0]!.uid,
        createdAt: FieldValue.serverTimestamp(),
        memberCount: people.length,
      }),
    );
    for (const [i, p] of people.entries()) {
      seed.set(
        admin.doc(`rooms/${roomId}/members/${p.uid}`),
        memberDocument({
          uid: p.uid,
          role: i === 0 ? 'owner' : 'member',
          displayName: p.name,
          joinedAt: FieldValue.serverTimestamp(),
        }),
      );
      seed.set(admin.doc(`users/${p.uid}/rooms/${roomId}`), { joinedAt: FieldValue.serverTimestamp() });
    }
    await seed.commit();

    let restarted: Promise<void> | null = null;
    const stopAt = Math.floor(total / 3);
    for (let i = 0; i < total; i++) {
      const author = people[i % people.length]!;
      const ref = admin.collection(`rooms/${roomId}/messages`).doc();
      await ref.set(message(author.uid, author.name, `burst ${i}`));
      sentIds.push(ref.id);
      // every reader moves their cursor along as they read
      const reader = people[(i + 1) % people.length]!;
      await admin.doc(`users/${reader.uid}/reads/${roomId}`).set({
        lastReadAt: FieldValue.serverTimestamp(),
        lastReadId: ref.id,
        updatedAt: FieldValue.serverTimestamp(),
      });
      // Ctrl-C on Functions in the middle of the burst. The burst waits until it is down, so the
      // next messages' events meet it down (the relay keeps them and tries again, as Eventarc
      // does); it comes back while the burst goes on. Not waiting let a fast burst's events all
      // be delivered before the stop took effect on a busy machine: nothing was ever retried.
      if (i === stopAt) await functions.stop();
      if (i === stopAt + 5) {
        restarted = startFunctions().then(async () => {
          relay.keys = await triggerKeys();
        });
      }
    }
    await restarted;
    expect(relay.retries).toBeGreaterThan(0);

    // The summary counts every message in the room, system ones (the joins above) included, and
    // those are posted by triggers that may still be on their way: compare with what is stored.
    let last: QueryDocumentSnapshot | undefined;
    let stored = 0;
    const summary = await converged(async () => {
      if (relay.inFlight > 0) return undefined;
      stored = await visibleCount();
      last = (await admin.collection(`rooms/${roomId}/messages`).orderBy('createdAt', 'desc').limit(1).get()).docs[0];
      const room = (await admin.doc(`rooms/${roomId}`).get()).data();
      return stored >= total && room?.messageCount === stored && room.lastMessage?.id === last?.id ? room : undefined;
    }, `messageCount to match the stored messages (${total} sent) and lastMessage to be the newest`);
    expect(stored).toBeGreaterThanOrEqual(total);
    last = last!;
    expect(summary.lastMessage).toMatchObject({
      id: last.id,
      authorId: last.get('authorId'),
      excerpt: last.get('text'),
    });
    expect((summary.lastMessageAt as Timestamp).toMillis()).toBe((last.get('createdAt') as Timestamp).toMillis());
  });

  it('converges the read-receipt summary after the same restart', { timeout: 600_000 }, async () => {
    expect(sentIds).toHaveLength(total);
    const cursors = await Promise.all(
      people.map(async (p) => ({ p, cursor: (await admin.doc(`users/${p.uid}/reads/${roomId}`).get()).data()! })),
    );
    await converged(async () => {
      const reads = ((await admin.doc(`rooms/${roomId}/receipts/summary`).get()).get('reads') ?? {}) as Record<
        string,
        { at: Timestamp; messageId: string; name: string }
      >;
      const right = cursors.every(
        ({ p, cursor }) =>
          reads[p.uid]?.messageId === cursor.lastReadId &&
          reads[p.uid]?.at.toMillis() === (cursor.lastReadAt as Timestamp).toMillis() &&
          reads[p.uid]?.name === p.name,
      );
      return right && relay.inFlight === 0 ? true : undefined;
    }, 'the receipt summary to hold every reader’s latest cursor');
  });

  it('gives the same trigger event delivered twice one effect', async () => {
    const before = (await admin.doc(`rooms/${roomId}`).get()).data();
    const stored = await visibleCount();
    expect(stored).toBeGreaterThanOrEqual(total);
    expect(before?.messageCount).toBe(stored);
    // the creation event of a message of this room, exactly as the Firestore emulator sent it
    // the emulator sends the event's protobuf base64-encoded
    const event = relay.events.find(
      (e) =>
        e.path.includes('onMessageWritten') &&
        Buffer.from(e.body.toString(), 'base64').includes(Buffer.from(`/messages/${sentIds[0]!}`)),
    );
    expect(event, 'a recorded onMessageWritten event of its creation').toBeDefined();
    relay.keys = await triggerKeys();
    const again = relay.current(event!);
    const statuses = [await post(fnPorts.functions, again), await post(fnPorts.functions, again)];
    expect(statuses.every((s) => s >= 200 && s < 300)).toBe(true);
    const after = (await admin.doc(`rooms/${roomId}`).get()).data();
    expect(after?.messageCount).toBe(stored);
    expect(after?.lastMessage).toEqual(before?.lastMessage);
  });
});

describe('all emulators restarted with npm start’s persistence', () => {
  const projectId = 'demo-robustness-persist';
  const suite = portsFrom(BASE + 15);
  const dataDir = mkdtempSync(join(tmpdir(), 'firechat-persist-'));
  let config: string;
  let proc: Proc | undefined;

  const args = (importing: boolean) => [
    '--config',
    config,
    '--project',
    projectId,
    '--only',
    'auth,firestore',
    '--export-on-exit',
    dataDir,
    ...(importing ? ['--import', dataDir] : []),
  ];

  async function start(importing: boolean): Promise<Firestore> {
    proc = startEmulators(args(importing));
    await waitForHub(proc, suite.hub, ['auth', 'firestore']);
    // each start is a fresh Admin app: the old connection went away with the emulator
    return adminDb(`127.0.0.1:${suite.firestore}`, `${projectId}`);
  }

  beforeAll(() => {
    config = writeConfig(`persist-${BASE}`, suite);
  });
  afterAll(async () => {
    await proc?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(config, { force: true });
  });

  /** A room with everything under it, and a person's documents outside it. */
  async function dump(db: Firestore, roomId: string, uid: string): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    const room = await db.doc(`rooms/${roomId}`).get();
    out[room.ref.path] = room.data();
    for (const sub of await room.ref.listCollections()) {
      for (const d of (await sub.get()).docs) out[d.ref.path] = d.data();
    }
    for (const path of [`users/${uid}`, `users/${uid}/rooms/${roomId}`, `ledgers/${uid}`, `roomLedgers/${uid}`]) {
      const snap = await db.doc(path).get();
      if (snap.exists) out[path] = snap.data();
    }
    return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
  }

  async function signIn(email: string): Promise<number> {
    const res = await fetch(
      `http://127.0.0.1:${suite.auth}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo-api-key`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'secret-pass-1', returnSecureToken: true }),
      },
    );
    return res.status;
  }

  it('brings back every document and account after Ctrl-C and a restart', { timeout: 900_000 }, async () => {
    const roomId = uniqueId('persist');
    let db = await start(false);
    const emails = [0, 1, 2].map((i) => `${roomId}-${i}@example.com`);
    for (const email of emails) {
      const res = await fetch(
        `http://127.0.0.1:${suite.auth}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=demo-api-key`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: 'secret-pass-1', returnSecureToken: true }),
        },
      );
      expect(res.status).toBe(200);
    }
    // the documents of a person with a history, in the shapes of docs/data-model.md: profile,
    // room, membership (the member document and the room-list entry), 200 messages (one a reply),
    // the send ledger and the room-creation ledger
    const who = `${roomId}-x`;
    const now = FieldValue.serverTimestamp();
    const ring = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(i), now]));
    const batch = db.batch();
    batch.set(db.doc(`users/${who}`), { displayName: 'X', nameLower: 'x', photoURL: null, createdAt: now });
    batch.set(
      db.doc(`rooms/${roomId}`),
      roomDocument({ kind: 'public', name: 'kept', createdBy: who, createdAt: now }),
    );
    batch.set(
      db.doc(`rooms/${roomId}/members/${who}`),
      memberDocument({ uid: who, role: 'owner', displayName: 'X', joinedAt: now }),
    );
    batch.set(db.doc(`users/${who}/rooms/${roomId}`), { joinedAt: now });
    for (let i = 0; i < 200; i++)
      batch.set(db.doc(`rooms/${roomId}/messages/m${String(i).padStart(3, '0')}`), {
        ...message(who, 'X', `kept ${i} ✓ émoji 👍`),
        ...(i === 199 ? { replyTo: { id: 'm000' } } : {}),
      });
    batch.set(db.doc(`ledgers/${who}`), { n: 200, at: ring, roomId, messageId: 'm199' });
    batch.set(db.doc(`roomLedgers/${who}`), { n: 1, at: { '0': now }, roomId });
    await batch.commit();
    const before = await dump(db, roomId, who);
    expect(Object.keys(before)).toHaveLength(1 + 1 + 200 + 4);

    for (let round = 0; round < 2; round++) {
      expect(await proc!.stop()).toBe(0);
      db = await start(true);
      expect(await dump(db, roomId, who)).toEqual(before);
      for (const email of emails) expect(await signIn(email)).toBe(200);
    }
  });
});
