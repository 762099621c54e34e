import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { memberDocument, roomDocument } from '@chat/shared';
import { describe, expect, it } from 'vitest';

const RULES = readFileSync(join(import.meta.dirname, '../../firestore.rules'), 'utf8');

/** The keys the rules' validNewRoom accepts on a room create, exactly. */
function roomCreateKeys(): string[] {
  const found = /function validNewRoom\(roomId, d\) \{\s*return exactKeys\(d, \[([^\]]*)\]\)/.exec(RULES);
  if (!found) throw new Error('firestore.rules: validNewRoom no longer starts with exactKeys(d, [...])');
  return [...found[1]!.matchAll(/'(\w+)'/g)].map((m) => m[1]!);
}

/** The keys the rules' validMemberShape accepts on a member create, exactly. */
function memberKeys(): string[] {
  const found = /function validMemberShape\(uid\) \{[^}]*?exactKeys\(d, \[([^\]]*)\]\)/.exec(RULES);
  if (!found) throw new Error('firestore.rules: validMemberShape no longer checks exactKeys(d, [...])');
  return [...found[1]!.matchAll(/'(\w+)'/g)].map((m) => m[1]!);
}

describe('roomDocument', () => {
  const required = { kind: 'public', name: 'lobby', createdBy: 'ana', createdAt: 'now' } as const;

  it('creates a room with no topic, members, slow mode or messages by default', () => {
    expect(roomDocument(required)).toEqual({
      kind: 'public',
      name: 'lobby',
      topic: '',
      createdBy: 'ana',
      createdAt: 'now',
      memberIds: [],
      slowModeSec: 0,
      lastMessage: null,
      lastMessageAt: null,
      messageCount: 0,
    });
  });

  it('has exactly the keys the rules allow for a room create', () => {
    const keys = roomCreateKeys();
    expect(keys).toContain('messageCount');
    expect(Object.keys(roomDocument(required)).sort()).toEqual([...keys].sort());
    expect(Object.keys(roomDocument({ ...required, memberIds: ['ana'], topic: 'hi' })).sort()).toEqual(
      [...keys].sort(),
    );
  });

  it('applies what a caller gives', () => {
    const given = {
      kind: 'direct',
      name: '',
      topic: 'a topic',
      createdBy: 'ben',
      createdAt: 'then',
      memberIds: ['ana', 'ben'],
      slowModeSec: 30,
      holdUntilScreened: true,
      lastMessage: { id: 'm1', authorId: 'ben', authorName: 'Ben', excerpt: 'hi', at: 'then' },
      lastMessageAt: 'then',
      messageCount: 1,
    } as const;
    expect(roomDocument({ ...given, memberIds: [...given.memberIds] })).toEqual(given);
  });

  it('writes holdUntilScreened only when given, false included', () => {
    expect(roomDocument(required)).not.toHaveProperty('holdUntilScreened');
    expect(roomDocument({ ...required, holdUntilScreened: false })).toHaveProperty('holdUntilScreened', false);
  });

  it('keeps its own copy of memberIds', () => {
    const memberIds = ['ana'];
    const room = roomDocument({ ...required, memberIds });
    memberIds.push('ben');
    expect(room.memberIds).toEqual(['ana']);
  });
});

describe('memberDocument', () => {
  const required = { uid: 'ana', role: 'member', displayName: 'Ana', joinedAt: 'now' } as const;

  it('creates a membership with no mute by default', () => {
    expect(memberDocument(required)).toEqual({
      uid: 'ana',
      role: 'member',
      displayName: 'Ana',
      nameLower: 'ana',
      joinedAt: 'now',
      mutedUntil: null,
    });
  });

  it('carries the mute it is given', () => {
    expect(memberDocument({ ...required, role: 'owner', mutedUntil: 'later' })).toEqual({
      uid: 'ana',
      role: 'owner',
      displayName: 'Ana',
      nameLower: 'ana',
      joinedAt: 'now',
      mutedUntil: 'later',
    });
  });

  it('keeps nameLower, which the @mention search queries, in step with the name', () => {
    expect(memberDocument({ ...required, displayName: 'Ana LIMA Ørsted' }).nameLower).toBe('ana lima ørsted');
  });

  it('has exactly the keys the rules allow for a member create', () => {
    const keys = memberKeys();
    expect(keys).toContain('mutedUntil');
    expect(Object.keys(memberDocument(required)).sort()).toEqual([...keys].sort());
    expect(Object.keys(memberDocument({ ...required, mutedUntil: 'later' })).sort()).toEqual([...keys].sort());
  });
});
