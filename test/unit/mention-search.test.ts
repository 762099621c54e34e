import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mentionSearch } from '../../web/src/lib/mentionSearch';
import type { MentionCandidate } from '../../web/src/lib/mentions';

/** A search whose answers the test hands out, in any order. */
function controlledSearch() {
  const pending = new Map<string, { resolve: (found: MentionCandidate[]) => void; reject: (e: Error) => void }>();
  const asked: string[] = [];
  const search = (prefix: string) =>
    new Promise<MentionCandidate[]>((resolve, reject) => {
      asked.push(prefix);
      pending.set(prefix, { resolve, reject });
    });
  const answer = async (prefix: string, ...names: string[]) => {
    pending.get(prefix)!.resolve(names.map((n) => ({ uid: n.toLowerCase(), displayName: n })));
    await Promise.resolve();
  };
  const fail = async (prefix: string) => {
    pending.get(prefix)!.reject(new Error('unavailable'));
    await Promise.resolve();
  };
  return { search, asked, answer, fail };
}

describe('mentionSearch', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks once typing pauses, with the latest prefix', () => {
    const s = controlledSearch();
    const server = mentionSearch(s.search, () => {}, 150);
    server.ask('q');
    vi.advanceTimersByTime(100);
    server.ask('qu');
    vi.advanceTimersByTime(100);
    server.ask('qui');
    expect(s.asked).toEqual([]);
    vi.advanceTimersByTime(150);
    expect(s.asked).toEqual(['qui']);
  });

  it('drops an answer that comes back after a later question was asked', async () => {
    const s = controlledSearch();
    const found: string[][] = [];
    const server = mentionSearch(s.search, (f) => found.push(f.map((c) => c.displayName)), 150);
    server.ask('qu');
    vi.advanceTimersByTime(150);
    server.ask('quo');
    vi.advanceTimersByTime(150);
    expect(s.asked).toEqual(['qu', 'quo']);
    await s.answer('quo', 'Quorra');
    await s.answer('qu', 'Quilla', 'Quorra');
    expect(found).toEqual([['Quorra']]);
  });

  it('drops what is pending when the query closes, and a failed search quietly', async () => {
    const s = controlledSearch();
    const found: MentionCandidate[][] = [];
    const server = mentionSearch(s.search, (f) => found.push(f), 150);
    server.ask('an');
    vi.advanceTimersByTime(150);
    server.ask(null);
    await s.answer('an', 'Ana');
    server.ask('be');
    vi.advanceTimersByTime(150);
    await s.fail('be');
    server.ask('bo');
    server.stop();
    vi.advanceTimersByTime(150);
    expect(s.asked).toEqual(['an', 'be']);
    expect(found).toEqual([]);
  });
});
