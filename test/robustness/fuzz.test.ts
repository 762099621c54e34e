/**
 * Hostile input against the security rules: fast-check generates batches of writes (messages with
 * their ledger, ledgers alone, joins, leaves, kicks, role changes, mutes, room creates and
 * updates, read cursors), valid, near-valid and invalid, from six kinds of people, and each batch
 * goes to the real rules on the emulator (@firebase/rules-unit-testing, its own project id, so no
 * triggers run). The independent model in ./model/validator.ts judges each batch: every batch the
 * rules accept must be valid by the model. Batches the model finds valid and the rules refuse are
 * listed as disagreements. CHAT_RULES_FILE runs another rules file (e.g. a branch's) instead.
 */
import { readFileSync } from 'node:fs';
import { textMessage } from '@chat/shared';
import { initializeTestEnvironment, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import fc from 'fast-check';
import { Timestamp, doc, getDoc, serverTimestamp, setLogLevel, writeBatch, type Firestore } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_TIME, Time, judge, type Doc, type State, type Value, type Write } from './model/validator';

// Worlds run side by side (each one batch at a time, so its model stays exact): 16 × 520 batches
// of one to three writes each is over 10,000 writes.
const WORLDS = 16;
const BATCHES_PER_WORLD = Number(process.env.CHAT_FUZZ_BATCHES ?? 520);
const SEED = Number(process.env.CHAT_FUZZ_SEED ?? Date.now() % 1_000_000);

const ACTORS = ['o', 'a', 'm', 'u', 'b', 'x'] as const;
type ActorKey = (typeof ACTORS)[number] | 'anon';
const HOUR = 3_600_000;

function toFirestore(v: Value): unknown {
  if (v === SERVER_TIME) return serverTimestamp();
  if (v instanceof Time) return Timestamp.fromMillis(v.ms);
  if (Array.isArray(v)) return v.map(toFirestore);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toFirestore(x)]));
  return v;
}

function fromFirestore(v: unknown): Value {
  if (v instanceof Timestamp) return new Time(v.toMillis());
  if (Array.isArray(v)) return v.map(fromFirestore);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromFirestore(x)]));
  return v as Value;
}

/** Values a hostile client would try in any field. */
function hostileValues(uids: string[], now: number): Value[] {
  return [
    null,
    '',
    ' ',
    'x'.repeat(41),
    'x'.repeat(61),
    'x'.repeat(201),
    'x'.repeat(2001),
    0,
    -1,
    1.5,
    3601,
    true,
    false,
    [],
    {},
    new Time(now - HOUR),
    new Time(now + HOUR),
    SERVER_TIME,
    'owner',
    'admin',
    'member',
    'system',
    'public',
    'private',
    'direct',
    Array.from({ length: 21 }, (_, i) => `u${i}`),
    Array.from({ length: 61 }, (_, i) => `w${i}`),
    ['UPPER'],
    ['two words'],
    ['dup', 'dup'],
    { '👍': [uids[0] as string] },
    ...uids,
  ];
}

interface Mutation {
  kind: 'drop' | 'set' | 'extra';
  keyIndex: number;
  valueIndex: number;
  extraKey: 'hidden' | 'moderation' | 'extra' | 'messageCount' | 'role';
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom<Mutation['kind']>('drop', 'set', 'set', 'set', 'extra'),
  keyIndex: fc.nat(),
  valueIndex: fc.nat(),
  extraKey: fc.constantFrom<Mutation['extraKey']>('hidden', 'moderation', 'extra', 'messageCount', 'role'),
});
// Most batches are untouched (valid attempts, refused only for who sends them or when); the rest
// carry one to three mutations.
const mutationsArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Mutation[]>([]) },
  { weight: 2, arbitrary: fc.array(mutationArb, { minLength: 1, maxLength: 3 }) },
);

