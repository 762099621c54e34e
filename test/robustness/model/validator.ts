/**
 * An independent model of which client writes the data model allows, written from
 * docs/data-model.md and shared/src/model.ts (not from firestore.rules), so the fuzz test can
 * compare the two. It judges a whole batch: the state before it, the writes, the caller and the
 * server's time. Where the documents are silent it assumes the nearest stated bound (for
 * example an authorName is a display name, 1..40) and says so in the verdict's reason.
 */
import {
  MAX_DISPLAY_NAME,
  MAX_MENTIONS,
  MAX_MESSAGE_LENGTH,
  MAX_ROOM_NAME,
  MAX_TOPIC,
  RATE_LIMIT_COUNT,
  RATE_LIMIT_WINDOW_MS,
} from '@chat/shared';

/** A stored time, in milliseconds. */
export class Time {
  constructor(readonly ms: number) {}
}
/** The server's time of the write (serverTimestamp()). */
export const SERVER_TIME = Symbol('serverTime');

export type Value = null | boolean | number | string | Time | typeof SERVER_TIME | Value[] | { [key: string]: Value };
export type Doc = { [key: string]: Value };

export interface Write {
  path: string;
  /** the whole document after the write, or null for a delete */
  data: Doc | null;
}

export type State = Map<string, Doc>;

export type Verdict = { valid: true } | { valid: false; reason: string } | { valid: 'unsure'; reason: string };

/** Times within this distance of a bound are not judged: the server's clock is not ours. */
const CLOCK_SLACK_MS = 2_000;
const MAX_WORDS = 60;
const MAX_WORD_LENGTH = 40;

const ROOM_KEYS = [
  'kind',
  'name',
  'topic',
  'createdBy',
  'createdAt',
  'memberIds',
  'slowModeSec',
  'lastMessage',
  'lastMessageAt',
  'messageCount',
];
const MEMBER_KEYS = ['uid', 'role', 'displayName', 'joinedAt', 'mutedUntil', 'via'];
const MESSAGE_KEYS = [
  'authorId',
  'authorName',
  'text',
  'createdAt',
  'kind',
  'replyTo',
  'mentions',
  'attachment',
  'editedAt',
  'deleted',
  'reactions',
  'words',
];
const LEDGER_KEYS = ['n', 'at', 'lastMessageId'];
const CURSOR_KEYS = ['lastReadAt', 'lastReadId', 'updatedAt'];

class Invalid extends Error {}
class Unsure extends Error {}

function need(condition: boolean, reason: string): void {
  if (!condition) throw new Invalid(reason);
}

const isObject = (v: Value | undefined): v is { [key: string]: Value } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Time);
const isString = (v: Value | undefined, min: number, max: number): boolean =>
  typeof v === 'string' && [...v].length >= min && [...v].length <= max && v.length >= min;
const isInt = (v: Value | undefined, min: number, max: number): boolean =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isNow = (v: Value | undefined): boolean => v === SERVER_TIME;
const timeOf = (v: Value | undefined, now: number): number | null =>
  v === SERVER_TIME ? now : v instanceof Time ? v.ms : null;

function exactKeys(d: Doc, keys: string[], what: string): void {
  const have = Object.keys(d).sort().join(',');
  need(have === [...keys].sort().join(','), `${what} must have exactly the keys ${keys.join(', ')} (has ${have})`);
}

function changedKeys(before: Doc, after: Doc): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !sameValue(before[k], after[k]));
}

function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  if (a instanceof Time && b instanceof Time) return a.ms === b.ms;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameValue(a[k], b[k]));
  }
  return a === b;
}

function timeNotNear(ms: number, bound: number): void {
  if (Math.abs(ms - bound) < CLOCK_SLACK_MS) throw new Unsure('a time within the clock slack of a bound');
}

/** The model's reading of a batch. */
export function judge(state: State, uid: string | null, writes: Write[], now: number): Verdict {
  try {
    need(uid !== null, 'signed-out clients write nothing');
    need(writes.length > 0, 'an empty batch');
    const after: State = new Map(state);
    for (const w of writes) {
      if (w.data === null) after.delete(w.path);
      else after.set(w.path, w.data);
    }
    for (const w of writes) judgeWrite(state, after, uid as string, w, writes, now);
    return { valid: true };
  } catch (error) {
    if (error instanceof Invalid) return { valid: false, reason: error.message };
    if (error instanceof Unsure) return { valid: 'unsure', reason: error.message };
    throw error;
  }
}

