import { describe, expect, it } from 'vitest';
import { fuzzyMatch } from '../../web/src/lib/fuzzy';
import { shownWhenCollapsed, sidebarSections } from '../../web/src/lib/sidebar';
import { switcherResults } from '../../web/src/lib/switcher';

const entry = (id: string, kind: string, title: string, unread = 0, otherUid: string | null = null) => ({
  room: { id, kind },
  title,
  unread,
  otherUid,
});

describe('fuzzy matching (lib/fuzzy)', () => {
  it('finds the characters in order, ignoring case and accents', () => {
    expect(fuzzyMatch('gnrl', 'general')?.indices).toEqual([0, 2, 4, 6]);
    expect(fuzzyMatch('JOSE', 'José Lima')).not.toBeNull();
    expect(fuzzyMatch('lgn', 'general')).toBeNull();
  });

  it('ranks a prefix over a word start over scattered letters', () => {
    const score = (q: string, name: string) => fuzzyMatch(q, name)?.score ?? -Infinity;
    expect(score('des', 'design')).toBeGreaterThan(score('des', 'ux design'));
    expect(score('des', 'ux design')).toBeGreaterThan(score('des', 'dev chats'));
    expect(fuzzyMatch('gr', 'great room')?.indices).toEqual([0, 1]);
    expect(fuzzyMatch('fr', 'front end room')?.indices).toEqual([0, 1]);
  });
});

describe('quick switcher results (lib/switcher)', () => {
  const entries = [
    entry('general', 'public', 'general', 2),
    entry('dm_a_b', 'direct', 'Ben Lima', 0, 'ben'),
    entry('design', 'private', 'design'),
  ];

  it('with no query, shows my conversations in their order', () => {
    expect(switcherResults('', entries, [], 'ana').map((t) => t.id)).toEqual(['general', 'dm_a_b', 'design']);
  });

  it('matches rooms, direct conversations and people I have no conversation with, best first', () => {
    const people = [
      { id: 'ben', displayName: 'Ben Lima' },
      { id: 'bea', displayName: 'Bea Gomes' },
      { id: 'ana', displayName: 'Ana (me)' },
    ];
    const results = switcherResults('be', entries, people, 'ana');
    expect(results.map((t) => [t.kind, t.id])).toEqual([
      ['direct', 'dm_a_b'],
      ['person', 'bea'],
    ]);
    expect(switcherResults('dsg', entries, people, 'ana').map((t) => t.id)).toEqual(['design']);
  });
});

describe('sidebar sections (lib/sidebar)', () => {
  it('puts starred rooms first and only there, then rooms, then direct messages; empty sections go', () => {
    const entries = [
      entry('a', 'public', 'a'),
      entry('d', 'direct', 'd'),
      entry('b', 'private', 'b'),
      entry('s', 'public', 's'),
    ];
    expect(sidebarSections(entries, new Set(['s', 'd'])).map((s) => [s.key, s.entries.map((e) => e.room.id)])).toEqual([
      ['starred', ['d', 's']],
      ['rooms', ['a', 'b']],
    ]);
  });

  it('puts message requests waiting for me above all, starred or not; my own pending requests stay in direct messages', () => {
    const entries = [
      { ...entry('r', 'direct', 'r'), request: 'incoming' as const },
      { ...entry('o', 'direct', 'o'), request: 'outgoing' as const },
      { ...entry('rs', 'direct', 'rs'), request: 'incoming' as const },
      { ...entry('d', 'direct', 'd'), request: null },
    ];
    expect(sidebarSections(entries, new Set(['rs'])).map((s) => [s.key, s.title, s.entries.map((e) => e.room.id)])).toEqual([
      ['requests', 'Message requests', ['r', 'rs']],
      ['direct', 'Direct messages', ['o', 'd']],
    ]);
  });

  it('a collapsed section shows its unread rooms and the open one', () => {
    const entries = [entry('a', 'public', 'a', 0), entry('b', 'public', 'b', 3), entry('c', 'public', 'c', 0)];
    expect(shownWhenCollapsed(entries, 'c').map((e) => e.room.id)).toEqual(['b', 'c']);
  });
});