function mutate(d: Doc, mutations: Mutation[], values: Value[]): Doc {
  const out: Doc = { ...d };
  for (const m of mutations) {
    const keys = Object.keys(out);
    const key = keys[m.keyIndex % Math.max(keys.length, 1)];
    if (m.kind === 'drop' && key !== undefined) delete out[key];
    else if (m.kind === 'set' && key !== undefined) out[key] = values[m.valueIndex % values.length] as Value;
    else if (m.kind === 'extra') out[m.extraKey] = values[m.valueIndex % values.length] as Value;
  }
  return out;
}

type Plan =
  | {
      op: 'send';
      actor: ActorKey;
      room: number;
      msg: Mutation[];
      ledger: Mutation[];
      ledgerMode: 'ok' | 'omit' | 'wrongN' | 'wrongSlot' | 'otherId';
      text: number;
    }
  | { op: 'ledgerOnly'; actor: ActorKey; room: number; ledger: Mutation[] }
  | {
      op: 'join';
      actor: ActorKey;
      room: number;
      target: number;
      via: number;
      member: Mutation[];
      roomMode: 'ok' | 'omit' | 'extraUid' | 'removeOther';
    }
  | { op: 'leave'; actor: ActorKey; room: number; target: number; mode: 'ok' | 'omitRoom' | 'omitMember' }
  | { op: 'role'; actor: ActorKey; room: number; target: number; role: string }
  | { op: 'mute'; actor: ActorKey; room: number; target: number; until: 'null' | 'past' | 'future' | 'now' }
  | { op: 'roomUpdate'; actor: ActorKey; room: number; room2: Mutation[] }
  | { op: 'roomCreate'; actor: ActorKey; kind: string; room2: Mutation[]; member: Mutation[]; omitMember: boolean }
  | {
      op: 'read';
      actor: ActorKey;
      owner: number;
      room: number;
      lastReadAt: 'now' | 'past' | 'future';
      cursor: Mutation[];
    };

const actorArb = fc.constantFrom<ActorKey>('o', 'o', 'a', 'a', 'm', 'm', 'm', 'u', 'b', 'x', 'anon');
const roomArb = fc.nat({ max: 3 });
const personArb = fc.nat({ max: ACTORS.length - 1 });

