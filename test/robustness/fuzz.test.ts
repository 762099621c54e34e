/**
 * Hostile input against the security rules: fast-check generates batches of writes (messages with
 * their send ledger and slow-mode stamp, ledgers alone, replies, mentions, thread replies,
 * reactions (each member's own reactions/{uid} document), edits and redactions, joins, leaves, kicks, role changes, mutes, room creates with
 * their room ledger, room updates, read cursors, thread read marks, presence, typing in the room or
 * a thread), valid, near-valid and invalid, from eight kinds of people, and each batch goes to the
 * real rules on the emulator (@firebase/rules-unit-testing, its own project id, so no triggers
 * run). Batches holding a number the JS SDK cannot send (a whole double such as 2.0) go through
 * the emulator's REST API instead. The independent model in
 * ./model/validator.ts judges each batch, and the model and the rules must agree on every one:
 * accepted means valid, refused means invalid (a batch whose server time falls too close to a
 * bound is not judged). Most sends are legitimate, so the fuzz also fails when too few sends
 * were accepted: a change of contract that made every send a refusal would otherwise stop it
 * testing sends without a word. CHAT_RULES_FILE runs another rules file (e.g. a branch's).
 */
import { readFileSync } from 'node:fs';
import { EDIT_RATE_COUNT, ROOM_RENAME_COUNT, roomDocument, searchWords, textMessage } from '@chat/shared';
import { initializeTestEnvironment, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import fc from 'fast-check';
import { Timestamp, doc, getDoc, serverTimestamp, setLogLevel, writeBatch, type Firestore } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_TIME, commit, isRefusal, v, type Plain } from '../rules/attacks/rest';
import { Double, SERVER_TIME, Time, judge, type Doc, type State, type Value, type Write } from './model/validator';

const PROJECT_ID = 'demo-robustness-fuzz';
// Worlds run side by side (each one batch at a time, so its model stays exact): 16 × 520 batches
// of one to three writes each is over 10,000 writes.
const WORLDS = 16;
const BATCHES_PER_WORLD = Number(process.env.CHAT_FUZZ_BATCHES ?? 520);
const SEED = Number(process.env.CHAT_FUZZ_SEED ?? Date.now() % 1_000_000);
/**
 * At least this share of the fuzzed sends must be accepted. The generator makes about half of
 * them legitimate (the rest are near misses and hostile people); the share accepted lands well
 * above this floor, which stays clear of the noise of rate limits and of who is still a member.
 */
const MIN_ACCEPTED_SEND_SHARE = 0.2;

/** Kinds of batch that must each be seen accepted and refused (a ledger alone never is accepted). */
const BOTH_WAYS = [
  'react',
  'edit',
  'join',
  'leave',
  'role',
  'mute',
  'roomUpdate',
  'roomCreate',
  'read',
  'presence',
  'typing',
  'threadRead',
];

// o owns the rooms, a is an admin (with an app-wide mute the server wrote and lifted), m a member
// (who blocks o), u a member muted in every room, g a member muted app-wide, b banned, x a stranger
const ACTORS = ['o', 'a', 'm', 'u', 'g', 'b', 'x'] as const;
type ActorKey = (typeof ACTORS)[number] | 'anon';
const HOUR = 3_600_000;

function toFirestore(value: Value): unknown {
  if (value === SERVER_TIME) return serverTimestamp();
  if (value instanceof Time) return Timestamp.fromMillis(value.ms);
  if (value instanceof Double) throw new Error('a whole double cannot go through the JS SDK');
  if (Array.isArray(value)) return value.map(toFirestore);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, toFirestore(x)]));
  return value;
}

function toRest(value: Value): Plain {
  if (value === SERVER_TIME) return REQUEST_TIME;
  if (value instanceof Time) return new Date(value.ms);
  if (value instanceof Double) return v.double(value.value);
  if (Array.isArray(value)) return value.map(toRest);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, toRest(x)]));
  return value;
}

const holdsDouble = (value: Value): boolean =>
  value instanceof Double ||
  (Array.isArray(value)
    ? value.some(holdsDouble)
    : value !== null &&
      typeof value === 'object' &&
      !(value instanceof Time) &&
      Object.values(value).some(holdsDouble));

