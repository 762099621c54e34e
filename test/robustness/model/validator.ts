/**
 * An independent model of which client writes the data model allows, written from
 * docs/data-model.md and shared/src/model.ts (not from firestore.rules), so the fuzz test can
 * compare the two. It judges a whole batch: the state before it, the writes, the caller and the
 * server's time (known to within `slackMs`, the time the commit took). Where the documents are
 * silent it says so in the verdict's reason.
 */
import {
  EDIT_RATE_COUNT,
  EDIT_RATE_WINDOW_MS,
  EDIT_WINDOW_MS,
  MAX_DISPLAY_NAME,
  MAX_ID_LENGTH,
  MAX_MENTIONS,
  MAX_MESSAGE_LENGTH,
  MAX_REACTION_EMOJIS,
  MAX_REACTION_KEY,
  MAX_ROOM_NAME,
  MAX_SLOW_MODE_SEC,
  MAX_TOPIC,
  PRESENCE_CHANGE_MIN_GAP_MS,
  PRESENCE_HEARTBEAT_MIN_GAP_MS,
  RATE_LIMIT_COUNT,
  RATE_LIMIT_WINDOW_MS,
  READ_CURSOR_MIN_GAP_MS,
  ROOM_CREATE_COUNT,
  ROOM_CREATE_WINDOW_MS,
  ROOM_RENAME_COUNT,
  ROOM_RENAME_WINDOW_MS,
  TYPING_MIN_GAP_MS,
} from '@chat/shared';

/** A stored time, in milliseconds. */
export class Time {
  constructor(readonly ms: number) {}
}
/** A number stored as a double even when it is whole (8.0): the JS SDK cannot send one. */
export class Double {
  constructor(readonly value: number) {}
}
/** The server's time of the write (serverTimestamp()). */
export const SERVER_TIME = Symbol('serverTime');

export type Value =
  null | boolean | number | string | Time | Double | typeof SERVER_TIME | Value[] | { [key: string]: Value };
export type Doc = { [key: string]: Value };

export interface Write {
  path: string;
  /** the whole document after the write, or null for a delete */
  data: Doc | null;
}

export type State = Map<string, Doc>;

export type Verdict = { valid: true } | { valid: false; reason: string } | { valid: 'unsure'; reason: string };

/**
 * Times this close to a bound are not judged beyond the commit's own span: the emulator runs on
 * this machine's clock, but a timestamp and a millisecond are not the same grain.
 */
const CLOCK_GRAIN_MS = 5;
const MAX_WORDS = 60;
const MAX_WORD_LENGTH = 40;

const ROOM_KEYS = [
  'kind',
  'name',
  'topic',
  'createdBy',
  'createdAt',
  'memberCount',
  'slowModeSec',
  'lastMessage',
  'lastMessageAt',
  'activeHour',
  'messageCount',
];
const MEMBER_KEYS = ['uid', 'role', 'displayName', 'nameLower', 'joinedAt', 'mutedUntil'];
const LISTING_KEYS = ['joinedAt'];
const INVITE_CODE = /^[A-Za-z0-9_-]{16,64}$/;
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
  'threadId',
  'inRoom',
];
const LEDGER_KEYS = ['n', 'at', 'roomId', 'messageId'];
const ROOM_LEDGER_KEYS = ['n', 'at', 'roomId'];
const CURSOR_KEYS = ['lastReadAt', 'lastReadId', 'updatedAt'];
const SANCTION_KEYS = ['mutedUntil', 'kickedAt'];

class Invalid extends Error {}
class Unsure extends Error {}

function need(condition: boolean, reason: string): void {
  if (!condition) throw new Invalid(reason);
}

const isObject = (v: Value | undefined): v is { [key: string]: Value } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Time) && !(v instanceof Double);
const isString = (v: Value | undefined, min: number, max: number): v is string =>
  typeof v === 'string' && [...v].length >= min && [...v].length <= max && v.length >= min;
/** A JS number that is whole is sent as an int; a Double never is one. */
const isInt = (v: Value | undefined, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isNow = (v: Value | undefined): boolean => v === SERVER_TIME;
/** `uid` in docs/data-model.md */
const isUid = (v: Value | undefined): v is string => typeof v === 'string' && /^[A-Za-z0-9_-]{1,128}$/.test(v);
/** `id` in docs/data-model.md */
const isId = (v: Value | undefined): v is string =>
  typeof v === 'string' && new RegExp(`^[A-Za-z0-9_-]{1,${MAX_ID_LENGTH}}$`).test(v);

/**
 * "Plain text" as docs/data-model.md states it: no control characters, no line or paragraph
 * separators, none of the listed invisible or direction-changing characters, and when not empty
 * not only spaces. Written from the list in the docs, not from the rules' regular expression.
 */
const HIDDEN = /[\p{Cc}\u2028\u2029\u061C\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/u;
function isPlainText(v: Value | undefined, min: number, max: number): v is string {
  return isString(v, min, max) && !HIDDEN.test(v) && (v.length === 0 || v.trim().length > 0);
}

/**
 * "One emoji" as the docs describe it: a pictograph with its variation selector and skin tone,
 * joined by zero-width joiners; a flag (two regional indicators, or a tag sequence); a keycap; a
 * skin tone alone. "Pictograph" is Unicode's Extended_Pictographic property.
 */
const EMOJI =
  /^(?:\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})?(?:\u200D\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})?)*|\p{Regional_Indicator}{2}|\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}|[#*0-9]\uFE0F?\u20E3|\p{Emoji_Modifier})$/u;
export const isEmoji = (key: string): boolean => key.length <= MAX_REACTION_KEY && EMOJI.test(key);

function exactKeys(d: Doc, keys: string[], what: string): void {
  const have = Object.keys(d).sort().join(',');
  need(have === [...keys].sort().join(','), `${what} must have exactly the keys ${keys.join(', ')} (has ${have})`);
}

function changedKeys(before: Doc, after: Doc): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !sameValue(before[k], after[k]));
}