function role(state: State, roomId: string, uid: string): string | null {
  const m = state.get(`rooms/${roomId}/members/${uid}`);
  return m ? (m.role as string) : null;
}
const rank = (r: string | null) => (r === 'owner' ? 2 : r === 'admin' ? 1 : r === 'member' ? 0 : -1);

function judgeWrite(before: State, after: State, uid: string, w: Write, batch: Write[], now: number): void {
  const seg = w.path.split('/');
  if (seg[0] === 'rooms' && seg.length === 2) return judgeRoom(before, after, uid, seg[1] as string, w, now);
  if (seg[0] === 'rooms' && seg.length === 4 && seg[2] === 'members') {
    return judgeMember(before, after, uid, seg[1] as string, seg[3] as string, w, now);
  }
  if (seg[0] === 'rooms' && seg.length === 4 && seg[2] === 'messages') {
    return judgeMessage(before, after, uid, seg[1] as string, seg[3] as string, w, batch, now);
  }
  if (seg[0] === 'rooms' && seg.length === 4 && seg[2] === 'limits') {
    return judgeLedger(before, after, uid, seg[1] as string, seg[3] as string, w, batch, now);
  }
  if (seg[0] === 'users' && seg.length === 4 && seg[2] === 'reads') {
    return judgeCursor(before, uid, seg[1] as string, seg[3] as string, w, now);
  }
  throw new Invalid(`no client write to ${w.path} is in the data model`);
}

// ---------- rooms/{roomId} ----------

function validMemberDoc(d: Doc, memberUid: string): void {
  exactKeys(d, MEMBER_KEYS, 'a member');
  need(d.uid === memberUid, 'member uid must be the path uid');
  need(isString(d.displayName, 1, MAX_DISPLAY_NAME), 'member displayName 1..40');
  need(isNow(d.joinedAt), 'joinedAt == request.time');
}

/** The mute on record in rooms/{roomId}/sanctions/{uid} (null when none), which outlives membership. */
function recordedMute(state: State, roomId: string, uid: string): Value {
  return state.get(`rooms/${roomId}/sanctions/${uid}`)?.mutedUntil ?? null;
}

function judgeRoom(before: State, after: State, uid: string, roomId: string, w: Write, _now: number): void {
  const old = before.get(w.path);
  const d = w.data;
  need(d !== null, 'rooms are never deleted by clients');
  if (!old) {
    exactKeys(d as Doc, ROOM_KEYS, 'a new room');
    const room = d as Doc;
    need(room.kind === 'public' || room.kind === 'private', 'this fuzz creates group rooms only; kind public|private');
    need(room.createdBy === uid, 'createdBy == caller');
    need(isNow(room.createdAt), 'createdAt == request.time');
    need(
      Array.isArray(room.memberIds) && room.memberIds.length === 1 && room.memberIds[0] === uid,
      'memberIds == [caller]',
    );
    need(isString(room.name, 1, MAX_ROOM_NAME), 'name 1..60');
    need(isString(room.topic, 0, MAX_TOPIC), 'topic 0..200');
    need(isInt(room.slowModeSec, 0, 3600), 'slowModeSec 0..3600');
    need(
      room.lastMessage === null && room.lastMessageAt === null && room.messageCount === 0,
      'server-owned fields start empty',
    );
    const owner = after.get(`rooms/${roomId}/members/${uid}`);
    need(!!owner && owner.role === 'owner', "the caller's member doc with role owner in the same batch");
    return;
  }
  const room = d as Doc;
  need(old.kind !== 'direct', 'direct rooms are not updated');
  const changed = changedKeys(old, room);
  if (changed.length === 0) throw new Unsure('an update that changes nothing is not described');
  if (changed.every((k) => ['name', 'topic', 'slowModeSec'].includes(k))) {
    need(rank(role(before, roomId, uid)) >= 1, 'only the owner or an admin changes name, topic, slowModeSec');
    need(isString(room.name, 1, MAX_ROOM_NAME), 'name 1..60');
    need(isString(room.topic, 0, MAX_TOPIC), 'topic 0..200');
    need(isInt(room.slowModeSec, 0, 3600), 'slowModeSec 0..3600');
    return;
  }
  need(
    changed.length === 1 && changed[0] === 'memberIds',
    `clients change only name, topic, slowModeSec or memberIds (changed ${changed.join(', ')})`,
  );
  const was = old.memberIds as string[];
  const is = room.memberIds;
  need(
    Array.isArray(is) && is.every((x) => typeof x === 'string') && new Set(is).size === is.length,
    'memberIds: unique uids',
  );
  const added = (is as string[]).filter((x) => !was.includes(x));
  const removed = was.filter((x) => !(is as string[]).includes(x));
  need(added.length + removed.length === 1, 'memberIds changes by exactly one uid');
  const target = (added[0] ?? removed[0]) as string;
  const memberPath = `rooms/${roomId}/members/${target}`;
  if (added.length === 1)
    need(!before.has(memberPath) && after.has(memberPath), 'a uid joins memberIds with its new member doc');
  else need(before.has(memberPath) && !after.has(memberPath), 'a uid leaves memberIds with its member doc deleted');
}