function fromFirestore(value: unknown): Value {
  if (value instanceof Timestamp) return new Time(value.toMillis());
  if (Array.isArray(value)) return value.map(fromFirestore);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, fromFirestore(x)]));
  return value as Value;
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
    'pay\u202Efdp.exe',
    'tab\there',
    'zero\u200Bwidth',
    // only spaces, though not ASCII ones: no-break and ideographic
    '\u00A0\u00A0',
    '\u3000',
    0,
    -1,
    1.5,
    2,
    new Double(0),
    new Double(1),
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
  extraKey: 'hidden' | 'moderation' | 'extra' | 'messageCount' | 'role' | 'mutedUntil';
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom<Mutation['kind']>('drop', 'set', 'set', 'set', 'extra'),
  keyIndex: fc.nat(),
  valueIndex: fc.nat(),
  extraKey: fc.constantFrom<Mutation['extraKey']>(
    'hidden',
    'moderation',
    'extra',
    'messageCount',
    'role',
    'mutedUntil',
  ),
});
// Most batches are untouched (valid attempts, refused only for who sends them, when, or the near
// miss their plan names); the rest carry one to three mutations.
const mutationsArb = (untouched: number) =>
  fc.oneof(
    { weight: untouched, arbitrary: fc.constant<Mutation[]>([]) },
    { weight: 1, arbitrary: fc.array(mutationArb, { minLength: 1, maxLength: 3 }) },
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

/** How a send departs from the legitimate one ('ok'): each a near miss the rules must refuse. */
const SEND_VARIANTS = [
  'omitLedger',
  'staleN',
  'skipN',
  'doubleN',
  'doubleSlot',
  'wrongSlot',
  'otherRoom',
  'otherId',
  'omitStamp',
  'stampOther',
  'stampAnyway',
  'wrongName',
  'replyOther',
  'replySystem',
  'replyOldShape',
  'replyMissing',
  'mentionBlocker',
  'mentionNotUid',
  'mentionDup',
  'textLong',
  'textEmpty',
  'threadOfReply',
  'threadSystem',
  'threadOther',
  'threadMissing',
  'threadSelf',
  'roomNotInRoom',
  'mutated',
] as const;
type SendVariant = 'ok' | (typeof SEND_VARIANTS)[number];
/**
 * A reaction is the member's own document, rooms/{roomId}/messages/{id}/reactions/{uid}: give
 * one emoji (add) or take one back (dropOwn; the last leaves []), remove the document (remove);
 * or a near miss: two emojis at once (addTwo), one twice (twice), someone else's document
 * (otherDoc), or the message's own reactions as before reactions/{uid} (onMessage).
 */
type ReactAction = 'add' | 'dropOwn' | 'remove' | 'addTwo' | 'twice' | 'otherDoc' | 'onMessage';
const REACTION_KEYS = [
  '👍',
  '❤️',
  '👍🏽',
  '👨‍👩‍👧',
  '🇫🇷',
  '#️⃣',
  '🏴󠁧󠁢󠁳󠁣󠁴󠁿',
  '😂',
  'x',
  'lol',
  ' ',
  '👍👍',
  ' 👍',
  '\u200D',
  '\u219A',
  '\u{1F3FB}',
];
/** A room admin's change of settings, or hostile mutations of the room. */
type Settings =
  | 'rename'
  | 'topic'
  | 'renameRecorded'
  | 'topicRecorded'
  | 'recordOnly'
  | 'recordOther'
  | 'renameUncounted'
  | 'slow'
  | 'fast'
  | 'blank'
  | 'override'
  | 'mutate'
  | 'recount'
  | 'listMembers';
type RoomLedgerMode = 'ok' | 'omit' | 'staleN' | 'doubleN' | 'otherRoom';

type Plan =
  | {
      op: 'send';
      actor: ActorKey;
      room: number;
      variant: SendVariant;
      /** which legitimate reply, mentions and text */
      pick: number;
      msg: Mutation[];
      ledger: Mutation[];
    }
  | { op: 'ledgerOnly'; actor: ActorKey; room: number; ledger: Mutation[] }
  | { op: 'react'; actor: ActorKey; room: number; pick: number; key: number; action: ReactAction; msg: Mutation[] }
  | { op: 'edit'; actor: ActorKey; room: number; pick: number; redact: boolean; msg: Mutation[] }
  | {
      op: 'join';
      actor: ActorKey;
      room: number;
      target: number;
      /** which invite code is presented in joins/{uid} (bad, missing or none among them) */
      via: number;
      member: Mutation[];
      /**
       * the room-list entry (users/{uid}/rooms/{roomId}) that must come with the member document:
       * written, left out, written for someone else, mutated, written alone (no member document),
       * or the old way (the room's memberIds gaining the uid) besides
       */
      listingMode: 'ok' | 'omit' | 'otherUid' | 'mutated' | 'alone' | 'oldWay';
      listing: Mutation[];
      /**
       * the joins document with the code: written for the target, alone (no member document), for
       * someone else, or the old way (the code on the member document as via)
       */
      joinsMode: 'ok' | 'alone' | 'otherUid' | 'onMember';
      joinsDoc: Mutation[];
      /** joins unmuted whatever mute is on record (a near miss when there is one) */
      shedMute: boolean;
    }
  | {
      op: 'leave';
      actor: ActorKey;
      room: number;
      target: number;
      /**
       * omitListing: the member document goes, its room-list entry stays; listingOnly: the entry
       * goes, the member document stays; oldWay: the room's memberIds written besides
       */
      mode: 'ok' | 'omitListing' | 'listingOnly' | 'omitMember' | 'omitSanction' | 'staleKick' | 'oldWay';
    }
  | { op: 'role'; actor: ActorKey; room: number; target: number; role: string }
  | {
      op: 'mute';
      actor: ActorKey;
      room: number;
      target: number;
      until: 'null' | 'past' | 'future' | 'now';
      /** the member document and the sanction together, or only one of them (a near miss while a member) */
      writes: 'both' | 'memberOnly' | 'sanctionOnly';
    }
  | { op: 'roomUpdate'; actor: ActorKey; room: number; settings: Settings; room2: Mutation[] }
  | {
      op: 'roomCreate';
      actor: ActorKey;
      kind: string;
      room2: Mutation[];
      member: Mutation[];
      omitMember: boolean;
      /** the creator's room-list entry: written, left out, or mutated */
      listingMode: 'ok' | 'omit' | 'mutated';
      listing: Mutation[];
      ledgerMode: RoomLedgerMode;
    }
  | {
      op: 'read';
      actor: ActorKey;
      owner: number;
      room: number;
      lastReadAt: 'now' | 'past' | 'future';
      cursor: Mutation[];
    }
  | { op: 'presence'; actor: ActorKey; owner: number; state: string; del: boolean; doc: Mutation[] }
  | {
      op: 'threadRead';
      actor: ActorKey;
      owner: number;
      room: number;
      /** the key the mark is written under: its own, another thread's, or the two ids swapped */
      key: 'ok' | 'otherThread' | 'swapped';
      lastReadAt: 'now' | 'past';
      doc: Mutation[];
    }
  | {
      op: 'typing';
      actor: ActorKey;
      owner: number;
      room: number;
      name: number;
      /** typing in a thread (its first message's id) rather than in the room */
      thread: boolean;
      del: boolean;
      doc: Mutation[];
    };

const actorArb = fc.constantFrom<ActorKey>('o', 'o', 'a', 'a', 'm', 'm', 'm', 'u', 'g', 'b', 'x', 'anon');
// who sends: mostly people who may, so that most sends test the ledger rather than membership
const senderArb = fc.constantFrom<ActorKey>(
  'o',
  'o',
  'o',
  'a',
  'a',
  'a',
  'm',
  'm',
  'm',
  'm',
  'u',
  'g',
  'b',
  'x',
  'anon',
);
// who changes rooms and members: mostly those who may
const staffArb = fc.constantFrom<ActorKey>('o', 'o', 'a', 'a', 'm', 'u', 'x', 'anon');
const roomArb = fc.nat({ max: 3 });
// rooms that exist from the start (public, private, slow: public in slow mode), now and then one that does not
const liveRoomArb = fc.constantFrom(0, 0, 0, 1, 1, 1, 2, 2, 3);
const personArb = fc.nat({ max: ACTORS.length - 1 });
// the caller most of the time, someone else now and then
const ownerArb = fc.constantFrom(0, 0, 0, 0, 1, 2);

const planArb: fc.Arbitrary<Plan> = fc.oneof(
  {
    weight: 9,
    arbitrary: fc.record({
      op: fc.constant('send' as const),
      actor: senderArb,
      room: liveRoomArb,
      variant: fc.oneof(
        { weight: SEND_VARIANTS.length, arbitrary: fc.constant<SendVariant>('ok') },
        { weight: SEND_VARIANTS.length / 2, arbitrary: fc.constantFrom<SendVariant>(...SEND_VARIANTS) },
      ),
      pick: fc.nat(),
      msg: fc.array(mutationArb, { minLength: 0, maxLength: 3 }),
      ledger: fc.array(mutationArb, { minLength: 0, maxLength: 2 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('ledgerOnly' as const),
      actor: actorArb,
      room: roomArb,
      ledger: mutationsArb(3),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('react' as const),
      actor: actorArb,
      room: liveRoomArb,
      pick: fc.nat(),
      key: fc.oneof(
        { weight: 3, arbitrary: fc.nat({ max: 7 }) },
        { weight: 1, arbitrary: fc.nat({ max: REACTION_KEYS.length - 1 }) },
      ),
      action: fc.constantFrom<ReactAction>(
        'add',
        'add',
        'add',
        'add',
        'dropOwn',
        'dropOwn',
        'remove',
        'addTwo',
        'twice',
        'otherDoc',
        'onMessage',
      ),
      msg: mutationsArb(8),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('edit' as const),
      actor: actorArb,
      room: liveRoomArb,
      pick: fc.nat(),
      redact: fc.boolean(),
      msg: mutationsArb(4),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('join' as const),
      actor: actorArb,
      room: fc.constantFrom(0, 0, 1, 1, 2, 2, 3),
      // mostly the caller joining, now and then someone added
      target: fc.constantFrom(0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6),
      via: fc.nat({ max: 5 }),
      member: mutationsArb(3),
      joinsMode: fc.constantFrom(
        'ok' as const,
        'ok' as const,
        'ok' as const,
        'ok' as const,
        'ok' as const,
        'alone' as const,
        'otherUid' as const,
        'onMember' as const,
      ),
      joinsDoc: mutationsArb(6),
      listingMode: fc.constantFrom(
        'ok' as const,
        'ok' as const,
        'ok' as const,
        'ok' as const,
        'ok' as const,
        'omit' as const,
        'otherUid' as const,
        'mutated' as const,
        'alone' as const,
        'oldWay' as const,
      ),
      listing: fc.array(mutationArb, { minLength: 1, maxLength: 2 }),
      shedMute: fc.constantFrom(false, false, false, true),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('leave' as const),
      actor: actorArb,
      room: roomArb,
      target: personArb,
      mode: fc.constantFrom(
        'ok' as const,
        'ok' as const,
        'ok' as const,
        'omitListing' as const,
        'listingOnly' as const,
        'omitMember' as const,
        'omitSanction' as const,
        'staleKick' as const,
        'oldWay' as const,
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('role' as const),
      actor: staffArb,
      room: roomArb,
      target: personArb,
      role: fc.constantFrom('admin', 'member', 'owner', 'root'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('mute' as const),
      actor: staffArb,
      room: roomArb,
      target: personArb,
      until: fc.constantFrom('null' as const, 'null' as const, 'past' as const, 'future' as const, 'now' as const),
      writes: fc.constantFrom(
        'both' as const,
        'both' as const,
        'both' as const,
        'memberOnly' as const,
        'sanctionOnly' as const,
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('roomUpdate' as const),
      actor: staffArb,
      room: roomArb,
      settings: fc.constantFrom<Settings>(
        'rename',
        'topic',
        'renameRecorded',
        'renameRecorded',
        'topicRecorded',
        'recordOnly',
        'recordOther',
        'renameUncounted',
        'slow',
        'fast',
        'blank',
        'override',
        'mutate',
        'mutate',
        'mutate',
        'recount',
        'listMembers',
      ),
      room2: fc.array(mutationArb, { minLength: 1, maxLength: 2 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('roomCreate' as const),
      // mostly o, who then reaches the limit of 10 rooms an hour
      actor: fc.constantFrom<ActorKey>('o', 'o', 'o', 'o', 'a', 'm', 'x', 'anon'),
      kind: fc.constantFrom('public', 'public', 'private', 'direct', 'secret'),
      room2: mutationsArb(3),
      member: mutationsArb(4),
      omitMember: fc.constantFrom(false, false, false, false, false, true),
      listingMode: fc.constantFrom(
        'ok' as const,
        'ok' as const,
        'ok' as const,
        'ok' as const,
        'omit' as const,
        'mutated' as const,
      ),
      listing: fc.array(mutationArb, { minLength: 1, maxLength: 2 }),
      ledgerMode: fc.constantFrom<RoomLedgerMode>('ok', 'ok', 'ok', 'ok', 'omit', 'staleN', 'doubleN', 'otherRoom'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('read' as const),
      actor: actorArb,
      owner: ownerArb,
      room: roomArb,
      lastReadAt: fc.constantFrom('now' as const, 'now' as const, 'past' as const, 'future' as const),
      cursor: mutationsArb(3),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('presence' as const),
      actor: actorArb,
      owner: ownerArb,
      state: fc.constantFrom('online', 'online', 'away', 'offline', 'busy'),
      del: fc.constantFrom(false, false, false, false, false, false, false, false, false, true),
      doc: mutationsArb(5),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('threadRead' as const),
      actor: actorArb,
      owner: ownerArb,
      room: roomArb,
      key: fc.constantFrom('ok' as const, 'ok' as const, 'ok' as const, 'otherThread' as const, 'swapped' as const),
      lastReadAt: fc.constantFrom('now' as const, 'now' as const, 'now' as const, 'past' as const),
      doc: mutationsArb(4),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('typing' as const),
      actor: actorArb,
      owner: ownerArb,
      room: liveRoomArb,
      name: fc.constantFrom(0, 0, 0, 1, 2),
      thread: fc.boolean(),
      del: fc.constantFrom(false, false, false, true),
      doc: mutationsArb(5),
    }),
  },
);

/** One world: its own rooms and people in the shared fuzz project, driven one batch at a time. */
class World {
  state: State = new Map();
  uid: Record<ActorKey, string | null>;
  rooms: string[];
  counter = 0;

  constructor(readonly name: string) {
    this.uid = { anon: null } as Record<ActorKey, string | null>;
    for (const k of ACTORS) this.uid[k] = `${name}-${k}`;
    this.rooms = [`${name}-pub`, `${name}-priv`, `${name}-slow`, `${name}-new0`];
  }

  person(i: number): string {
    return this.uid[ACTORS[i % ACTORS.length] as ActorKey] as string;
  }

  /** The profile name of `uid` (every name shown as someone's must be theirs). */
  nameOf(uid: string): string {
    return `Person ${uid.slice(uid.lastIndexOf('-') + 1)}`;
  }

  seedDocs(now: number): Map<string, Doc> {
    const docs = new Map<string, Doc>();
    const t = (ms: number) => new Time(ms);
    const [pub, priv, slow] = this.rooms as [string, string, string];
    const id = (k: ActorKey) => this.uid[k] as string;
    for (const k of ACTORS) {
      const name = this.nameOf(id(k));
      docs.set(`users/${id(k)}`, {
        displayName: name,
        nameLower: name.toLowerCase(),
        photoURL: null,
        createdAt: t(now - HOUR),
      });
    }
    const roles = [
      ['o', 'owner'],
      ['a', 'admin'],
      ['m', 'member'],
      ['u', 'member'],
      ['g', 'member'],
    ] as const;
    for (const [roomId, kind, slowModeSec, people] of [
      [pub, 'public', 0, roles],
      [priv, 'private', 0, roles],
      [slow, 'public', 3, roles.filter(([k]) => k === 'o' || k === 'm')],
    ] as const) {
      docs.set(
        `rooms/${roomId}`,
        roomDocument<Value>({
          kind,
          name: roomId,
          createdBy: id('o'),
          createdAt: t(now - HOUR),
          // a group room lists no members: it counts them
          memberCount: people.length,
          slowModeSec,
        }),
      );
      for (const [k, role] of people) {
        docs.set(`rooms/${roomId}/members/${id(k)}`, {
          uid: id(k),
          role,
          displayName: this.nameOf(id(k)),
          nameLower: this.nameOf(id(k)).toLowerCase(),
          joinedAt: t(now - HOUR),
          mutedUntil: k === 'u' ? t(now + 24 * HOUR) : null,
        });
        // every membership is listed in its member's room list
        docs.set(`users/${id(k)}/rooms/${roomId}`, { joinedAt: t(now - HOUR) });
        // the mute on record, which the member document mirrors
        if (k === 'u')
          docs.set(`rooms/${roomId}/sanctions/${id(k)}`, { mutedUntil: t(now + 24 * HOUR), kickedAt: null });
      }
      docs.set(`rooms/${roomId}/bans/${id('b')}`, { bannedBy: id('o'), reason: '', createdAt: t(now - HOUR) });
      // something to reply to and react to from the first batch on
      docs.set(`rooms/${roomId}/messages/${roomId}-first`, {
        ...textMessage<Value>({
          authorId: id('m'),
          authorName: this.nameOf(id('m')),
          text: 'first',
          createdAt: t(now - HOUR),
        }),
      });
    }
    docs.set(`rooms/${pub}/messages/${pub}-system`, {
      ...textMessage<Value>({ authorId: 'system', authorName: 'System', text: 'o joined', createdAt: t(now - HOUR) }),
      kind: 'system',
    });
    docs.set(`rooms/${priv}/invites/${this.name}-invite-ok-0000`, {
      createdBy: id('o'),
      createdAt: t(now - HOUR),
      expiresAt: null,
      revoked: false,
    });
    docs.set(`rooms/${priv}/invites/${this.name}-invite-revoked-0`, {
      createdBy: id('o'),
      createdAt: t(now - HOUR),
      expiresAt: null,
      revoked: true,
    });
    docs.set(`rooms/${priv}/invites/${this.name}-invite-expired-0`, {
      createdBy: id('o'),
      createdAt: t(now - 2 * HOUR),
      expiresAt: t(now - HOUR),
      revoked: false,
    });
    // ledgers the server wrote to record a mute: g's holds, a's has ended
    docs.set(`ledgers/${id('g')}`, { mutedUntil: t(now + 24 * HOUR) });
    docs.set(`ledgers/${id('a')}`, { mutedUntil: t(now - HOUR) });
    // m blocks o: o may not mention m
    docs.set(`users/${id('m')}/blocks/${id('o')}`, { createdAt: t(now - HOUR) });
    docs.set(`blockedBy/${id('o')}`, { uids: [id('m')] });
    this.state = new Map(docs);
    return docs;
  }

  /** Ids of the stored messages of a room (kind given: only those), not the reactions under them. */
  messagesOf(roomId: string, kind?: string): string[] {
    const prefix = `rooms/${roomId}/messages/`;
    return [...this.state.entries()]
      .filter(([path]) => path.startsWith(prefix) && !path.slice(prefix.length).includes('/'))
      .filter(([, d]) => kind === undefined || d.kind === kind)
      .map(([path]) => path.slice(prefix.length));
  }

  /** The mute on record for `uid` in a room (null when none): what their member document carries. */
  recordedMute(roomId: string, uid: string): Value {
    return this.state.get(`rooms/${roomId}/sanctions/${uid}`)?.mutedUntil ?? null;
  }

  /** The send ledger a legitimate client would write next, from the stored one. */
  nextRing(old: Doc | undefined, count: number): { n: number; slot: string; at: Doc } {
    const n = typeof old?.n === 'number' ? old.n : 0;
    return { n, slot: String(n % count), at: { ...((old?.at as Doc | undefined) ?? {}) } };
  }

  /** The writes a plan stands for, given the model's current state. */
  build(plan: Plan, now: number): { uid: string | null; writes: Write[] } {
    const uid = this.uid[plan.actor];
    const self = uid ?? (this.uid.x as string);
    let joiner = self;
    const values = hostileValues([this.uid.o as string, this.uid.m as string, this.uid.x as string], now);
    const id = `${this.name}-${++this.counter}`;
    const writes: Write[] = [];
    const roomId = 'room' in plan ? (this.rooms[plan.room] as string) : '';
    const otherRoom = this.rooms[('room' in plan ? plan.room + 1 : 0) % 3] as string;
    const roomDoc = this.state.get(`rooms/${roomId}`);
    const pickFrom = (list: string[], i: number) => list[i % Math.max(list.length, 1)] ?? `${id}-none`;
    switch (plan.op) {
      case 'send':
      case 'ledgerOnly': {
        const variant: SendVariant = plan.op === 'send' ? plan.variant : 'ok';
        const ledgerPath = `ledgers/${self}`;
        const old = this.state.get(ledgerPath);
        const ring = this.nextRing(old, 10);
        let n: Value = ring.n + 1;
        if (variant === 'staleN') n = ring.n;
        if (variant === 'skipN') n = ring.n + 2;
        if (variant === 'doubleN') n = new Double(ring.n + 1);
        let slot = ring.slot;
        if (variant === 'wrongSlot') slot = String((ring.n + 1) % 10);
        if (variant === 'doubleSlot') slot = `${ring.slot}.0`;
        const ledger: Doc = {
          ...(old ?? {}),
          n,
          at: { ...ring.at, [slot]: SERVER_TIME },
          roomId: variant === 'otherRoom' ? otherRoom : roomId,
          messageId: variant === 'otherId' ? `${id}-other` : id,
        };
        if (plan.op === 'ledgerOnly') {
          writes.push({ path: ledgerPath, data: mutate(ledger, plan.ledger, values) });
          break;
        }
        // a legitimate send replies to nothing or to a message of the room, mentions nobody, an
        // admin or the sender, and says something the rules take
        const reply =
          {
            replyOther: 'other',
            replySystem: 'system',
            replyOldShape: 'oldShape',
            replyMissing: 'missing',
          }[variant as string] ?? (['none', 'none', 'same'] as const)[plan.pick % 3];
        const mention =
          {
            mentionBlocker: 'blocker',
            mentionNotUid: 'notUid',
            mentionDup: 'dup',
          }[variant as string] ?? (['none', 'none', 'admin', 'self'] as const)[(plan.pick >> 2) % 4];
        const text =
          variant === 'textLong'
            ? 'x'.repeat(2001)
            : variant === 'textEmpty'
              ? ''
              : (['hello world', 'x', 'x'.repeat(2000), 'émoji 👍 <b>bold</b>'][(plan.pick >> 4) % 4] as string);
        const message: Doc = textMessage<Value>({
          authorId: self,
          authorName: this.nameOf(variant === 'wrongName' ? (this.uid.a as string) : self),
          text,
          createdAt: SERVER_TIME,
        });
        const quoted = {
          none: null,
          same: pickFrom(this.messagesOf(roomId, 'text'), plan.pick),
          other: pickFrom(this.messagesOf(otherRoom, 'text'), plan.pick),
          system: `${this.rooms[0] as string}-system`,
          oldShape: pickFrom(this.messagesOf(roomId, 'text'), plan.pick),
          missing: `${id}-missing`,
        }[reply as string] as string | null;
        if (quoted !== null)
          message.replyTo =
            reply === 'oldShape' ? { id: quoted, authorName: 'Person m', excerpt: 'first' } : { id: quoted };
        const m = this.uid.m as string;
        message.mentions = {
          none: [],
          admin: [this.uid.a as string],
          self: [self],
          blocker: [m],
          notUid: ['not a uid!'],
          dup: [m, m],
        }[mention as string] as string[];
        // a legitimate send is a room message, or a reply in the thread of a room message of the
        // room, kept there or also sent to the room
        const thread =
          {
            threadOfReply: 'ofReply',
            threadSystem: 'system',
            threadOther: 'other',
            threadMissing: 'missing',
            threadSelf: 'self',
            roomNotInRoom: 'roomOut',
          }[variant as string] ?? (['none', 'none', 'reply', 'replyInRoom'] as const)[(plan.pick >> 6) % 4];
        const roomMessages = this.messagesOf(roomId, 'text').filter(
          (x) => (this.state.get(`rooms/${roomId}/messages/${x}`)?.threadId ?? null) === null,
        );
        const threadReplies = this.messagesOf(roomId, 'text').filter(
          (x) => (this.state.get(`rooms/${roomId}/messages/${x}`)?.threadId ?? null) !== null,
        );
        message.threadId = {
          none: null,
          roomOut: null,
          reply: pickFrom(roomMessages, plan.pick >> 8),
          replyInRoom: pickFrom(roomMessages, plan.pick >> 8),
          ofReply: pickFrom(threadReplies, plan.pick >> 8),
          system: `${this.rooms[0] as string}-system`,
          other: pickFrom(this.messagesOf(otherRoom, 'text'), plan.pick >> 8),
          missing: `${id}-missing`,
          self: id,
        }[thread as string] as string | null;
        message.inRoom = thread !== 'reply' && thread !== 'roomOut';
        const mutated = variant === 'mutated';
        writes.push({
          path: `rooms/${roomId}/messages/${id}`,
          data: mutated ? mutate(message, plan.msg, values) : message,
        });
        if (variant !== 'omitLedger')
          writes.push({ path: ledgerPath, data: mutated ? mutate(ledger, plan.ledger, values) : ledger });
        const slow = roomDoc?.slowModeSec;
        const inSlowMode = slow !== undefined && slow !== 0;
        if ((inSlowMode && variant !== 'omitStamp') || variant === 'stampAnyway' || variant === 'stampOther') {
          writes.push({
            path: `rooms/${roomId}/slowMode/${self}`,
            data: { at: SERVER_TIME, messageId: variant === 'stampOther' ? `${id}-other` : id },
          });
        }
        break;
      }
      case 'react':
      case 'edit': {
        const own = this.messagesOf(roomId).filter(
          (x) => this.state.get(`rooms/${roomId}/messages/${x}`)?.authorId === self,
        );
        const pool = plan.op === 'edit' && own.length > 0 && plan.pick % 4 !== 0 ? own : this.messagesOf(roomId);
        const messageId = pickFrom(pool, plan.pick);
        const path = `rooms/${roomId}/messages/${messageId}`;
        const old =
          this.state.get(path) ??
          textMessage<Value>({ authorId: self, authorName: 'Ghost', text: 'ghost', createdAt: new Time(now) });
        if (plan.op === 'react' && plan.action !== 'onMessage') {
          const owner = plan.action === 'otherDoc' ? (this.uid.m === self ? this.uid.o : this.uid.m) : self;
          const reactionPath = `${path}/reactions/${owner as string}`;
          const held = ((this.state.get(reactionPath)?.emojis as Value[] | undefined) ?? []).filter(
            (e): e is string => typeof e === 'string',
          );
          const key =
            plan.action === 'dropOwn'
              ? (held[plan.key % Math.max(held.length, 1)] ?? (REACTION_KEYS[plan.key] as string))
              : (REACTION_KEYS[plan.key] as string);
          const second = REACTION_KEYS[(plan.key + 1) % 8] as string;
          const emojis = {
            add: held.includes(key) ? held : [...held, key],
            otherDoc: held.includes(key) ? held : [...held, key],
            dropOwn: held.filter((e) => e !== key),
            remove: [],
            addTwo: [...held.filter((e) => e !== key && e !== second), key, second],
            twice: [...held, key, key],
          }[plan.action];
          writes.push({
            path: reactionPath,
            data: plan.action === 'remove' ? null : mutate({ emojis }, plan.msg, values),
          });
          break;
        }
        let next: Doc;
        if (plan.op === 'edit') {
          next = plan.redact
            ? { ...old, text: '', words: [], deleted: true, attachment: null }
            : { ...old, text: 'edited text', words: searchWords('edited text'), editedAt: SERVER_TIME };
        } else {
          // as a client reacted before reactions/{uid}: its own uid under an emoji of the message
          const reactions = { ...((old.reactions as Record<string, string[]> | undefined) ?? {}) };
          const key = REACTION_KEYS[plan.key] as string;
          reactions[key] = [...(reactions[key] ?? []).filter((x) => x !== self), self];
          next = { ...old, reactions };
        }
        writes.push({ path, data: mutate(next, plan.msg, values) });
        // an edit is counted in the editor's edit ledger, as the client writes it
        if (plan.op === 'edit' && !plan.redact) {
          const ledgerPath = `editLedgers/${self}`;
          const old = this.state.get(ledgerPath);
          const ring = this.nextRing(old, EDIT_RATE_COUNT);
          writes.push({
            path: ledgerPath,
            data: { n: ring.n + 1, at: { ...ring.at, [ring.slot]: SERVER_TIME }, roomId, messageId },
          });
        }
        break;
      }
      case 'join': {
        // someone who is not in the room joins (a member joining again is a near miss too)
        const outside = ACTORS.filter((k) => k !== 'b')
          .map((k) => this.uid[k] as string)
          .filter((x) => !this.state.has(`rooms/${roomId}/members/${x}`));
        if (plan.target === 0 && uid !== null && plan.via !== 5 && outside.length > 0)
          joiner = outside[this.counter % outside.length] as string;
        const target = plan.target === 0 ? joiner : this.person(plan.target);
        const ok = `${this.name}-invite-ok-0000`;
        const codes = [
          ok,
          ok,
          `${this.name}-invite-revoked-0`,
          `${this.name}-invite-expired-0`,
          'no-such-invite-code',
          null,
        ];
        // a code offered to a public room is not needed there, and harmless
        const code = roomDoc?.kind === 'private' ? (codes[plan.via] ?? null) : plan.via === 4 ? ok : null;
        const member: Doc = {
          uid: target,
          role: 'member',
          displayName: this.nameOf(target),
          nameLower: this.nameOf(target).toLowerCase(),
          joinedAt: SERVER_TIME,
          // a member joins under the mute on record, which outlives leaving
          mutedUntil: plan.shedMute ? null : this.recordedMute(roomId, target),
        };
        if (code !== null && plan.joinsMode === 'onMember') member.via = code;
        // the code is presented in joins/{uid}, which only the joiner and the room's admins read
        if (code !== null && plan.joinsMode !== 'onMember') {
          const joinsFor = plan.joinsMode === 'otherUid' ? (this.uid.m as string) : target;
          writes.push({ path: `rooms/${roomId}/joins/${joinsFor}`, data: mutate({ code }, plan.joinsDoc, values) });
        }
        if (plan.joinsMode === 'alone' && code !== null) break;
        if (plan.listingMode !== 'alone')
          writes.push({ path: `rooms/${roomId}/members/${target}`, data: mutate(member, plan.member, values) });
        // the room enters the member's room list in the same batch
        if (plan.listingMode !== 'omit') {
          const listed = plan.listingMode === 'otherUid' ? (this.uid.m as string) : target;
          const listing: Doc = { joinedAt: SERVER_TIME };
          writes.push({
            path: `users/${listed}/rooms/${roomId}`,
            data: plan.listingMode === 'mutated' ? mutate(listing, plan.listing, values) : listing,
          });
        }
        // the old model: the uid into the room's memberIds (no client writes it any more)
        if (roomDoc && plan.listingMode === 'oldWay')
          writes.push({ path: `rooms/${roomId}`, data: { ...roomDoc, memberIds: [target] } });
        break;
      }
      case 'leave': {
        const target = plan.target === 0 ? self : this.person(plan.target);
        if (plan.mode !== 'omitMember' && plan.mode !== 'listingOnly')
          writes.push({ path: `rooms/${roomId}/members/${target}`, data: null });
        // the room leaves the member's room list in the same batch
        if (plan.mode !== 'omitListing') writes.push({ path: `users/${target}/rooms/${roomId}`, data: null });
        // a kick is stamped on the sanction (an earlier time is a near miss); leaving needs none
        if (target !== self && plan.mode !== 'omitSanction') {
          writes.push({
            path: `rooms/${roomId}/sanctions/${target}`,
            data: {
              mutedUntil: this.recordedMute(roomId, target),
              kickedAt: plan.mode === 'staleKick' ? new Time(now - HOUR) : SERVER_TIME,
            },
          });
        }
        // the old model: the uid out of the room's memberIds (no client writes it any more)
        if (roomDoc && plan.mode === 'oldWay')
          writes.push({ path: `rooms/${roomId}`, data: { ...roomDoc, memberIds: [] } });
        break;
      }
      case 'role':
      case 'mute': {
        const target = this.person(plan.target);
        const old = this.state.get(`rooms/${roomId}/members/${target}`) ?? {
          uid: target,
          role: 'member',
          displayName: 'Ghost',
          nameLower: 'ghost',
          joinedAt: new Time(now - HOUR),
          mutedUntil: null,
        };
        if (plan.op === 'role') {
          writes.push({ path: `rooms/${roomId}/members/${target}`, data: { ...old, role: plan.role } });
          break;
        }
        const mutedUntil = (
          { null: null, past: new Time(now - HOUR), future: new Time(now + HOUR), now: SERVER_TIME } as Record<
            string,
            Value
          >
        )[plan.until] as Value;
        // a mute is recorded on the sanction, which outlives membership, and mirrored on the member
        if (plan.writes !== 'sanctionOnly')
          writes.push({ path: `rooms/${roomId}/members/${target}`, data: { ...old, mutedUntil } });
        if (plan.writes !== 'memberOnly') {
          const kickedAt = this.state.get(`rooms/${roomId}/sanctions/${target}`)?.kickedAt ?? null;
          writes.push({ path: `rooms/${roomId}/sanctions/${target}`, data: { mutedUntil, kickedAt } });
        }
        break;
      }
      case 'roomUpdate': {
        if (!roomDoc) {
          writes.push({ path: `rooms/${roomId}`, data: mutate({ name: 'ghost' }, plan.room2, values) });
          break;
        }
        const rest = roomDoc;
        const changed: Doc = {
          // a new name or topic without its record (renames/{uid}), and with it
          rename: { ...rest, name: `Renamed ${id}` },
          topic: { ...rest, topic: `Topic ${id}` },
          renameRecorded: { ...rest, name: `Renamed ${id}` },
          topicRecorded: { ...rest, topic: `Topic ${id}` },
          // near misses: a record with nothing changed, a record of another name than the one set
          recordOnly: rest,
          recordOther: { ...rest, name: `Renamed ${id}` },
          // a recorded rename that is not counted in the renamer's room name ledger
          renameUncounted: { ...rest, name: `Renamed ${id}` },
          // slow mode on and off: sends then need, or stop needing, a stamp
          slow: { ...rest, slowModeSec: 2 },
          fast: { ...rest, slowModeSec: 0 },
          // plain text: a name of no-break spaces is only spaces; a topic may not turn text around
          blank: { ...rest, name: '\u00A0\u3000' },
          override: { ...rest, topic: 'see \u202Efdp.exe' },
          mutate: mutate(rest, plan.room2, values),
          // the member count is the server's, and no client lists the members
          recount: { ...rest, memberCount: Number(rest.memberCount ?? 0) + 1 },
          listMembers: { ...rest, memberIds: [self] },
        }[plan.settings];
        writes.push({ path: `rooms/${roomId}`, data: changed });
        const record: Partial<Record<Settings, Doc>> = {
          renameRecorded: { name: `Renamed ${id}`, at: SERVER_TIME },
          topicRecorded: { topic: `Topic ${id}`, at: SERVER_TIME },
          recordOnly: { name: rest.name ?? '', at: SERVER_TIME },
          recordOther: { name: `Other ${id}`, at: SERVER_TIME },
          renameUncounted: { name: `Renamed ${id}`, at: SERVER_TIME },
        };
        const recorded = record[plan.settings];
        if (recorded) writes.push({ path: `rooms/${roomId}/renames/${self}`, data: recorded });
        // counted in the renamer's room name ledger, as the client writes it
        if (recorded && plan.settings !== 'renameUncounted') {
          const ledgerPath = `roomNameLedgers/${self}`;
          const ring = this.nextRing(this.state.get(ledgerPath), ROOM_RENAME_COUNT);
          writes.push({
            path: ledgerPath,
            data: { n: ring.n + 1, at: { ...ring.at, [ring.slot]: SERVER_TIME }, roomId },
          });
        }
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
          memberCount: 1,
          slowModeSec: 0,
          lastMessage: null,
          lastMessageAt: null,
          activeHour: null,
          messageCount: 0,
        };
        writes.push({ path: `rooms/${newRoom}`, data: mutate(room, plan.room2, values) });
        if (!plan.omitMember) {
          const member: Doc = {
            uid: self,
            role: 'owner',
            displayName: this.nameOf(self),
            nameLower: this.nameOf(self).toLowerCase(),
            joinedAt: SERVER_TIME,
            mutedUntil: null,
          };
          writes.push({ path: `rooms/${newRoom}/members/${self}`, data: mutate(member, plan.member, values) });
        }
        if (plan.listingMode !== 'omit') {
          const listing: Doc = { joinedAt: SERVER_TIME };
          writes.push({
            path: `users/${self}/rooms/${newRoom}`,
            data: plan.listingMode === 'mutated' ? mutate(listing, plan.listing, values) : listing,
          });
        }
        if (plan.ledgerMode !== 'omit') {
          const ring = this.nextRing(this.state.get(`roomLedgers/${self}`), 10);
          const n = { ok: ring.n + 1, omit: 0, staleN: ring.n, doubleN: new Double(ring.n + 1), otherRoom: ring.n + 1 }[
            plan.ledgerMode
          ];
          writes.push({
            path: `roomLedgers/${self}`,
            data: {
              n,
              at: { ...ring.at, [ring.slot]: SERVER_TIME },
              roomId: plan.ledgerMode === 'otherRoom' ? (this.rooms[0] as string) : newRoom,
            },
          });
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
      case 'presence': {
        const owner = plan.owner === 0 ? self : this.person(plan.owner);
        writes.push({
          path: `presence/${owner}`,
          data: plan.del ? null : mutate({ state: plan.state, lastSeen: SERVER_TIME }, plan.doc, values),
        });
        break;
      }
      case 'threadRead': {
        const owner = plan.owner === 0 ? self : this.person(plan.owner);
        const threadId = `${roomId}-first`;
        const key = { ok: `${roomId}:${threadId}`, otherThread: `${roomId}:${id}`, swapped: `${threadId}:${roomId}` }[
          plan.key
        ];
        const mark: Doc = {
          roomId,
          threadId,
          lastReadAt: plan.lastReadAt === 'now' ? SERVER_TIME : new Time(now - HOUR),
        };
        writes.push({ path: `users/${owner}/threadReads/${key}`, data: mutate(mark, plan.doc, values) });
        break;
      }
      case 'typing': {
        const owner = plan.owner === 0 ? self : this.person(plan.owner);
        const name = [this.nameOf(self), this.nameOf(this.uid.a as string), 'Joiner'][plan.name] as string;
        writes.push({
          path: `rooms/${roomId}/typing/${owner}`,
          data: plan.del
            ? null
            : mutate(
                { at: SERVER_TIME, displayName: name, threadId: plan.thread ? `${roomId}-first` : null },
                plan.doc,
                values,
              ),
        });
        break;
      }
    }
    return { uid: plan.op === 'join' && uid !== null ? joiner : uid, writes };
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
  writes: Write[];
  json: string;
  reason: string;
}

/**
 * Batches the rules accept although docs/data-model.md calls them invalid: rules bugs this fuzz
 * found, reported to the lead with a minimal case (firestore.rules is not this test's to change).
 * Each is matched narrowly (the kind of batch, the model's reason and the very input), printed
 * on every run, and not counted as a failure; any other disagreement fails. Delete an entry once
 * the rules refuse it.
 */
const KNOWN_RULES_GAPS: { what: string; matches: (f: Finding) => boolean }[] = [
  // none open. The last two were closed in the rules: a name or topic of only non-ASCII spaces
  // (plainText now refuses any of Unicode's spaces alone) and a reaction key that is an arrow
  // beside the emoji ones, U+219A (isEmoji checks every character against Extended_Pictographic
  // and the emoji components). A skin tone alone is an emoji in the model now: RGI lists the
  // five and the picker offers them (test/rules/users.test.ts, messages.test.ts, reaction-emoji)
];

/** The name of a plan's kind in the tallies: sends by their variant, the rest by their op. */
const kindOf = (plan: Plan): string => (plan.op === 'send' ? `send:${plan.variant}` : plan.op);

describe('hostile writes against the security rules', () => {
  let env: RulesTestEnvironment;
  const dbs = new Map<string, Firestore>();

  beforeAll(async () => {
    // thousands of refusals are the point here; the SDK would log each one
    setLogLevel('silent');
    const [host, port] = (process.env.FIRESTORE_EMULATOR_HOST ?? '').split(':');
    env = await initializeTestEnvironment({
      projectId: PROJECT_ID,
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

  /** Commits a batch as `uid`: true when the rules accepted it, false when they refused it. */
  async function send(uid: string | null, writes: Write[]): Promise<boolean> {
    if (writes.some((w) => w.data !== null && holdsDouble(w.data))) {
      const result = await commit(
        PROJECT_ID,
        uid,
        writes.map((w) =>
          w.data === null
            ? { op: 'delete' as const, path: w.path }
            : { op: 'set' as const, path: w.path, data: toRest(w.data) as Record<string, Plain> },
        ),
      );
      if (result.status === 200) return true;
      if (isRefusal(result)) return false;
      throw new Error(`REST commit answered ${result.status}: ${JSON.stringify(result.body)}`);
    }
    const db = dbFor(uid);
    const batch = writeBatch(db);
    for (const write of writes) {
      if (write.data === null) batch.delete(doc(db, write.path));
      else batch.set(doc(db, write.path), toFirestore(write.data) as Record<string, unknown>);
    }
    try {
      await batch.commit();
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === 'permission-denied') return false;
      throw error;
    }
  }

  // On an idle two-core machine this takes a few minutes; the timeout allows for a busy one.
  it(
    `agrees with the data model on every batch (${WORLDS} worlds × ${BATCHES_PER_WORLD} batches, seed ${SEED})`,
    { timeout: 1_500_000 },
    async () => {
      const started = Date.now();
      const violations: Finding[] = [];
      const refusedValid: Finding[] = [];
      const tally = { batches: 0, writes: 0, accepted: 0, refused: 0, unsure: 0, errors: 0 };
      const perKind: Record<string, { accepted: number; refused: number }> = {};
      const errors: string[] = [];

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
          // each world its own stream: with SEED + w, seeds 3 and 4 shared 15 of their 16 worlds
          const plans = fc.sample(planArb, { numRuns: BATCHES_PER_WORLD, seed: SEED * WORLDS + w });
          for (const plan of plans) {
            const { uid, writes } = world.build(plan, Date.now());
            if (writes.length === 0) continue;
            const from = Date.now();
            let accepted: boolean;
            try {
              accepted = await send(uid, writes);
            } catch (error) {
              tally.errors++;
              errors.push(`${kindOf(plan)}: ${String(error).slice(0, 300)}`);
              if (tally.errors > 20) throw error;
              continue;
            }
            const to = Date.now();
            // the server's time lies between the two readings of this machine's clock
            const verdict = judge(world.state, uid, writes, (from + to) / 2, (to - from) / 2);
            tally.batches++;
            tally.writes += writes.length;
            const kind = (perKind[kindOf(plan)] ??= { accepted: 0, refused: 0 });
            if (accepted) kind.accepted++;
            else kind.refused++;
            const finding = () => ({
              world: world.name,
              plan,
              writes,
              json: JSON.stringify(writes, (_k, x: unknown) =>
                x === SERVER_TIME
                  ? '<request.time>'
                  : x instanceof Time
                    ? `<time ${x.ms - from} ms from now>`
                    : x instanceof Double
                      ? `<double ${x.value}>`
                      : x,
              ).slice(0, 700),
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

      const sends = Object.entries(perKind)
        .filter(([k]) => k.startsWith('send:'))
        .reduce((sum, [, v]) => ({ accepted: sum.accepted + v.accepted, refused: sum.refused + v.refused }), {
          accepted: 0,
          refused: 0,
        });
      console.log(
        `[fuzz] seed ${SEED}, ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(tally)}; sends accepted ${sends.accepted} of ${sends.accepted + sends.refused}; accepted but invalid: ${violations.length}; valid but refused: ${refusedValid.length}`,
      );
      console.log(
        `[fuzz] accepted / refused by kind: ${Object.entries(perKind)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, x]) => `${k} ${x.accepted}/${x.refused}`)
          .join(', ')}`,
      );
      const byReason = (list: Finding[]) => {
        const groups = new Map<string, Finding[]>();
        for (const f of list) {
          const key = `${kindOf(f.plan)}: ${f.reason}`;
          groups.set(key, [...(groups.get(key) ?? []), f]);
        }
        return [...groups.entries()].map(([reason, fs]) => `${fs.length} × ${reason}\n    e.g. ${fs[0]?.json}`);
      };
      for (const line of byReason(refusedValid)) console.log(`[fuzz] VALID BUT REFUSED: ${line}`);
      const known = violations.filter((f) => KNOWN_RULES_GAPS.some((gap) => gap.matches(f)));
      const unknown = violations.filter((f) => !known.includes(f));
      for (const gap of KNOWN_RULES_GAPS)
        console.log(
          `[fuzz] known rules gap, ${violations.filter((f) => gap.matches(f)).length} × accepted: ${gap.what}`,
        );
      for (const line of byReason(unknown)) console.log(`[fuzz] ACCEPTED BUT INVALID: ${line}`);
      for (const line of errors) console.log(`[fuzz] ERROR: ${line}`);
      if (!process.env.CHAT_FUZZ_BATCHES) expect(tally.writes).toBeGreaterThanOrEqual(10_000);
      expect(errors).toEqual([]);
      // the fuzz still tests sends: a contract change that refuses them all fails here
      expect(
        sends.accepted,
        `sends accepted: ${sends.accepted} of ${sends.accepted + sends.refused}`,
      ).toBeGreaterThanOrEqual(Math.ceil(MIN_ACCEPTED_SEND_SHARE * (sends.accepted + sends.refused)));
      // and every other kind of write is seen both accepted and refused
      for (const [kind, x] of Object.entries(perKind))
        if (BOTH_WAYS.includes(kind) && x.accepted + x.refused >= 100) {
          expect(x.accepted, `${kind} accepted`).toBeGreaterThan(0);
          expect(x.refused, `${kind} refused`).toBeGreaterThan(0);
        }
      expect(byReason(unknown)).toEqual([]);
      expect(byReason(refusedValid)).toEqual([]);
    },
  );
});
