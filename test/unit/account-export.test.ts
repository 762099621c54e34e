import { describe, expect, it } from 'vitest';
import { assembleExport, exportFileName } from '../../web/src/lib/accountExport';

const page = (messages: string[], first = false) => ({
  profile: first ? { displayName: 'Ana' } : null,
  settings: first ? { mode: 'mentions' } : null,
  memberships: first ? [{ room: 'general', role: 'member' }] : [],
  blocks: first ? ['u2'] : [],
  requests: first ? [{ room: 'dm_u1_u3', from: 'u3', to: 'u1', via: null }] : [],
  renames: first ? [{ room: 'general', topic: 'Say hi' }] : [],
  messages: messages.map((text) => ({ room: 'general', text })),
});

describe('assembleExport', () => {
  it('takes the profile, settings, memberships, blocks, requests and renames from the first page and every page’s messages in order', () => {
    const out = assembleExport([page(['c', 'b'], true), page(['a'])], new Date('2026-12-01T10:00:00Z'));
    expect(out).toEqual({
      exportedAt: '2026-12-01T10:00:00.000Z',
      profile: { displayName: 'Ana' },
      settings: { mode: 'mentions' },
      memberships: [{ room: 'general', role: 'member' }],
      blocks: ['u2'],
      requests: [{ room: 'dm_u1_u3', from: 'u3', to: 'u1', via: null }],
      renames: [{ room: 'general', topic: 'Say hi' }],
      messages: ['c', 'b', 'a'].map((text) => ({ room: 'general', text })),
    });
  });

  it('is an empty document for no pages', () => {
    expect(assembleExport([], new Date(0))).toMatchObject({ profile: null, memberships: [], blocks: [], requests: [], renames: [], messages: [] });
  });
});

describe('exportFileName', () => {
  it('names the file by the local date, zero-padded', () => {
    expect(exportFileName(new Date(2026, 0, 5, 23, 59))).toBe('firechat-data-2026-01-05.json');
    expect(exportFileName(new Date(2026, 11, 31))).toBe('firechat-data-2026-12-31.json');
  });
});