// ---------- rooms/{roomId}/members/{uid} ----------

function judgeMember(
  before: State,
  after: State,
  uid: string,
  roomId: string,
  target: string,
  w: Write,
  now: number,
): void {
  const roomPath = `rooms/${roomId}`;
  const room = before.get(roomPath);
  const old = before.get(w.path);
  const roomAfter = after.get(roomPath);
  if (w.data === null) {
    need(!!old, 'deleting a member that does not exist');
    need(!!room && room.kind !== 'direct', 'nobody leaves a direct room');
    need(
      !!roomAfter && !(roomAfter.memberIds as string[]).includes(target),
      'memberIds loses the uid in the same batch',
    );
    if (target === uid) need(old?.role !== 'owner', 'the owner cannot leave');
    else {
      const mine = role(before, roomId, uid);
      need(rank(mine) >= 1, 'only the owner or an admin removes someone else');
      need(old?.role !== 'owner', 'nobody removes the owner');
      need(rank(mine) > rank((old?.role as string | undefined) ?? null), 'a kick needs a higher role than the target');
      const sanction = after.get(`rooms/${roomId}/sanctions/${target}`);
      need(sanction?.kickedAt === SERVER_TIME, 'a kick is stamped on the sanction in the same batch');
    }
    return;
  }
  const d = w.data;
  if (!old) {
    validMemberDoc(d, target);
    if (!room) {
      need(d.mutedUntil === null, 'a new room has no mutes');
      need(target === uid && d.role === 'owner' && d.via === null, 'a new room brings only its creator as owner');
      need(
        !!roomAfter && (roomAfter.kind === 'public' || roomAfter.kind === 'private'),
        'with a group room created in the same batch',
      );
      return;
    }
    need(d.role === 'member', 'joining makes a member');
    need(sameValue(d.mutedUntil, recordedMute(after, roomId, target)), 'a member joins under the mute on record');
    need(!(room.memberIds as string[]).includes(target), 'already a member');
    need(
      !!roomAfter && (roomAfter.memberIds as string[]).includes(target),
      'the uid enters memberIds in the same batch',
    );
    need(!before.has(`rooms/${roomId}/bans/${target}`), 'banned people cannot join');
    if (target === uid) {
      if (room.kind === 'public') need(d.via === null, 'public join: via null');
      else {
        need(room.kind === 'private', 'nobody joins a direct room');
        need(typeof d.via === 'string', 'private join needs an invite code');
        const invite = before.get(`rooms/${roomId}/invites/${d.via as string}`);
        need(!!invite && invite.revoked === false, 'the invite exists and is not revoked');
        const expires = timeOf(invite?.expiresAt, now);
        if (expires !== null) {
          timeNotNear(expires, now);
          need(expires > now, 'the invite has not expired');
        }
      }
    } else {
      need(
        room.kind === 'private' && rank(role(before, roomId, uid)) >= 1,
        'owners and admins add people to private rooms',
      );
      need(d.via === null, 'an added member has via null');
    }
    return;
  }
  // update: role or mute, by the owner or an admin, never on oneself or on the owner
  const changed = changedKeys(old, d);
  if (changed.length === 0) throw new Unsure('an update that changes nothing is not described');
  need(changed.length === 1, `a member update changes one field (changed ${changed.join(', ')})`);
  need(target !== uid, 'nobody changes their own member doc');
  const mine = role(before, roomId, uid);
  need(rank(mine) >= 1, 'only the owner or an admin changes a member');
  need(old.role !== 'owner', 'nobody acts on the owner');
  exactKeys(d, MEMBER_KEYS, 'a member');
  need(rank(mine) > rank(old.role as string), 'only someone ranking higher than the target acts on them');
  if (changed[0] === 'role') {
    need(d.role === 'admin' || d.role === 'member', 'make admin or member (never owner)');
    need(rank(mine) > rank(d.role as string), 'nobody grants a role as high as their own');
  } else {
    need(changed[0] === 'mutedUntil', `only role or mutedUntil change (changed ${changed[0]})`);
    need(
      d.mutedUntil === null || d.mutedUntil instanceof Time || d.mutedUntil === SERVER_TIME,
      'mutedUntil: null or a time',
    );
    need(sameValue(d.mutedUntil, recordedMute(after, roomId, target)), 'the mute mirrors the sanction on record');
  }
}

