import { EDIT_WINDOW_MS } from '@chat/shared';
import { describe, expect, it } from 'vitest';
import {
  canBan,
  canDelete,
  canEdit,
  canEditSettings,
  canKick,
  canLeave,
  canManage,
  canManageInvites,
  canMute,
  canReact,
  canReplyInThread,
  canReport,
  canSend,
  canSetRole,
  type Actor,
  type MessageFacts,
} from '../../web/src/lib/permissions';
import { MUTED, MUTE_MS, PERMISSION_CASES, roomOf, type PermissionCase } from '../support/permission-cases';

const NOW = Date.UTC(2026, 0, 15, 12);

function decide(c: PermissionCase): boolean {
  const { kind, cast } = roomOf(c);
  const actor: Actor = {
    uid: c.actor,
    role: cast[c.actor] ?? null,
    roomKind: kind,
    mutedUntil: c.actor === MUTED ? NOW + MUTE_MS : null,
  };
  const member = (uid: string) => ({ uid, role: cast[uid] ?? 'member' });
  switch (c.action) {
    case 'send':
      return canSend(actor, NOW);
    case 'edit':
    case 'delete':
    case 'react':
    case 'report':
    case 'thread': {
      const m: MessageFacts = {
        authorId: c.message.author,
        kind: c.message.kind ?? 'text',
        deleted: c.message.deleted ?? false,
        createdAt: NOW - c.message.ageMs,
        threadId: c.message.threadId ?? null,
      };
      return c.action === 'edit'
        ? canEdit(actor, m, NOW)
        : c.action === 'delete'
          ? canDelete(actor, m)
          : c.action === 'react'
            ? canReact(actor, m)
            : c.action === 'thread'
              ? canReplyInThread(actor, m, NOW)
              : canReport(actor, m);
    }
    case 'setRole':
      return canSetRole(actor, member(c.target), c.role);
    case 'mute':
      return canMute(actor, member(c.target));
    case 'kick':
      return canKick(actor, member(c.target));
    case 'ban':
      return canBan(actor, member(c.target));
    case 'leave':
      return canLeave(actor);
    case 'settings':
      return canEditSettings(actor);
    case 'invite':
      return canManageInvites(actor);
  }
}

describe('permissions: the cases the rules are tested with', () => {
  it.each(PERMISSION_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(decide(c)).toBe(c.allowed);
  });
});

describe('permissions: what the UI holds back though the rules would take it', () => {
  const ben: Actor = { uid: 'ben', role: 'member', roomKind: 'public', mutedUntil: null };
  const own = { authorId: 'ben', kind: 'text', deleted: false, createdAt: NOW - 1000 };

  it('a redacted message offers neither delete nor reactions', () => {
    expect(canDelete(ben, { ...own, deleted: true })).toBe(false);
    expect(canReact(ben, { ...own, deleted: true })).toBe(false);
  });

  it('a redacted message is not offered for a report (its text is gone)', () => {
    expect(canReport({ ...ben, uid: 'bob' }, own)).toBe(true);
    expect(canReport({ ...ben, uid: 'bob' }, { ...own, deleted: true })).toBe(false);
  });

  it('setting the role someone already has is not offered', () => {
    const ana: Actor = { ...ben, uid: 'ana', role: 'owner' };
    expect(canSetRole(ana, { uid: 'ben', role: 'member' }, 'member')).toBe(false);
  });

  it('a message without a time yet cannot be edited (its window is unknown)', () => {
    expect(canEdit(ben, { ...own, createdAt: null }, NOW)).toBe(false);
  });

  it('the edit window ends EDIT_WINDOW_MS after the message, as in the rules (request.time < createdAt + window)', () => {
    expect(canEdit(ben, own, own.createdAt + EDIT_WINDOW_MS - 1)).toBe(true);
    expect(canEdit(ben, own, own.createdAt + EDIT_WINDOW_MS)).toBe(false);
  });

  it('a mute that has ended lets the member send again', () => {
    expect(canSend({ ...ben, mutedUntil: NOW }, NOW)).toBe(true);
    expect(canSend({ ...ben, mutedUntil: NOW + 1 }, NOW)).toBe(false);
  });

  it('the Manage button shows for the people someone may kick, and never in a direct room', () => {
    const adi: Actor = { uid: 'adi', role: 'admin', roomKind: 'private', mutedUntil: null };
    expect(canManage(adi, { uid: 'ben', role: 'member' })).toBe(true);
    expect(canManage(adi, { uid: 'ada', role: 'admin' })).toBe(false);
    expect(canManage({ ...adi, role: 'owner', roomKind: 'direct' }, { uid: 'ben', role: 'member' })).toBe(false);
  });
});
