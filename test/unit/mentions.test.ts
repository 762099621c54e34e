import { describe, expect, it } from 'vitest';
import {
  insertMention,
  mentionQueryAt,
  needsMemberSearch,
  resolveMentions,
  suggestMentions,
  uniqueCandidates,
} from '../../web/src/lib/mentions';

const people = [
  { uid: 'a', displayName: 'Ana Lima' },
  { uid: 'b', displayName: 'Ben' },
  { uid: 'c', displayName: 'Bea Smith' },
  { uid: 'd', displayName: 'Carla Bento' },
];

describe('mentions', () => {
  it('finds the @query being typed at the caret', () => {
    expect(mentionQueryAt('hi @Be', 6)).toEqual({ start: 3, query: 'Be' });
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQueryAt('mail a@b', 8)).toBeNull();
    expect(mentionQueryAt('no at here', 10)).toBeNull();
    expect(mentionQueryAt('@a\nb', 4)).toBeNull();
  });

  it('suggests members by name prefix or word prefix, not yourself', () => {
    expect(suggestMentions(people, 'be', 'x').map((p) => p.uid)).toEqual(['c', 'b', 'd']);
    expect(suggestMentions(people, 'be', 'b').map((p) => p.uid)).toEqual(['c', 'd']);
    expect(suggestMentions(people, 'lim', null).map((p) => p.uid)).toEqual(['a']);
  });

  it('inserts the chosen name and moves the caret after it', () => {
    const text = 'hey @be how';
    const q = mentionQueryAt(text, 7)!;
    expect(insertMention(text, q, 7, 'Ben')).toEqual({ text: 'hey @Ben how', caret: 9 });
  });

  it('resolves whole-name mentions to uids', () => {
    expect(resolveMentions('@Ana Lima and @Ben!', people)).toEqual(['a', 'b']);
    expect(resolveMentions('@Benny', people)).toEqual([]);
    expect(resolveMentions('@ben @ben', people)).toEqual(['b']);
  });

  it("merges the loaded members with the server's answer and the picks, each uid once, the loaded entry winning", () => {
    const found = [
      { uid: 'b', displayName: 'Ben (stale)' },
      { uid: 'z', displayName: 'Bella Zed' },
    ];
    const picked = [
      { uid: 'z', displayName: 'Bella Zed' },
      { uid: 'y', displayName: 'Yara' },
    ];
    expect(uniqueCandidates(people, found, picked)).toEqual([...people, found[1], picked[1]]);
    expect(uniqueCandidates()).toEqual([]);
    // the merged list is ranked as one: whole-name matches first, by name, then later words
    expect(suggestMentions(uniqueCandidates(people, found), 'be', 'x').map((p) => p.uid)).toEqual(['c', 'z', 'b', 'd']);
  });

  it('resolves a picked member who is not among the loaded ones', () => {
    const far = { uid: 'far', displayName: 'Quilla Far' };
    expect(resolveMentions('hi @Quilla Far', people)).toEqual([]);
    expect(resolveMentions('hi @Quilla Far', uniqueCandidates(people, [far]))).toEqual(['far']);
  });

  it('asks the server only for a typed prefix when the loaded page may not hold every member', () => {
    expect(needsMemberSearch('', 100, 150, 100)).toBe(false);
    expect(needsMemberSearch('a', 100, 150, 100)).toBe(true);
    expect(needsMemberSearch('a', 40, 41, 100)).toBe(true);
    expect(needsMemberSearch('a', 40, 40, 100)).toBe(false);
    // a full page says there may be more, whatever the room's count says
    expect(needsMemberSearch('a', 100, 100, 100)).toBe(true);
  });
});
