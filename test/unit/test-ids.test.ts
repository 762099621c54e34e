/**
 * The suite's random ids become names and texts the server screens: none may be one the shipped
 * blocklist masks, or a test fails for nothing (a load test's join was refused once: the server had
 * masked its simulated person's random name, one like "load5 a55t", under it).
 */
import { describe, expect, it } from 'vitest';
import { builtInHits } from '../../functions/src/lib/blocklist';
import { uniqueId } from '../support/ids';

describe('uniqueId', () => {
  // 15,000 texts through the blocklist: about 3 s of one core, more than vitest's default 5 s
  // timeout on a shared 2-CPU machine that is busy (it timed out there once at 8.2 s)
  it('never makes an id, or a short name from its tail, that the shipped blocklist masks', { timeout: 60_000 }, () => {
    const masked: string[] = [];
    for (let i = 0; i < 5_000; i++) {
      const id = uniqueId('load');
      for (const text of [id, `load${i % 10} ${id.slice(-4)}`, `Plants ${id.slice(-6)}`]) {
        if (builtInHits(text).length > 0) masked.push(text);
      }
    }
    expect(masked).toEqual([]);
  });
});
