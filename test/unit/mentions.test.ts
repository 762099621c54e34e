import { describe, expect, it } from 'vitest';
import { insertMention, mentionQueryAt, resolveMentions, suggestMentions } from '../../web/src/lib/mentions';

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
});
