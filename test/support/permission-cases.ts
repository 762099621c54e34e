/**
 * One table of who may do what in a room, read twice: test/unit/permissions.test.ts checks
 * web/src/lib/permissions.ts against it, and test/rules/permissions.test.ts performs each case
 * with the app's own data functions against firestore.rules. So the UI offers exactly what the
 * server takes; a case where they disagree fails one of the two.
 *
 * The cast of every group room: ana owns it, adi and ada administer it, ben and bob are members,
 * max is a member muted for an hour, eve is signed in and not a member. A direct room is ben's
 * and bob's.
 */
import { EDIT_WINDOW_MS, type RoomKind, type RoomRole } from '@chat/shared';

export const CAST: Record<string, RoomRole> = {
  ana: 'owner',
  adi: 'admin',
  ada: 'admin',
  ben: 'member',
  bob: 'member',
  max: 'member',
};
export const DIRECT_CAST: Record<string, RoomRole> = { ben: 'member', bob: 'member' };
export const MUTED = 'max';
export const MUTE_MS = 3_600_000;

/** A message already in the room, seeded before the case. */
export interface SeededMessage {
  author: string;
  ageMs: number;
  deleted?: boolean;
  kind?: 'text' | 'system';
  /** a reply in the thread of message `threadId` (m0, which need not exist for the case) */
  threadId?: string;
}

type Target = { target: string };
export type PermissionAction =
  | { action: 'send' }
  | { action: 'edit' | 'delete' | 'react' | 'report' | 'thread'; message: SeededMessage }
  | ({ action: 'setRole'; role: 'admin' | 'member' } & Target)
  | ({ action: 'mute' | 'kick' | 'ban' } & Target)
  | { action: 'leave' | 'settings' | 'invite' };

export type PermissionCase = PermissionAction & {
  name: string;
  actor: string;
  /** 'private' unless the case says otherwise */
  room?: RoomKind;
  allowed: boolean;
};

const fresh = (author: string, extra: Partial<SeededMessage> = {}): SeededMessage => ({ author, ageMs: 60_000, ...extra });
/** Well past the edit window: a minute either side keeps the case clear of clock skew. */
const stale = (author: string): SeededMessage => ({ author, ageMs: EDIT_WINDOW_MS + 60_000 });