/** Equality as stored: a Double equals the same int (the rules' ==), Times by instant. */
function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  if (a instanceof Double) return sameValue(a.value, b);
  if (b instanceof Double) return sameValue(a, b.value);
  if (a instanceof Time && b instanceof Time) return a.ms === b.ms;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameValue(a[k], b[k]));
  }
  return a === b;
}

/** One batch's context: the states around it, the caller, the server's time and its uncertainty. */
interface Ctx {
  before: State;
  after: State;
  uid: string;
  batch: Write[];
  now: number;
  slackMs: number;
}

const timeOf = (c: Ctx, v: Value | undefined): number | null =>
  v === SERVER_TIME ? c.now : v instanceof Time ? v.ms : null;

/** `at` happened at least `gapMs` before the write (request.time >= at + gap). */
function atLeastAgo(c: Ctx, at: number, gapMs: number): boolean {
  if (Math.abs(c.now - (at + gapMs)) <= c.slackMs + CLOCK_GRAIN_MS)
    throw new Unsure(`the server's time is within the commit's span of a ${gapMs} ms bound`);
  return c.now >= at + gapMs;
}

/**
 * The model's reading of a batch. `now` is the middle of the commit, `slackMs` half its span:
 * a time bound closer than that to `now` is not judged.
 */
