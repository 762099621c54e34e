import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { activeHourMs, memberDocument, roomDocument } from '@chat/shared';
import { describe, expect, it } from 'vitest';

const RULES = readFileSync(join(import.meta.dirname, '../../firestore.rules'), 'utf8');

const quoted = (list: string) => [...list.matchAll(/'(\w+)'/g)].map((m) => m[1]!);

/**
 * The keys the rules accept on a room create, exactly: roomKeys() for a group room
 * (validGroupRoom: exactKeys(d, roomKeys())), and those and more for a direct room
 * (validDirectRoom: exactKeys(d, roomKeys().concat([...]))).
 */
function roomCreateKeys(kind: 'group' | 'direct'): string[] {
  const keys = /function roomKeys\(\) \{\s*return \[([^\]]*)\];/.exec(RULES);
  if (!keys) throw new Error('firestore.rules: roomKeys() no longer returns a list');
  if (!/function validGroupRoom\(roomId, d\) \{\s*return exactKeys\(d, roomKeys\(\)\)/.test(RULES))
    throw new Error('firestore.rules: validGroupRoom no longer starts with exactKeys(d, roomKeys())');
  if (kind === 'group') return quoted(keys[1]!);
  const direct =
    /function validDirectRoom\(roomId, d\) \{[^}]*?exactKeys\(d, roomKeys\(\)\.concat\(\[([^\]]*)\]\)\)/.exec(RULES);
  if (!direct)
    throw new Error('firestore.rules: validDirectRoom no longer checks exactKeys(d, roomKeys().concat([...]))');
  return [...quoted(keys[1]!), ...quoted(direct[1]!)];
}

/** The keys the rules' validMemberShape accepts on a member create, exactly. */
function memberKeys(): string[] {
  const found = /function validMemberShape\(uid\) \{[^}]*?exactKeys\(d, \[([^\]]*)\]\)/.exec(RULES);
  if (!found) throw new Error('firestore.rules: validMemberShape no longer checks exactKeys(d, [...])');
  return [...found[1]!.matchAll(/'(\w+)'/g)].map((m) => m[1]!);
}

describe('roomDocument', () => {
  const required = { kind: 'public', name: 'lobby', createdBy: 'ana', createdAt: 'now' } as const;

  it('creates a room with no topic, slow mode or messages by default, and its creator counted', () => {
    expect(roomDocument(required)).toEqual({
      kind: 'public',
      name: 'lobby',
      topic: '',
      createdBy: 'ana',
      createdAt: 'now',
      memberCount: 1,
      slowModeSec: 0,
      lastMessage: null,
      lastMessageAt: null,
      activeHour: null,
      messageCount: 0,
    });
  });

  it('lists members in memberIds for a direct room only, and counts 2 for one by default, 1 otherwise', () => {
    expect(roomDocument({ ...required, kind: 'private' })).toMatchObject({ memberCount: 1 });
    // a group room keeps no list of its members, whatever it is given
    for (const kind of ['public', 'private'] as const)
      expect(roomDocument({ ...required, kind, memberIds: ['ana', 'ben'] })).not.toHaveProperty('memberIds');
    const direct = roomDocument({ ...required, kind: 'direct', name: '', memberIds: ['ana', 'ben'] });
    expect(direct).toMatchObject({ memberIds: ['ana', 'ben'], memberCount: 2 });
    expect(roomDocument({ ...required, memberCount: 40 }).memberCount).toBe(40);
    expect(roomDocument({ ...required, kind: 'direct', memberCount: 1 }).memberCount).toBe(1);
  });

  it('has exactly the keys the rules allow for a room create', () => {
    const group = roomCreateKeys('group');
    expect(group).toContain('messageCount');
    expect(group).toContain('memberCount');
    expect(group).not.toContain('memberIds');
    for (const kind of ['public', 'private'] as const) {
      expect(Object.keys(roomDocument({ ...required, kind })).sort()).toEqual([...group].sort());
      expect(Object.keys(roomDocument({ ...required, kind, memberIds: ['ana'], topic: 'hi' })).sort()).toEqual(
        [...group].sort(),
      );
    }
    const direct = roomCreateKeys('direct');
    expect(direct).toContain('memberIds');
    expect(Object.keys(roomDocument({ ...required, kind: 'direct', memberIds: ['ana', 'ben'] })).sort()).toEqual(
      [...direct].sort(),
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
      memberCount: 2,
      slowModeSec: 30,
      holdUntilScreened: true,
      lastMessage: { id: 'm1', authorId: 'ben', authorName: 'Ben', excerpt: 'hi', at: 'then' },
      lastMessageAt: 'then',
      activeHour: 'that hour',
      messageCount: 1,
    } as const;
    expect(roomDocument({ ...given, memberIds: [...given.memberIds] })).toEqual(given);
  });

  it('writes holdUntilScreened only when given, false included', () => {
    expect(roomDocument(required)).not.toHaveProperty('holdUntilScreened');
    expect(roomDocument({ ...required, holdUntilScreened: false })).toHaveProperty('holdUntilScreened', false);
  });

  it('keeps its own copy of memberIds', () => {
    const memberIds = ['ana', 'ben'];
    const room = roomDocument({ ...required, kind: 'direct', memberIds });
    memberIds.push('cy');
    expect(room.memberIds).toEqual(['ana', 'ben']);
  });
});

describe('activeHourMs', () => {
  it('is the start of the UTC hour of the time it is given, the same for every time in that hour', () => {
    const hour = Date.UTC(2026, 11, 3, 11, 0, 0);
    expect(activeHourMs(hour)).toBe(hour);
    expect(activeHourMs(hour + 59 * 60_000 + 59_999)).toBe(hour);
    expect(activeHourMs(hour - 1)).toBe(hour - 3_600_000);
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