export const PERMISSION_CASES: PermissionCase[] = [
  { name: 'a member sends', action: 'send', actor: 'ben', allowed: true },
  { name: 'an admin sends', action: 'send', actor: 'adi', allowed: true },
  { name: 'a muted member sends', action: 'send', actor: MUTED, allowed: false },
  { name: 'an outsider sends', action: 'send', actor: 'eve', allowed: false },

  { name: 'the author edits within the window', action: 'edit', actor: 'ben', message: fresh('ben'), allowed: true },
  { name: 'the author edits after the window', action: 'edit', actor: 'ben', message: stale('ben'), allowed: false },
  { name: "the owner edits someone else's message", action: 'edit', actor: 'ana', message: fresh('ben'), allowed: false },
  { name: 'the author edits a redacted message', action: 'edit', actor: 'ben', message: fresh('ben', { deleted: true }), allowed: false },
  { name: 'the author edits a system message', action: 'edit', actor: 'ben', message: fresh('ben', { kind: 'system' }), allowed: false },

  { name: 'the author deletes an old message', action: 'delete', actor: 'ben', message: stale('ben'), allowed: true },
  { name: "an admin deletes a member's message", action: 'delete', actor: 'adi', message: fresh('ben'), allowed: true },
  { name: "the owner deletes an admin's message", action: 'delete', actor: 'ana', message: fresh('adi'), allowed: true },
  { name: "a member deletes someone else's message", action: 'delete', actor: 'bob', message: fresh('ben'), allowed: false },
  { name: 'an outsider deletes a message', action: 'delete', actor: 'eve', message: fresh('ben'), allowed: false },
  { name: 'an admin deletes a system message', action: 'delete', actor: 'adi', message: fresh('ben', { kind: 'system' }), allowed: false },

  { name: "a member reacts to someone's message", action: 'react', actor: 'bob', message: fresh('ben'), allowed: true },
  { name: 'a member reacts to their own message', action: 'react', actor: 'ben', message: stale('ben'), allowed: true },
  { name: 'an outsider reacts', action: 'react', actor: 'eve', message: fresh('ben'), allowed: false },
  { name: 'a member reacts to a system message', action: 'react', actor: 'bob', message: fresh('ben', { kind: 'system' }), allowed: false },

  { name: "a member reports someone's message", action: 'report', actor: 'bob', message: stale('ben'), allowed: true },
  { name: "an admin reports a member's message", action: 'report', actor: 'adi', message: fresh('ben'), allowed: true },
  { name: 'a muted member reports a message', action: 'report', actor: MUTED, message: fresh('ben'), allowed: true },
  { name: 'a member reports their own message', action: 'report', actor: 'ben', message: fresh('ben'), allowed: false },
  { name: 'an outsider reports a message', action: 'report', actor: 'eve', message: fresh('ben'), allowed: false },
  { name: 'a member reports a system message', action: 'report', actor: 'bob', message: fresh('ben', { kind: 'system' }), allowed: false },

  { name: "a member replies in a message's thread", action: 'thread', actor: 'bob', message: stale('ben'), allowed: true },
  { name: 'the author replies in their own thread', action: 'thread', actor: 'ben', message: fresh('ben'), allowed: true },
  { name: 'a muted member replies in a thread', action: 'thread', actor: MUTED, message: fresh('ben'), allowed: false },
  { name: 'an outsider replies in a thread', action: 'thread', actor: 'eve', message: fresh('ben'), allowed: false },
  { name: 'a member replies in the thread of a system message', action: 'thread', actor: 'bob', message: fresh('ben', { kind: 'system' }), allowed: false },
  { name: 'a member starts a thread on a thread reply', action: 'thread', actor: 'bob', message: fresh('ben', { threadId: 'm0' }), allowed: false },

  { name: 'the owner makes a member admin', action: 'setRole', actor: 'ana', target: 'ben', role: 'admin', allowed: true },
  { name: 'the owner makes an admin a member', action: 'setRole', actor: 'ana', target: 'adi', role: 'member', allowed: true },
  { name: 'an admin makes a member admin', action: 'setRole', actor: 'adi', target: 'ben', role: 'admin', allowed: false },
  { name: 'an admin makes another admin a member', action: 'setRole', actor: 'adi', target: 'ada', role: 'member', allowed: false },
  { name: 'an admin demotes the owner', action: 'setRole', actor: 'adi', target: 'ana', role: 'member', allowed: false },
  { name: 'a member makes themselves admin', action: 'setRole', actor: 'ben', target: 'ben', role: 'admin', allowed: false },

  { name: 'the owner mutes an admin', action: 'mute', actor: 'ana', target: 'adi', allowed: true },
  { name: 'an admin mutes a member', action: 'mute', actor: 'adi', target: 'ben', allowed: true },
  { name: 'an admin mutes another admin', action: 'mute', actor: 'adi', target: 'ada', allowed: false },
  { name: 'an admin mutes themselves', action: 'mute', actor: 'adi', target: 'adi', allowed: false },
  { name: 'a member mutes a member', action: 'mute', actor: 'ben', target: 'bob', allowed: false },

  { name: 'the owner kicks an admin', action: 'kick', actor: 'ana', target: 'adi', allowed: true },
  { name: 'an admin kicks a member', action: 'kick', actor: 'ada', target: 'bob', allowed: true },
  { name: 'an admin kicks the owner', action: 'kick', actor: 'adi', target: 'ana', allowed: false },
  { name: 'an admin kicks another admin', action: 'kick', actor: 'adi', target: 'ada', allowed: false },
  { name: 'a member kicks a member', action: 'kick', actor: 'ben', target: 'bob', allowed: false },
  { name: 'an outsider kicks a member', action: 'kick', actor: 'eve', target: 'ben', allowed: false },
  { name: 'someone in a direct room kicks the other', action: 'kick', actor: 'ben', target: 'bob', room: 'direct', allowed: false },

  { name: 'the owner bans an admin', action: 'ban', actor: 'ana', target: 'adi', allowed: true },
  { name: 'an admin bans a member', action: 'ban', actor: 'adi', target: 'ben', allowed: true },
  { name: 'an admin bans another admin', action: 'ban', actor: 'adi', target: 'ada', allowed: false },
  { name: 'an admin bans themselves', action: 'ban', actor: 'adi', target: 'adi', allowed: false },
  { name: 'a member bans a member', action: 'ban', actor: 'ben', target: 'bob', allowed: false },

  { name: 'a member leaves', action: 'leave', actor: 'ben', allowed: true },
  { name: 'an admin leaves', action: 'leave', actor: 'adi', allowed: true },
  { name: 'the owner leaves', action: 'leave', actor: 'ana', allowed: false },
  { name: 'someone leaves a direct room', action: 'leave', actor: 'ben', room: 'direct', allowed: false },

  { name: 'the owner changes the settings', action: 'settings', actor: 'ana', allowed: true },
  { name: 'an admin changes the settings of a public room', action: 'settings', actor: 'adi', room: 'public', allowed: true },
  { name: 'a member changes the settings', action: 'settings', actor: 'ben', allowed: false },
  { name: 'an outsider changes the settings of a public room', action: 'settings', actor: 'eve', room: 'public', allowed: false },
  { name: 'someone changes the settings of a direct room', action: 'settings', actor: 'ben', room: 'direct', allowed: false },

  { name: 'the owner makes an invite link', action: 'invite', actor: 'ana', allowed: true },
  { name: 'an admin makes an invite link', action: 'invite', actor: 'adi', allowed: true },
  { name: 'a member makes an invite link', action: 'invite', actor: 'ben', allowed: false },
  { name: 'an admin makes an invite link to a public room', action: 'invite', actor: 'adi', room: 'public', allowed: false },
];

/** The room id a case plays in, and its members with their roles. */
export function roomOf(c: PermissionCase): { roomId: string; kind: RoomKind; cast: Record<string, RoomRole> } {
  const kind = c.room ?? 'private';
  return kind === 'direct'
    ? { roomId: 'dm_ben_bob', kind, cast: DIRECT_CAST }
    : { roomId: `${kind}-room`, kind, cast: CAST };
}