// ---------- rooms/{roomId}/messages/{id} ----------

function validWords(words: Value | undefined): void {
  need(Array.isArray(words) && words.length <= MAX_WORDS, `words: a list of at most ${MAX_WORDS}`);
  const list = words as Value[];
  need(
    list.every(
      (x) =>
        typeof x === 'string' &&
        x.length >= 1 &&
        [...x].length <= MAX_WORD_LENGTH &&
        !/\s/u.test(x) &&
        x === x.toLowerCase(),
    ),
    'words: lowercase tokens of 1..40 characters without spaces',
  );
  need(new Set(list).size === list.length, 'words: unique');
}

function judgeMessage(
  before: State,
  after: State,
  uid: string,
  roomId: string,
  id: string,
  w: Write,
  batch: Write[],
  now: number,
): void {
  need(w.data !== null, 'messages are never deleted by clients');
  need(!before.has(w.path), 'this fuzz writes only new messages');
  const d = w.data as Doc;
  const me = before.get(`rooms/${roomId}/members/${uid}`);
  need(!!me, 'only members send');
  const muted = timeOf(recordedMute(before, roomId, uid), now);
  if (muted !== null) {
    timeNotNear(muted, now);
    need(muted <= now, 'muted members do not send');
  }
  exactKeys(d, MESSAGE_KEYS, 'a message');
  need(d.authorId === uid, 'authorId == caller');
  need(
    isString(d.authorName, 1, MAX_DISPLAY_NAME),
    'authorName is a display name, 1..40 (assumed from users.displayName)',
  );
  need(
    typeof d.text === 'string' && [...d.text].length <= MAX_MESSAGE_LENGTH && d.text.length <= MAX_MESSAGE_LENGTH,
    'text at most 2000',
  );
  need((d.text as string).length >= 1 || d.attachment !== null, 'text 1..2000, or empty with an attachment');
  need(isNow(d.createdAt), 'createdAt == request.time');
  need(d.kind === 'text', "kind 'text' (system messages are the server's)");
  const r = d.replyTo;
  if (r !== null) {
    need(isObject(r), 'replyTo: {id, authorName, excerpt} or null');
    exactKeys(r as Doc, ['id', 'authorName', 'excerpt'], 'replyTo');
    const reply = r as Doc;
    need(
      isString(reply.id, 1, 200) && isString(reply.authorName, 1, MAX_DISPLAY_NAME) && isString(reply.excerpt, 0, 200),
      'replyTo fields are short strings',
    );
  }
  need(Array.isArray(d.mentions) && d.mentions.length <= MAX_MENTIONS, 'mentions: at most 20');
  need(d.attachment === null, 'this fuzz sends no uploaded attachment, so attachment must be null');
  need(d.editedAt === null, 'editedAt null on create');
  need(d.deleted === false, 'deleted false on create');
  need(isObject(d.reactions) && Object.keys(d.reactions as Doc).length === 0, 'reactions {} on create');
  validWords(d.words);
  const ledger = batch.find((x) => x.path === `rooms/${roomId}/limits/${uid}`);
  need(
    !!ledger && ledger.data !== null && ledger.data.lastMessageId === id,
    'the ledger entry for this message in the same batch',
  );
  void after;
}

