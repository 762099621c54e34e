/**
 * The suite's random ids become names and texts the server screens: none may be one the shipped
 * blocklist masks, or a test fails for nothing (a load test's join was refused once: the server had
 * masked its simulated person's random name, one like "load5 a55t", under it).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { builtInHits } from '../../functions/src/lib/blocklist';
import { uniqueId } from '../support/ids';

describe('uniqueId', () => {
  // 20,000 texts through the blocklist: about 4 s of one core, more than vitest's default 5 s
  // timeout on a shared 2-CPU machine that is busy (it timed out there once at 8.2 s)
  it('never makes an id, or a short name from its tail, that the shipped blocklist masks', { timeout: 60_000 }, () => {
    const masked: string[] = [];
    for (let i = 0; i < 5_000; i++) {
      const id = uniqueId('load');
      // a person's name, a seeded room's (e2e/support/admin.ts seedRoom) and a created room's
      for (const text of [id, `load${i % 10} ${id.slice(-4)}`, `club-${id.slice(-5)}`, `Plants ${id.slice(-6)}`]) {
        if (builtInHits(text).length > 0) masked.push(text);
      }
    }
    expect(masked).toEqual([]);
  });

  describe('at a time whose digits spell a word', () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('still makes ids, none of them masked (it threw for as long as the time spelled it)', () => {
      const spelled = parseInt('mxdickzz', 36);
      vi.spyOn(Date, 'now').mockReturnValue(spelled);
      expect(builtInHits(`load${spelled.toString(36)}`).length).toBeGreaterThan(0);
      const ids = Array.from({ length: 50 }, () => uniqueId('load'));
      expect(ids.filter((id) => builtInHits(id).length > 0)).toEqual([]);
      expect(new Set(ids).size).toBe(50);
    });
  });
});
