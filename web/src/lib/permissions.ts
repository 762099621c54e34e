import { EDIT_WINDOW_MS, type RoomKind, type RoomRole } from '@chat/shared';

/**
 * What the signed-in user may do in a room, as firestore.rules decides it: the UI offers an
 * action only when the server will take it, so nobody meets a "Not sent" the screen could have
 * spared them. One function per action; test/support/permission-cases.ts holds the cases that
 * test/unit/permissions.test.ts checks here and test/rules/permissions.test.ts against the rules.
 *
 * The rules' ranking: owner > admin > member, and a role acts only on roles below its own.
 */

/** Who is acting, in what room; `role` null for someone who is not a member. */
export interface Actor {
  uid: string | null;
  role: RoomRole | null;
  roomKind: RoomKind | null;
  /** the actor's own room mute (member document), in ms since the epoch */
  mutedUntil: number | null;
}

export interface MessageFacts {
  authorId: string;
  kind: string;
  deleted: boolean;
  /** ms since the epoch; null before the server (or its estimate) gave one */
  createdAt: number | null;
  /** the thread it replies in; null (or absent) for a message of the room itself */
  threadId?: string | null;
}

export interface MemberFacts {
  uid: string;
  role: RoomRole;
}

export function rank(role: RoomRole | null): number {
  return role === 'owner' ? 2 : role === 'admin' ? 1 : role === 'member' ? 0 : -1;
}

const member = (a: Actor) => a.uid !== null && a.role !== null;
const roomAdmin = (a: Actor) => member(a) && rank(a.role) >= 1;
/** Another member, of a lower role than the actor's. */
const above = (a: Actor, t: MemberFacts) => member(a) && t.uid !== a.uid && rank(a.role) > rank(t.role);

export function canSend(a: Actor, now: number): boolean {
  return member(a) && (a.mutedUntil === null || a.mutedUntil <= now);
}

/** Own text message, not redacted, within the edit window. */
export function canEdit(a: Actor, m: MessageFacts, now: number): boolean {
  return (
    member(a) &&
    m.kind === 'text' &&
    m.authorId === a.uid &&
    !m.deleted &&
    m.createdAt !== null &&
    now < m.createdAt + EDIT_WINDOW_MS
  );
}

/** Redaction: the author at any time, or a room owner or admin. Redacting twice changes nothing, so it is not offered. */
export function canDelete(a: Actor, m: MessageFacts): boolean {
  return member(a) && m.kind === 'text' && !m.deleted && (m.authorId === a.uid || rank(a.role) >= 1);
}

/** Reactions go on people's messages; a redacted one has nothing left to react to. */
export function canReact(a: Actor, m: MessageFacts): boolean {
  return member(a) && m.kind === 'text' && !m.deleted;
}

/**
 * Someone else's message, by any member (muted ones too: a mute stops talking, not asking for
 * help). The rules would take a report of a redacted message too; with its text gone there is
 * nothing left for the admins to judge, so it is not offered.
 */
export function canReport(a: Actor, m: MessageFacts): boolean {
  return member(a) && m.kind === 'text' && !m.deleted && m.authorId !== a.uid;
}

/**
 * A thread starts from a message of the room (threads are one level deep: a reply in a thread is
 * answered in the same thread), by anyone who may send. The rules would take a reply to a redacted
 * message; with nothing left to answer it is not offered.
 */
export function canReplyInThread(a: Actor, m: MessageFacts, now: number): boolean {
  return canSend(a, now) && m.kind === 'text' && !m.deleted && !m.threadId;
}

export function canSetRole(a: Actor, t: MemberFacts, role: 'admin' | 'member'): boolean {
  return above(a, t) && rank(a.role) > rank(role) && t.role !== role;
}

export function canMute(a: Actor, t: MemberFacts): boolean {
  return above(a, t);
}

export function canKick(a: Actor, t: MemberFacts): boolean {
  return a.roomKind !== 'direct' && above(a, t);
}

/** A ban comes with the kick in one batch, so it needs what a kick needs. */
export function canBan(a: Actor, t: MemberFacts): boolean {
  return roomAdmin(a) && canKick(a, t);
}

/** Whether any of the member actions (role, mute, kick, ban) applies to `t`. */
export function canManage(a: Actor, t: MemberFacts): boolean {
  return canKick(a, t);
}

export function canLeave(a: Actor): boolean {
  return member(a) && a.roomKind !== 'direct' && a.role !== 'owner';
}

export function canEditSettings(a: Actor): boolean {
  return roomAdmin(a) && a.roomKind !== 'direct';
}

export function canManageInvites(a: Actor): boolean {
  return roomAdmin(a) && a.roomKind === 'private';
}

/** The room's moderation queue: its owner and admins (app admins are checked by the callable). */
export function canModerate(a: Actor): boolean {
  return roomAdmin(a);
}