// ---------- rooms/{roomId}/limits/{uid} ----------

function judgeLedger(
  before: State,
  after: State,
  uid: string,
  roomId: string,
  owner: string,
  w: Write,
  batch: Write[],
  now: number,
): void {
  need(owner === uid, 'only your own ledger');
  need(before.has(`rooms/${roomId}/members/${uid}`), 'only members send');
  need(w.data !== null, 'ledgers are not deleted');
  const d = w.data as Doc;
  exactKeys(d, LEDGER_KEYS, 'a ledger');
  need(typeof d.lastMessageId === 'string', 'lastMessageId is a message id');
  const messagePath = `rooms/${roomId}/messages/${d.lastMessageId as string}`;
  need(
    !before.has(messagePath) && batch.some((x) => x.path === messagePath && x.data !== null),
    'written with that new message',
  );
  need(isObject(d.at), 'at: slot -> time');
  const at = d.at as Doc;
  const old = before.get(w.path);
  if (!old) {
    need(d.n === 1, 'the first send writes n = 1');
    need(Object.keys(at).join(',') === '0' && isNow(at['0']), "the first send writes slot '0' = request.time");
    return;
  }
  const n = old.n as number;
  const slot = String(n % RATE_LIMIT_COUNT);
  need(d.n === n + 1, 'n moves on by one');
  const oldAt = old.at as Doc;
  const changed = changedKeys(oldAt, at);
  need(changed.length === 1 && changed[0] === slot && isNow(at[slot]), `only slot ${slot} changes, to request.time`);
  const previousUse = timeOf(oldAt[slot], now);
  if (previousUse !== null) {
    timeNotNear(previousUse + RATE_LIMIT_WINDOW_MS, now);
    need(
      previousUse + RATE_LIMIT_WINDOW_MS <= now,
      `at most ${RATE_LIMIT_COUNT} sends per ${RATE_LIMIT_WINDOW_MS / 1000} s`,
    );
  }
  const room = before.get(`rooms/${roomId}`);
  const slow = (room?.slowModeSec as number) ?? 0;
  const previous = timeOf(oldAt[String((n + RATE_LIMIT_COUNT - 1) % RATE_LIMIT_COUNT)], now);
  if (slow > 0 && previous !== null) {
    timeNotNear(previous + slow * 1000, now);
    need(previous + slow * 1000 <= now, 'slow mode: the previous send is at least slowModeSec old');
  }
  void after;
}

// ---------- users/{uid}/reads/{roomId} ----------

function judgeCursor(before: State, uid: string, owner: string, roomId: string, w: Write, now: number): void {
  need(owner === uid, 'only your own read cursor');
  need(w.data !== null, 'this fuzz does not delete cursors');
  need(before.has(`rooms/${roomId}/members/${uid}`), 'a cursor for a room you are a member of');
  const d = w.data as Doc;
  exactKeys(d, CURSOR_KEYS, 'a read cursor');
  const at = timeOf(d.lastReadAt, now);
  need(at !== null, 'lastReadAt: a timestamp');
  if (!isNow(d.lastReadAt)) {
    timeNotNear(at as number, now);
    need((at as number) <= now, 'lastReadAt is not in the future');
  }
  need(isString(d.lastReadId, 1, 200), 'lastReadId: a message id');
  need(isNow(d.updatedAt), 'updatedAt == request.time');
  const old = before.get(w.path);
  const was = timeOf(old?.lastReadAt, now);
  if (was !== null) {
    timeNotNear(at as number, was);
    need((at as number) >= was, 'lastReadAt only moves forward');
  }
}