const planArb: fc.Arbitrary<Plan> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('send' as const),
      actor: actorArb,
      room: roomArb,
      msg: mutationsArb,
      ledger: mutationsArb,
      ledgerMode: fc.constantFrom(
        'ok' as const,
        'ok' as const,
        'ok' as const,
        'omit' as const,
        'wrongN' as const,
        'wrongSlot' as const,
        'otherId' as const,
      ),
      text: fc.nat({ max: 5 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('ledgerOnly' as const),
      actor: actorArb,
      room: roomArb,
      ledger: mutationsArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('join' as const),
      actor: actorArb,
      room: roomArb,
      target: personArb,
      via: fc.nat({ max: 4 }),
      member: mutationsArb,
      roomMode: fc.constantFrom(
        'ok' as const,
        'ok' as const,
        'omit' as const,
        'extraUid' as const,
        'removeOther' as const,
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('leave' as const),
      actor: actorArb,
      room: roomArb,
      target: personArb,
      mode: fc.constantFrom('ok' as const, 'ok' as const, 'omitRoom' as const, 'omitMember' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('role' as const),
      actor: actorArb,
      room: roomArb,
      target: personArb,
      role: fc.constantFrom('admin', 'member', 'owner', 'root'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('mute' as const),
      actor: actorArb,
      room: roomArb,
      target: personArb,
      until: fc.constantFrom('null' as const, 'past' as const, 'future' as const, 'now' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('roomUpdate' as const),
      actor: actorArb,
      room: roomArb,
      room2: fc.array(mutationArb, { minLength: 1, maxLength: 2 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('roomCreate' as const),
      actor: actorArb,
      kind: fc.constantFrom('public', 'private', 'direct', 'secret'),
      room2: mutationsArb,
      member: mutationsArb,
      omitMember: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('read' as const),
      actor: actorArb,
      owner: personArb,
      room: roomArb,
      lastReadAt: fc.constantFrom('now' as const, 'now' as const, 'past' as const, 'future' as const),
      cursor: mutationsArb,
    }),
  },
);

const TEXTS = ['hello world', 'x', 'x'.repeat(2000), 'x'.repeat(2001), '', 'émoji 👍 <b>bold</b>'];

/** One world: its own rooms and people in the shared fuzz project, driven one batch at a time. */
class World {
  state: State = new Map();
  uid: Record<ActorKey, string | null>;
  rooms: string[];
  counter = 0;

  constructor(readonly name: string) {
    this.uid = {
      o: `${name}-o`,
      a: `${name}-a`,
      m: `${name}-m`,
      u: `${name}-u`,
      b: `${name}-b`,
      x: `${name}-x`,
      anon: null,
    };
    this.rooms = [`${name}-pub`, `${name}-priv`, `${name}-pub2`, `${name}-new0`];
  }

  person(i: number): string {
    return this.uid[ACTORS[i % ACTORS.length] as ActorKey] as string;
  }

  seedDocs(now: number): Map<string, Doc> {
    const docs = new Map<string, Doc>();
    const t = (ms: number) => new Time(ms);
    const [pub, priv, pub2] = this.rooms as [string, string, string];
    const people = (['o', 'a', 'm', 'u'] as const).map((k) => this.uid[k] as string);
    for (const [roomId, kind] of [
      [pub, 'public'],
      [priv, 'private'],
      [pub2, 'public'],
    ] as const) {
      docs.set(`rooms/${roomId}`, {
        kind,
        name: roomId,
        topic: '',
        createdBy: this.uid.o as string,
        createdAt: t(now - HOUR),
        memberIds: roomId === pub2 ? [this.uid.o as string] : people,
        slowModeSec: roomId === pub2 ? 30 : 0,
        lastMessage: null,
        lastMessageAt: null,
        messageCount: 0,
      });
      for (const [k, role] of [
        ['o', 'owner'],
        ['a', 'admin'],
        ['m', 'member'],
        ['u', 'member'],
      ] as const) {
        if (roomId === pub2 && k !== 'o') continue;
        const uid = this.uid[k] as string;
        docs.set(`rooms/${roomId}/members/${uid}`, {
          uid,
          role,
          displayName: `Person ${k}`,
          joinedAt: t(now - HOUR),
          mutedUntil: k === 'u' ? t(now + 24 * HOUR) : null,
          via: null,
        });
        // the mute on record, which the member document mirrors
        if (k === 'u') docs.set(`rooms/${roomId}/sanctions/${uid}`, { mutedUntil: t(now + 24 * HOUR), kickedAt: null });
      }
      docs.set(`rooms/${roomId}/bans/${this.uid.b as string}`, {
        bannedBy: this.uid.o as string,
        reason: '',
        createdAt: t(now - HOUR),
      });
    }
    docs.set(`rooms/${priv}/invites/${this.name}-invite-ok-0000`, {
      createdBy: this.uid.o as string,
      createdAt: t(now - HOUR),
      expiresAt: null,
      revoked: false,
    });
    docs.set(`rooms/${priv}/invites/${this.name}-invite-revoked-0`, {
      createdBy: this.uid.o as string,
      createdAt: t(now - HOUR),
      expiresAt: null,
      revoked: true,
    });
    docs.set(`rooms/${priv}/invites/${this.name}-invite-expired-0`, {
      createdBy: this.uid.o as string,
      createdAt: t(now - 2 * HOUR),
      expiresAt: t(now - HOUR),
      revoked: false,
    });
    this.state = new Map(docs);
    return docs;
  }

  /** The writes a plan stands for, given the model's current state. */
  build(plan: Plan, now: number): { uid: string | null; writes: Write[] } {
    const uid = this.uid[plan.actor];
    const self = uid ?? this.uid.x!;
    const values = hostileValues([this.uid.o!, this.uid.m!, this.uid.x!], now);
    const id = `${this.name}-${++this.counter}`;
    const writes: Write[] = [];
    const roomId = 'room' in plan ? (this.rooms[plan.room] as string) : '';
    const roomDoc = this.state.get(`rooms/${roomId}`);
    switch (plan.op) {
      case 'send':
      case 'ledgerOnly': {
        const ledgerPath = `rooms/${roomId}/limits/${self}`;
        const old = this.state.get(ledgerPath);
        const messageId = plan.op === 'send' && plan.ledgerMode === 'otherId' ? `${id}-other` : id;
        let n = old ? (old.n as number) : 0;
        if (plan.op === 'send' && plan.ledgerMode === 'wrongN') n += 1;
        const slot = plan.op === 'send' && plan.ledgerMode === 'wrongSlot' ? String((n + 1) % 10) : String(n % 10);
        const ledger: Doc = {
          n: n + 1,
          at: { ...((old?.at as Doc | undefined) ?? {}), [slot]: SERVER_TIME },
          lastMessageId: messageId,
        };
        if (plan.op === 'send') {
          const text = TEXTS[plan.text] as string;
          const message: Doc = textMessage<typeof SERVER_TIME>({
            authorId: self,
            authorName: 'Person',
            text,
            createdAt: SERVER_TIME,
          });
          writes.push({ path: `rooms/${roomId}/messages/${id}`, data: mutate(message, plan.msg, values) });
          if (plan.ledgerMode !== 'omit') writes.push({ path: ledgerPath, data: mutate(ledger, plan.ledger, values) });
        } else {
          writes.push({ path: ledgerPath, data: mutate(ledger, plan.ledger, values) });
        }
        break;
      }
      case 'join': {
        const target = plan.target === 0 ? self : this.person(plan.target);
        const via =
          [
            null,
            `${this.name}-invite-ok-0000`,
            `${this.name}-invite-revoked-0`,
            `${this.name}-invite-expired-0`,
            'no-such-invite-code',
          ][plan.via] ?? null;
        const member: Doc = {
          uid: target,
          role: 'member',
          displayName: 'Joiner',
          joinedAt: SERVER_TIME,
          mutedUntil: null,
          via,
        };
        writes.push({ path: `rooms/${roomId}/members/${target}`, data: mutate(member, plan.member, values) });
        if (roomDoc && plan.roomMode !== 'omit') {
          const ids = (roomDoc.memberIds as string[]).filter((x) => x !== target);
          let next = [...ids, target];
          if (plan.roomMode === 'extraUid') next = [...next, this.uid.x!];
          if (plan.roomMode === 'removeOther') next = next.filter((x) => x !== this.uid.m);
          writes.push({ path: `rooms/${roomId}`, data: { ...roomDoc, memberIds: next } });
        }
        break;
      }
      case 'leave': {
        const target = plan.target === 0 ? self : this.person(plan.target);
        if (plan.mode !== 'omitMember') writes.push({ path: `rooms/${roomId}/members/${target}`, data: null });
        if (roomDoc && plan.mode !== 'omitRoom') {
          writes.push({
            path: `rooms/${roomId}`,
            data: { ...roomDoc, memberIds: (roomDoc.memberIds as string[]).filter((x) => x !== target) },
          });
        }
        break;
      }
      case 'role':
      case 'mute': {
        const target = this.person(plan.target);
        const old = this.state.get(`rooms/${roomId}/members/${target}`) ?? {
          uid: target,
          role: 'member',
          displayName: 'Ghost',
          joinedAt: new Time(now - HOUR),
          mutedUntil: null,
          via: null,
        };
        const next: Doc =
          plan.op === 'role'
            ? { ...old, role: plan.role }
            : {
                ...old,
                mutedUntil: (
                  { null: null, past: new Time(now - HOUR), future: new Time(now + HOUR), now: SERVER_TIME } as Record<
                    string,
                    Value
                  >
                )[plan.until] as Value,
              };
        writes.push({ path: `rooms/${roomId}/members/${target}`, data: next });
        break;
      }
      case 'roomUpdate': {
        if (!roomDoc) {
          writes.push({ path: `rooms/${roomId}`, data: mutate({ name: 'ghost' }, plan.room2, values) });
          break;
        }
        const { memberIds: _m, ...rest } = roomDoc;
        // memberIds stays as it is: its changes are joins and leaves, above
        writes.push({
          path: `rooms/${roomId}`,
          data: { ...mutate(rest, plan.room2, values), memberIds: roomDoc.memberIds as Value },
        });
        break;
      }
      case 'roomCreate': {
        const newRoom = `${id}-room`;
        const room: Doc = {
          kind: plan.kind,
          name: 'New room',
          topic: '',
          createdBy: self,
          createdAt: SERVER_TIME,
          memberIds: [self],
          slowModeSec: 0,
          lastMessage: null,
          lastMessageAt: null,
          messageCount: 0,
        };
        writes.push({ path: `rooms/${newRoom}`, data: mutate(room, plan.room2, values) });
        if (!plan.omitMember) {
          const member: Doc = {
            uid: self,
            role: 'owner',
            displayName: 'Creator',
            joinedAt: SERVER_TIME,
            mutedUntil: null,
            via: null,
          };
          writes.push({ path: `rooms/${newRoom}/members/${self}`, data: mutate(member, plan.member, values) });
        }
        break;
      }
      case 'read': {
        const owner = plan.owner === 0 ? self : this.person(plan.owner);
        const lastReadAt = (
          { now: SERVER_TIME, past: new Time(now - HOUR), future: new Time(now + HOUR) } as Record<string, Value>
        )[plan.lastReadAt] as Value;
        const cursor: Doc = { lastReadAt, lastReadId: `${id}-read`, updatedAt: SERVER_TIME };
        writes.push({ path: `users/${owner}/reads/${roomId}`, data: mutate(cursor, plan.cursor, values) });
        break;
      }
    }
    return { uid, writes };
  }

  /** Takes what the server stored (its own times, not ours) into the model after an accepted batch. */
  async apply(env: RulesTestEnvironment, writes: Write[]): Promise<void> {
    await env.withSecurityRulesDisabled(async (context) => {
      const db = context.firestore() as unknown as Firestore;
      for (const w of writes) {
        if (w.data === null) {
          this.state.delete(w.path);
          continue;
        }
        const snap = await getDoc(doc(db, w.path));
        this.state.set(w.path, fromFirestore(snap.data() ?? {}) as Doc);
      }
    });
  }
}

interface Finding {
  world: string;
  plan: Plan;
  writes: string;
  reason: string;
}

describe('hostile writes against the security rules', () => {
  let env: RulesTestEnvironment;
  const dbs = new Map<string, Firestore>();

  beforeAll(async () => {
    // thousands of refusals are the point here; the SDK would log each one
    setLogLevel('silent');
    const [host, port] = (process.env.FIRESTORE_EMULATOR_HOST ?? '').split(':');
    env = await initializeTestEnvironment({
      projectId: 'demo-robustness-fuzz',
      firestore: {
        host,
        port: Number(port),
        rules: readFileSync(process.env.CHAT_RULES_FILE ?? 'firestore.rules', 'utf8'),
      },
    });
    await env.clearFirestore();
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  function dbFor(uid: string | null): Firestore {
    const key = uid ?? '<signed out>';
    let db = dbs.get(key);
    if (!db) {
      const context = uid === null ? env.unauthenticatedContext() : env.authenticatedContext(uid);
      db = context.firestore() as unknown as Firestore;
      dbs.set(key, db);
    }
    return db;
  }

  // On an idle two-core machine this takes a few minutes; the timeout allows for a busy one.
  it(
    `accepts no batch the data model calls invalid (${WORLDS} worlds × ${BATCHES_PER_WORLD} batches, seed ${SEED})`,
    { timeout: 1_500_000 },
    async () => {
      const started = Date.now();
      const violations: Finding[] = [];
      const refusedValid: Finding[] = [];
      const tally = { batches: 0, writes: 0, accepted: 0, refused: 0, unsure: 0, errors: 0 };
      const perOp: Record<string, { accepted: number; batches: number }> = {};

      await Promise.all(
        Array.from({ length: WORLDS }, async (_, w) => {
          const world = new World(`w${w}s${SEED}`);
          const seeded = world.seedDocs(Date.now());
          await env.withSecurityRulesDisabled(async (context) => {
            const db = context.firestore() as unknown as Firestore;
            const batch = writeBatch(db);
            for (const [path, data] of seeded) batch.set(doc(db, path), toFirestore(data) as Record<string, unknown>);
            await batch.commit();
          });
          const plans = fc.sample(planArb, { numRuns: BATCHES_PER_WORLD, seed: SEED + w });
          for (const plan of plans) {
            const now = Date.now();
            const { uid, writes } = world.build(plan, now);
            if (writes.length === 0) continue;
            const verdict = judge(world.state, uid, writes, now);
            const db = dbFor(uid);
            const batch = writeBatch(db);
            for (const write of writes) {
              if (write.data === null) batch.delete(doc(db, write.path));
              else batch.set(doc(db, write.path), toFirestore(write.data) as Record<string, unknown>);
            }
            let accepted: boolean;
            try {
              await batch.commit();
              accepted = true;
            } catch (error) {
              const code = (error as { code?: string }).code;
              if (code !== 'permission-denied') {
                tally.errors++;
                if (tally.errors > 20) throw error;
              }
              accepted = false;
            }
            tally.batches++;
            tally.writes += writes.length;
            const op = (perOp[plan.op] ??= { accepted: 0, batches: 0 });
            op.batches++;
            if (accepted) op.accepted++;
            const finding = () => ({
              world: world.name,
              plan,
              writes: JSON.stringify(writes, (_k, v: unknown) =>
                v === SERVER_TIME ? '<request.time>' : v instanceof Time ? `<time ${v.ms - now} ms from now>` : v,
              ).slice(0, 600),
              reason: verdict.valid === true ? 'valid by the model' : verdict.reason,
            });
            if (accepted) {
              tally.accepted++;
              await world.apply(env, writes);
              if (verdict.valid === false) violations.push(finding());
            } else {
              tally.refused++;
              if (verdict.valid === true) refusedValid.push(finding());
            }
            if (verdict.valid === 'unsure') tally.unsure++;
            if (tally.batches % 1000 === 0)
              console.log(
                `[fuzz] ${tally.batches} batches, ${tally.writes} writes in ${Math.round((Date.now() - started) / 1000)} s`,
              );
          }
        }),
      );

      console.log(
        `[fuzz] seed ${SEED}, ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(tally)}; accepted but invalid: ${violations.length}; valid but refused: ${refusedValid.length}`,
      );
      console.log(
        `[fuzz] accepted / batches by kind: ${Object.entries(perOp)
          .map(([k, v]) => `${k} ${v.accepted}/${v.batches}`)
          .join(', ')}`,
      );
      const byReason = (list: Finding[]) => {
        const groups = new Map<string, Finding[]>();
        for (const f of list)
          groups.set(`${f.plan.op}: ${f.reason}`, [...(groups.get(`${f.plan.op}: ${f.reason}`) ?? []), f]);
        return [...groups.entries()].map(([reason, fs]) => `${fs.length} × ${reason}\n    e.g. ${fs[0]?.writes}`);
      };
      for (const line of byReason(refusedValid))
        console.log(`[fuzz] valid by the model, refused by the rules: ${line}`);
      for (const line of byReason(violations)) console.log(`[fuzz] ACCEPTED BUT INVALID: ${line}`);
      if (!process.env.CHAT_FUZZ_BATCHES) expect(tally.writes).toBeGreaterThanOrEqual(10_000);
      expect(tally.accepted).toBeGreaterThan(0);
      expect(tally.errors).toBe(0);
      expect(byReason(violations)).toEqual([]);
    },
  );
});