export function judge(state: State, uid: string | null, writes: Write[], now: number, slackMs = 0): Verdict {
  try {
    need(uid !== null, 'signed-out clients write nothing');
    need(writes.length > 0, 'an empty batch');
    const after: State = new Map(state);
    for (const w of writes) {
      if (w.data === null) after.delete(w.path);
      else after.set(w.path, w.data);
    }
    const c: Ctx = { before: state, after, uid: uid as string, batch: writes, now, slackMs };
    for (const w of writes) judgeWrite(c, w);
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
const profileName = (c: Ctx, uid: string): Value | undefined => c.before.get(`users/${uid}`)?.displayName;
const createsNew = (c: Ctx, path: string) => !c.before.has(path) && c.after.has(path);
/** Whoever blocks `uid` (blockedBy/{uid}). */
const blockersOf = (c: Ctx, uid: string): string[] => (c.before.get(`blockedBy/${uid}`)?.uids as string[]) ?? [];

function judgeWrite(c: Ctx, w: Write): void {
  const seg = w.path.split('/');
  const [top, id, sub, subId] = seg as [string, string, string | undefined, string | undefined];
  if (seg.length === 2) {
    if (top === 'rooms') return judgeRoom(c, id, w);
    if (top === 'ledgers') return judgeLedger(c, id, w);
    if (top === 'roomLedgers') return judgeRoomLedger(c, id, w);
    if (top === 'editLedgers') return judgeEditLedger(c, id, w);
    if (top === 'roomNameLedgers') return judgeRoomNameLedger(c, id, w);
    if (top === 'presence') return judgePresence(c, id, w);
  }
  if (seg.length === 4 && top === 'rooms') {
    if (sub === 'members') return judgeMember(c, id, subId as string, w);
    if (sub === 'messages') return judgeMessage(c, id, subId as string, w);
    if (sub === 'slowMode') return judgeSlowMode(c, id, subId as string, w);
    if (sub === 'typing') return judgeTyping(c, id, subId as string, w);
    if (sub === 'sanctions') return judgeSanction(c, id, subId as string, w);
    if (sub === 'joins') return judgeJoins(c, id, subId as string, w);
    if (sub === 'renames') return judgeRename(c, id, subId as string, w);
  }
  if (seg.length === 6 && top === 'rooms' && sub === 'messages' && seg[4] === 'reactions')
    return judgeReaction(c, id, subId as string, seg[5] as string, w);
  if (seg.length === 4 && top === 'users' && sub === 'reads') return judgeCursor(c, id, subId as string, w);
  if (seg.length === 4 && top === 'users' && sub === 'rooms') return judgeListing(c, id, subId as string, w);
  if (seg.length === 4 && top === 'users' && sub === 'threadReads') return judgeThreadRead(c, id, subId as string, w);
  throw new Invalid(`no client write to ${w.path} is in the data model`);
}

// ---------- rooms/{roomId} ----------

function judgeRoom(c: Ctx, roomId: string, w: Write): void {
  const old = c.before.get(w.path);
  need(w.data !== null, 'rooms are never deleted by clients');
  const room = w.data as Doc;
  if (!old) {
    exactKeys(room, ROOM_KEYS, 'a new room');
    need(room.kind === 'public' || room.kind === 'private', 'this fuzz creates group rooms only; kind public|private');
    need(!roomId.startsWith('dm_'), 'a group room id does not start with dm_');
    need(roomId !== 'general' || room.kind === 'public', 'general is a public room');
    need(room.createdBy === c.uid, 'createdBy == caller');
    need(isNow(room.createdAt), 'createdAt == request.time');
    // a group room holds no list of its members (only direct rooms hold their pair in memberIds):
    // it counts them, starting at its creator
    need(isInt(room.memberCount, 1, 1), 'memberCount is the int 1 (the creator)');
    need(isPlainText(room.name, 1, MAX_ROOM_NAME), 'name: plain text 1..60');
    need(isPlainText(room.topic, 0, MAX_TOPIC), 'topic: plain text 0..200');
    need(isInt(room.slowModeSec, 0, MAX_SLOW_MODE_SEC), 'slowModeSec: an int 0..3600');
    need(
      room.lastMessage === null && room.lastMessageAt === null && room.activeHour === null,
      'lastMessage, lastMessageAt, activeHour start null',
    );
    need(isInt(room.messageCount, 0, 0), 'messageCount starts as the int 0');
    const owner = c.after.get(`rooms/${roomId}/members/${c.uid}`);
    need(!!owner && owner.role === 'owner', "the caller's member doc with role owner in the same batch");
    need(
      c.after.get(`roomLedgers/${c.uid}`)?.roomId === roomId,
      "counted in the caller's roomLedgers in the same batch",
    );
    return;
  }
  need(old.kind !== 'direct', 'direct rooms are not updated');
  const changed = changedKeys(old, room);
  // an update that changes nothing (or turns an int into an equal double) is a settings write
  if (changed.every((k) => ['name', 'topic', 'slowModeSec'].includes(k))) {
    need(rank(role(c.before, roomId, c.uid)) >= 1, 'only the owner or an admin changes name, topic, slowModeSec');
    need(isPlainText(room.name, 1, MAX_ROOM_NAME), 'name: plain text 1..60');
    need(isPlainText(room.topic, 0, MAX_TOPIC), 'topic: plain text 0..200');
    need(isInt(room.slowModeSec, 0, MAX_SLOW_MODE_SEC), 'slowModeSec: an int 0..3600');
    need(
      !changed.some((k) => k === 'name' || k === 'topic') || isNow(c.after.get(`rooms/${roomId}/renames/${c.uid}`)?.at),
      "a new name or topic comes with the caller's renames/{uid} (at == request.time) in the same batch",
    );
    return;
  }
  // membership is the member documents and their room-list entries: no client writes memberIds
  // or memberCount (the server keeps the count)
  throw new Invalid(`clients change only name, topic or slowModeSec (changed ${changed.join(', ')})`);
}

// ---------- users/{uid}/rooms/{roomId} ----------

/**
 * uid's room-list entry for roomId: exactly {joinedAt: request.time}, written (by anyone signed
 * in) only in the batch that creates uid's member document, and deleted only in the batch that
 * deletes it; the member document's own rules decide who may do that.
 */
function judgeListing(c: Ctx, owner: string, roomId: string, w: Write): void {
  const memberPath = `rooms/${roomId}/members/${owner}`;
  if (w.data === null) {
    need(
      !c.after.has(memberPath) && (c.before.has(memberPath) || c.uid === owner),
      'a room-list entry is deleted only in the batch that deletes its member document (or by its owner when it has none)',
    );
    return;
  }
  exactKeys(w.data, LISTING_KEYS, 'a room-list entry');
  need(isNow(w.data.joinedAt), 'joinedAt == request.time');
  need(createsNew(c, memberPath), 'a room-list entry is written only in the batch that creates its member document');
}

// ---------- rooms/{roomId}/renames/{uid} ----------

/**
 * uid's record of their change of the room's name or topic, in the batch that makes it: the
 * fields it holds changed to what it says, the fields it leaves out did not change.
 */
function judgeRename(c: Ctx, roomId: string, target: string, w: Write): void {
  need(target === c.uid, 'only the renamer writes their rename record');
  need(w.data !== null, 'rename records are never deleted by clients');
  const d = w.data as Doc;
  need(
    Object.keys(d).every((k) => ['name', 'topic', 'at'].includes(k)),
    'a rename record holds only name, topic, at',
  );
  need(isNow(d.at), 'at == request.time');
  need('name' in d || 'topic' in d, 'a rename record holds the name or the topic');
  const before = c.before.get(`rooms/${roomId}`);
  const after = c.after.get(`rooms/${roomId}`);
  need(!!before && !!after, 'a rename record is of an existing room');
  for (const field of ['name', 'topic']) {
    if (field in d)
      need(
        sameValue(d[field], after![field]) && !sameValue(after![field], before![field]),
        `the record's ${field} is the room's new ${field}`,
      );
    else need(sameValue(after![field], before![field]), `a ${field} the record leaves out is unchanged`);
  }
  // counted in the renamer's room name ledger by this batch, naming this room
  const counted = c.after.get(`roomNameLedgers/${c.uid}`);
  const n = counted?.n;
  need(
    counted !== undefined &&
      typeof n === 'number' &&
      isNow((counted.at as Doc | undefined)?.[String((n - 1) % ROOM_RENAME_COUNT)]) &&
      counted.roomId === roomId,
    "a change of a room's name or topic is counted in the renamer's roomNameLedgers in the same batch, naming the room",
  );
}

// ---------- rooms/{roomId}/joins/{uid} ----------

/** The invite code uid joined by: theirs alone to write, with their new member document. */
function judgeJoins(c: Ctx, roomId: string, target: string, w: Write): void {
  need(target === c.uid, 'only the joiner writes their joins document');
  if (w.data === null) return;
  exactKeys(w.data, ['code'], 'a joins document');
  need(typeof w.data.code === 'string' && INVITE_CODE.test(w.data.code), 'code: an invite code');
  need(createsNew(c, `rooms/${roomId}/members/${target}`), 'written in the batch that creates their member document');
}

// ---------- rooms/{roomId}/members/{uid} ----------

function validMemberDoc(c: Ctx, d: Doc, memberUid: string): void {
  exactKeys(d, MEMBER_KEYS, 'a member');
  need(d.uid === memberUid, 'member uid must be the path uid');
  need(isString(d.displayName, 1, MAX_DISPLAY_NAME), 'member displayName 1..40');
  need(d.displayName === profileName(c, memberUid), "member displayName == the member's profile displayName");
  need(
    typeof d.displayName === 'string' && d.nameLower === d.displayName.toLowerCase(),
    'member nameLower == displayName.lower()',
  );
  need(isNow(d.joinedAt), 'joinedAt == request.time');
}

/** The mute on record in rooms/{roomId}/sanctions/{uid} (null when none), which outlives membership. */
const recordedMute = (state: State, roomId: string, uid: string): Value =>
  state.get(`rooms/${roomId}/sanctions/${uid}`)?.mutedUntil ?? null;

function judgeMember(c: Ctx, roomId: string, target: string, w: Write): void {
  const { before, after, uid } = c;
  const roomPath = `rooms/${roomId}`;
  const room = before.get(roomPath);
  const old = before.get(w.path);
  const roomAfter = after.get(roomPath);
  if (w.data === null) {
    need(!!old, 'deleting a member that does not exist');
    need(!!room && room.kind !== 'direct', 'nobody leaves a direct room');
    need(
      !after.has(`users/${target}/rooms/${roomId}`),
      "the room leaves the member's room list (users/{uid}/rooms) in the same batch",
    );
    if (target === uid) need(old?.role !== 'owner', 'the owner cannot leave');
    else {
      const mine = role(before, roomId, uid);
      need(rank(mine) >= 1, 'only the owner or an admin removes someone else');
      need(rank(mine) > rank((old?.role as string | undefined) ?? null), 'a kick needs a higher role than the target');
      need(
        after.get(`rooms/${roomId}/sanctions/${target}`)?.kickedAt === SERVER_TIME,
        'a kick is stamped on the sanction in the same batch',
      );
    }
    return;
  }
  const d = w.data;
  if (!old) {
    validMemberDoc(c, d, target);
    need(
      after.has(`users/${target}/rooms/${roomId}`),
      "the room enters the member's room list (users/{uid}/rooms) in the same batch",
    );
    if (!room) {
      need(d.mutedUntil === null, 'a new room has no mutes');
      need(target === uid && d.role === 'owner', 'a new room brings only its creator as owner');
      need(
        !!roomAfter && (roomAfter.kind === 'public' || roomAfter.kind === 'private'),
        'with a group room created in the same batch',
      );
      return;
    }
    need(d.role === 'member', 'joining makes a member');
    need(sameValue(d.mutedUntil, recordedMute(after, roomId, target)), 'a member joins under the mute on record');
    need(!before.has(`rooms/${roomId}/bans/${target}`), 'banned people cannot join');
    if (target === uid) {
      if (room.kind !== 'public') {
        need(room.kind === 'private', 'nobody joins a direct room');
        // the code as joins/{uid} holds it after the batch (written in it, or left from an earlier join)
        const code = after.get(`rooms/${roomId}/joins/${target}`)?.code;
        need(typeof code === 'string', 'private join needs an invite code in joins/{uid}');
        const invite = before.get(`rooms/${roomId}/invites/${code as string}`);
        need(!!invite && invite.revoked === false, 'the invite exists and is not revoked');
        const expires = timeOf(c, invite?.expiresAt);
        if (expires !== null) need(!atLeastAgo(c, expires, 0), 'the invite has not expired');
        const kicked = timeOf(c, before.get(`rooms/${roomId}/sanctions/${target}`)?.kickedAt);
        const made = timeOf(c, invite?.createdAt);
        if (kicked !== null)
          need(made !== null && made > kicked, 'a kicked member returns only by an invite made after the kick');
      }
    } else {
      need(
        room.kind === 'private' && rank(role(before, roomId, uid)) >= 1,
        'owners and admins add people to private rooms',
      );
      need(!blockersOf(c, uid).includes(target), 'nobody adds someone who blocks them');
    }
    return;
  }
  // update: role or mute, by a higher role, never on oneself
  const changed = changedKeys(old, d);
  if (changed.length === 0) throw new Unsure('an update that changes nothing is not described');
  need(changed.length === 1, `a member update changes one field (changed ${changed.join(', ')})`);
  need(target !== uid, 'nobody changes their own member doc');
  const mine = role(before, roomId, uid);
  need(rank(mine) >= 1, 'only the owner or an admin changes a member');
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

// ---------- rooms/{roomId}/sanctions/{uid} ----------

function judgeSanction(c: Ctx, roomId: string, target: string, w: Write): void {
  const { before, after, uid } = c;
  need(w.data !== null, 'sanctions are never deleted');
  const d = w.data as Doc;
  const mine = role(before, roomId, uid);
  need(rank(mine) >= 1, 'only the owner or an admin records a sanction');
  need(target !== uid, 'nobody sanctions themselves');
  // someone outside the room ranks as a member
  need(rank(mine) > Math.max(rank(role(before, roomId, target)), 0), 'a sanction needs a higher role than its subject');
  exactKeys(d, SANCTION_KEYS, 'a sanction');
  need(
    d.mutedUntil === null || d.mutedUntil instanceof Time || d.mutedUntil === SERVER_TIME,
    'mutedUntil: null or a time',
  );
  const memberPath = `rooms/${roomId}/members/${target}`;
  const kickedBefore = before.get(w.path)?.kickedAt ?? null;
  need(
    sameValue(d.kickedAt, kickedBefore) ||
      (d.kickedAt === SERVER_TIME && before.has(memberPath) && !after.has(memberPath)),
    'kickedAt stays, or becomes request.time in the batch that removes the member',
  );
  const member = after.get(memberPath);
  if (member) need(sameValue(member.mutedUntil, d.mutedUntil), "a member's mute mirrors the sanction");
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

function validText(d: Doc): void {
  need(
    typeof d.text === 'string' && [...d.text].length <= MAX_MESSAGE_LENGTH && d.text.length <= MAX_MESSAGE_LENGTH,
    'text: a string of at most 2000',
  );
  need((d.text as string).length >= 1 || d.attachment !== null, 'text 1..2000, or empty with an attachment');
}

/**
 * Not muted in the room (the caller's member document's mutedUntil, which mirrors
 * `sanctions/{uid}`) nor app-wide (`ledgers/{uid}.mutedUntil`).
 */
function notMuted(c: Ctx, roomId: string, ledger: Doc | undefined): void {
  const member = c.before.get(`rooms/${roomId}/members/${c.uid}`);
  for (const [until, what] of [
    [timeOf(c, member?.mutedUntil), 'muted in the room'],
    [timeOf(c, ledger?.mutedUntil), 'muted app-wide'],
  ] as const) {
    if (until !== null) need(atLeastAgo(c, until, 0), `${what}: no sends, edits or reactions`);
  }
}

function judgeMessage(c: Ctx, roomId: string, id: string, w: Write): void {
  need(w.data !== null, 'messages are never deleted by clients');
  const old = c.before.get(w.path);
  need(c.before.has(`rooms/${roomId}/members/${c.uid}`), 'only members write messages');
  if (old) return judgeMessageUpdate(c, roomId, id, old, w.data as Doc);
  const d = w.data as Doc;
  const room = c.before.get(`rooms/${roomId}`);
  exactKeys(d, MESSAGE_KEYS, 'a message');
  need(d.authorId === c.uid, 'authorId == caller');
  need(
    typeof d.authorName === 'string' && d.authorName === profileName(c, c.uid),
    "authorName == the author's profile displayName",
  );
  validText(d);
  need(isNow(d.createdAt), 'createdAt == request.time');
  need(d.kind === 'text', "kind 'text' (system messages are the server's)");
  const r = d.replyTo;
  if (r !== null) {
    need(isObject(r), 'replyTo: {id} or null');
    exactKeys(r as Doc, ['id'], 'replyTo');
    const quoted = (r as Doc).id;
    need(isId(quoted), 'replyTo.id: an id');
    need(
      c.before.get(`rooms/${roomId}/messages/${quoted as string}`)?.kind === 'text',
      'replyTo names a text message of this room',
    );
  }
  validThread(c, roomId, id, d);
  const mentions = d.mentions;
  need(
    Array.isArray(mentions) &&
      mentions.length <= MAX_MENTIONS &&
      mentions.every(isUid) &&
      new Set(mentions).size === mentions.length,
    'mentions: at most 20 distinct uids',
  );
  const blockers = blockersOf(c, c.uid);
  need(!(mentions as string[]).some((m) => blockers.includes(m)), 'nobody who blocks the sender is mentioned');
  need(d.attachment === null, 'this fuzz uploads nothing, so no attachment ref can name a complete upload');
  need(d.editedAt === null, 'editedAt null on create');
  need(d.deleted === false, 'deleted false on create');
  need(isObject(d.reactions) && Object.keys(d.reactions as Doc).length === 0, 'reactions {} on create');
  validWords(d.words);
  const ledger = c.after.get(`ledgers/${c.uid}`);
  notMuted(c, roomId, ledger);
  if (room?.kind === 'direct') {
    need(!(room.memberIds as string[]).some((m) => blockers.includes(m)), 'the other person blocks the sender');
    const other = (room.memberIds as string[]).find((m) => m !== c.uid);
    need(!c.before.has(`users/${c.uid}/blocks/${other as string}`), 'the sender blocks the other person');
  }
  need(ledger?.roomId === roomId && ledger.messageId === id, "the sender's ledger names this message after the batch");
  if (!sameValue(room?.slowModeSec, 0))
    need(
      c.after.get(`rooms/${roomId}/slowMode/${c.uid}`)?.messageId === id,
      "slow mode: the sender's stamp names this message after the batch",
    );
}

/**
 * A room message (threadId null) is in the room (inRoom true). A thread reply names a room
 * message of the same room, as it was before the batch: a text message that is no thread reply
 * itself (threads are one level deep) and not the reply itself; it is in the room too only when
 * also sent there (inRoom, a boolean).
 */
function validThread(c: Ctx, roomId: string, id: string, d: Doc): void {
  need(typeof d.inRoom === 'boolean', 'inRoom: a boolean');
  if (d.threadId === null) {
    need(d.inRoom === true, 'a room message (threadId null) is in the room');
    return;
  }
  need(isId(d.threadId), 'threadId: null or an id');
  need(d.threadId !== id, 'a message is not a reply in its own thread');
  const parent = c.before.get(`rooms/${roomId}/messages/${d.threadId as string}`);
  need(parent?.kind === 'text', 'threadId names a text message of this room (as before the batch)');
  need((parent?.threadId ?? null) === null, 'threads are one level deep: threadId names no thread reply');
}

function judgeMessageUpdate(c: Ctx, roomId: string, messageId: string, old: Doc, d: Doc): void {
  need(old.kind === 'text', "system messages are the server's alone");
  const changed = changedKeys(old, d);
  if (changed.length === 0) throw new Unsure('an update that changes nothing is not described');
  const only = (keys: string[]) => changed.every((k) => keys.includes(k));
  // the message's reactions and reactionCounts are the server's, counted from reactions/{uid}
  need(
    !changed.includes('reactions') && !changed.includes('reactionCounts'),
    "no client writes a message's reactions or reactionCounts",
  );
  const authorRank = rank(role(c.before, roomId, old.authorId as string));
  const isRedaction =
    only(['text', 'words', 'deleted', 'attachment']) &&
    d.text === '' &&
    Array.isArray(d.words) &&
    d.words.length === 0 &&
    d.deleted === true &&
    d.attachment === null;
  if (isRedaction) {
    const mine = rank(role(c.before, roomId, c.uid));
    need(
      old.authorId === c.uid || (mine >= 1 && mine > Math.max(authorRank, 0)),
      'the author redacts, or a room admin ranking above the author',
    );
    return;
  }
  need(
    only(['text', 'words', 'editedAt']),
    `an edit changes only text, words, editedAt (changed ${changed.join(', ')})`,
  );
  need(old.authorId === c.uid, 'only the author edits');
  need(old.deleted === false, 'a redacted message is not edited');
  need(isNow(d.editedAt), 'editedAt == request.time');
  validText(d);
  validWords(d.words);
  const created = timeOf(c, old.createdAt) as number;
  need(!atLeastAgo(c, created, EDIT_WINDOW_MS), 'edits within 15 minutes');
  notMuted(c, roomId, c.before.get(`ledgers/${c.uid}`));
  // counted in the editor's edit ledger by this batch, naming this message
  const counted = c.after.get(`editLedgers/${c.uid}`);
  const n = counted?.n;
  need(
    counted !== undefined &&
      typeof n === 'number' &&
      isNow((counted.at as Doc | undefined)?.[String((n - 1) % EDIT_RATE_COUNT)]) &&
      counted.roomId === roomId &&
      counted.messageId === messageId,
    "an edit is counted in the editor's editLedgers in the same batch, naming it",
  );
}

// ---------- rooms/{roomId}/messages/{messageId}/reactions/{uid} ----------

/**
 * The emojis one member gave one message: written only by that member, while a member and not
 * muted (in the room or app-wide), on a text message of the room as it was before the batch;
 * exactly {emojis}, a list of at most MAX_REACTION_EMOJIS distinct emojis. A write adds at most
 * one emoji to those stored (a new document: holds at most one) and takes back any; removing the
 * document asks the same but the message.
 */
function judgeReaction(c: Ctx, roomId: string, messageId: string, owner: string, w: Write): void {
  need(owner === c.uid, 'only your own reaction document');
  need(c.before.has(`rooms/${roomId}/members/${c.uid}`), 'only members react');
  if (w.data !== null) {
    need(
      c.before.get(`rooms/${roomId}/messages/${messageId}`)?.kind === 'text',
      'a reaction goes on a text message of the room',
    );
    exactKeys(w.data, ['emojis'], 'a reaction document');
    const emojis = w.data.emojis;
    need(Array.isArray(emojis), 'emojis: a list');
    const list = emojis as Value[];
    need(list.length <= MAX_REACTION_EMOJIS, `at most ${MAX_REACTION_EMOJIS} emojis`);
    need(
      list.every((e) => list.filter((x) => sameValue(x, e)).length === 1),
      'emojis: distinct',
    );
    const before = (c.before.get(w.path)?.emojis as Value[] | undefined) ?? [];
    const added = list.filter((e) => !before.some((x) => sameValue(x, e)));
    need(added.length <= 1, 'a write adds at most one emoji');
    for (const e of added)
      need(typeof e === 'string' && isEmoji(e), `an emoji is one emoji (${JSON.stringify(e)} is not)`);
  }
  notMuted(c, roomId, c.before.get(`ledgers/${c.uid}`));
}

// ---------- rings: ledgers/{uid} and roomLedgers/{uid} ----------

/** Write number n (0-based) stores n + 1 and request.time in slot String(n % count), over a time at least `windowMs` old. */
function judgeRing(c: Ctx, old: Doc | undefined, d: Doc, count: number, windowMs: number, what: string): void {
  need(isObject(d.at), `${what}: at is a map slot -> time`);
  const at = d.at as Doc;
  if (!old || !('n' in old)) {
    need(isInt(d.n, 1, 1), `${what}: the first write stores the int n = 1`);
    const oldAt = (old?.at as Doc | undefined) ?? {};
    const changed = changedKeys(oldAt, at);
    need(
      changed.length === 1 && changed[0] === '0' && isNow(at['0']),
      `${what}: the first write fills slot '0' with request.time`,
    );
    need(Object.keys(at).length === 1, `${what}: the first write's ring holds only slot '0'`);
    return;
  }
  const n = old.n as number;
  const slot = String(n % count);
  need(isInt(d.n, n + 1, n + 1), `${what}: n moves on by one, an int`);
  const oldAt = old.at as Doc;
  const changed = changedKeys(oldAt, at);
  need(
    changed.length === 1 && changed[0] === slot && isNow(at[slot]),
    `${what}: only slot ${slot} changes, to request.time`,
  );
  const previousUse = timeOf(c, oldAt[slot]);
  if (previousUse !== null)
    need(atLeastAgo(c, previousUse, windowMs), `${what}: at most ${count} per ${windowMs / 1000} s`);
}

function judgeLedger(c: Ctx, owner: string, w: Write): void {
  need(owner === c.uid, 'only your own ledger');
  need(w.data !== null, 'ledgers are not deleted');
  const d = w.data as Doc;
  const old = c.before.get(w.path);
  if (!old) exactKeys(d, LEDGER_KEYS, 'a new ledger');
  else {
    const changed = changedKeys(old, d);
    need(
      changed.every((k) => LEDGER_KEYS.includes(k)),
      `a send changes only n, at, roomId, messageId of the ledger (changed ${changed.join(', ')})`,
    );
  }
  need(isId(d.roomId) && isId(d.messageId), 'roomId and messageId: ids');
  need(
    createsNew(c, `rooms/${d.roomId as string}/messages/${d.messageId as string}`),
    'the ledger names a message this batch creates',
  );
  // a ledger the server made to record a mute has no ring yet: it starts at 0
  judgeRing(c, old, d, RATE_LIMIT_COUNT, RATE_LIMIT_WINDOW_MS, 'send ledger');
}

function judgeRoomLedger(c: Ctx, owner: string, w: Write): void {
  need(owner === c.uid, 'only your own room ledger');
  need(w.data !== null, 'room ledgers are not deleted');
  const d = w.data as Doc;
  exactKeys(d, ROOM_LEDGER_KEYS, 'a room ledger');
  need(isId(d.roomId), 'roomId: an id');
  need(createsNew(c, `rooms/${d.roomId as string}`), 'the room ledger names a room this batch creates');
  judgeRing(c, c.before.get(w.path), d, ROOM_CREATE_COUNT, ROOM_CREATE_WINDOW_MS, 'room ledger');
}

/** editLedgers/{uid}: the ring of edits, naming the message (written alone, it spends only its owner's edits). */
function judgeEditLedger(c: Ctx, owner: string, w: Write): void {
  need(owner === c.uid, 'only your own edit ledger');
  need(w.data !== null, 'edit ledgers are not deleted');
  const d = w.data as Doc;
  exactKeys(d, LEDGER_KEYS, 'an edit ledger');
  need(isId(d.roomId) && isId(d.messageId), 'roomId and messageId: ids');
  judgeRing(c, c.before.get(w.path), d, EDIT_RATE_COUNT, EDIT_RATE_WINDOW_MS, 'edit ledger');
}

/** roomNameLedgers/{uid}: the ring of changes of rooms' names and topics, naming the room (written alone, it spends only its owner's). */
function judgeRoomNameLedger(c: Ctx, owner: string, w: Write): void {
  need(owner === c.uid, 'only your own room name ledger');
  need(w.data !== null, 'room name ledgers are not deleted');
  const d = w.data as Doc;
  exactKeys(d, ROOM_LEDGER_KEYS, 'a room name ledger');
  need(isId(d.roomId), 'roomId: an id');
  judgeRing(c, c.before.get(w.path), d, ROOM_RENAME_COUNT, ROOM_RENAME_WINDOW_MS, 'room name ledger');
}

// ---------- rooms/{roomId}/slowMode/{uid} ----------

function judgeSlowMode(c: Ctx, roomId: string, owner: string, w: Write): void {
  need(owner === c.uid, 'only your own slow-mode stamp');
  need(w.data !== null, 'slow-mode stamps are not deleted');
  need(c.before.has(`rooms/${roomId}/members/${c.uid}`), 'a stamp while a member');
  const d = w.data as Doc;
  exactKeys(d, ['at', 'messageId'], 'a slow-mode stamp');
  need(isNow(d.at), 'at == request.time');
  need(isId(d.messageId), 'messageId: an id');
  need(
    createsNew(c, `rooms/${roomId}/messages/${d.messageId as string}`),
    'the stamp names a message this batch creates',
  );
  const old = c.before.get(w.path);
  if (old) {
    const slow = c.before.get(`rooms/${roomId}`)?.slowModeSec;
    const sec = slow instanceof Double ? slow.value : (slow as number);
    need(atLeastAgo(c, timeOf(c, old.at) as number, sec * 1000), 'slow mode: the last send is slowModeSec old');
  }
}

// ---------- rooms/{roomId}/typing/{uid} ----------

function judgeTyping(c: Ctx, roomId: string, owner: string, w: Write): void {
  need(owner === c.uid, 'only your own typing indicator');
  const old = c.before.get(w.path);
  const gapPassed = () =>
    need(atLeastAgo(c, timeOf(c, old?.at) as number, TYPING_MIN_GAP_MS), 'typing: at most one write per 2 s');
  if (w.data === null) {
    need(!!old, 'deleting a typing indicator that does not exist');
    gapPassed();
    return;
  }
  need(c.before.has(`rooms/${roomId}/members/${c.uid}`), 'typing while a member');
  const d = w.data;
  exactKeys(d, ['at', 'displayName', 'threadId'], 'a typing indicator');
  need(isNow(d.at), 'at == request.time');
  need(d.threadId === null || isId(d.threadId), 'typing threadId: null (the room) or an id (a thread)');
  need(typeof d.displayName === 'string' && d.displayName === profileName(c, c.uid), "displayName == the profile's");
  if (old) gapPassed();
}

// ---------- presence/{uid} ----------

function judgePresence(c: Ctx, owner: string, w: Write): void {
  need(owner === c.uid, 'only your own presence');
  need(w.data !== null, 'presence is never deleted by clients');
  const d = w.data as Doc;
  exactKeys(d, ['state', 'lastSeen'], 'presence');
  need(d.state === 'online' || d.state === 'away' || d.state === 'offline', 'state: online, away or offline');
  need(isNow(d.lastSeen), 'lastSeen == request.time');
  const old = c.before.get(w.path);
  if (old) {
    const gap = old.state === d.state ? PRESENCE_HEARTBEAT_MIN_GAP_MS : PRESENCE_CHANGE_MIN_GAP_MS;
    need(atLeastAgo(c, timeOf(c, old.lastSeen) as number, gap), `presence: at most one write per ${gap / 1000} s`);
  }
}

// ---------- users/{uid}/reads/{roomId} ----------

function judgeCursor(c: Ctx, owner: string, roomId: string, w: Write): void {
  need(owner === c.uid, 'only your own read cursor');
  need(w.data !== null, 'read cursors are deleted by the server only');
  need(c.before.has(`rooms/${roomId}/members/${c.uid}`), 'a cursor for a room you are a member of');
  const d = w.data as Doc;
  exactKeys(d, CURSOR_KEYS, 'a read cursor');
  const at = timeOf(c, d.lastReadAt);
  need(at !== null, 'lastReadAt: a timestamp');
  if (!isNow(d.lastReadAt)) need(atLeastAgo(c, at as number, 0), 'lastReadAt is not in the future');
  need(isString(d.lastReadId, 1, MAX_ID_LENGTH), 'lastReadId: a string 1..200');
  need(isNow(d.updatedAt), 'updatedAt == request.time');
  const old = c.before.get(w.path);
  if (old) {
    const was = timeOf(c, old.lastReadAt) as number;
    if (isNow(d.lastReadAt)) need(atLeastAgo(c, was, 0), 'lastReadAt only moves forward');
    else need((at as number) >= was, 'lastReadAt only moves forward');
    need(
      atLeastAgo(c, timeOf(c, old.updatedAt) as number, READ_CURSOR_MIN_GAP_MS),
      'a read cursor moves at most once a second',
    );
  }
}

// ---------- users/{uid}/threadReads/{roomId}:{threadId} ----------

/**
 * How far the user has read a thread: their own, exactly roomId, threadId (ids) and lastReadAt
 * (the time of the write), under the key roomId:threadId. No membership is asked: the mark is
 * the user's own state only.
 */
function judgeThreadRead(c: Ctx, owner: string, key: string, w: Write): void {
  need(owner === c.uid, 'only your own thread read marks');
  need(w.data !== null, 'thread read marks are not deleted by clients');
  const d = w.data as Doc;
  exactKeys(d, ['roomId', 'threadId', 'lastReadAt'], 'a thread read mark');
  need(isId(d.roomId) && isId(d.threadId), 'roomId and threadId: ids');
  need(key === `${d.roomId as string}:${d.threadId as string}`, 'the key is roomId:threadId');
  need(isNow(d.lastReadAt), 'lastReadAt == request.time');
}
