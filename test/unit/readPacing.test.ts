import { describe, expect, it } from 'vitest';
import {
  BUSY_DELAY_MS,
  BUSY_MESSAGES,
  BUSY_WINDOW_MS,
  QUIET_DELAY_MS,
  cursorDelay,
  recentSeen,
} from '../../web/src/lib/readPacing';

/** The delay of each of `times` (ms), as the store meets them one by one. */
function delays(times: number[]): number[] {
  let recent: number[] = [];
  return times.map((t) => {
    recent = recentSeen(recent, t);
    return cursorDelay(recent);
  });
}

describe('read cursor pacing', () => {
  it('writes almost at once in a quiet conversation, two quick lines included', () => {
    expect(delays([0, 400, 9_000, 9_300, 30_000])).toEqual(Array(5).fill(QUIET_DELAY_MS));
    expect(QUIET_DELAY_MS).toBeLessThan(500);
  });

  it('waits in a busy room: a steady stream of messages', () => {
    const tenASecond = Array.from({ length: 50 }, (_, i) => i * 100);
    const d = delays(tenASecond);
    expect(d.slice(0, BUSY_MESSAGES - 1)).toEqual(Array(BUSY_MESSAGES - 1).fill(QUIET_DELAY_MS));
    expect(d.slice(BUSY_MESSAGES - 1)).toEqual(Array(50 - BUSY_MESSAGES + 1).fill(BUSY_DELAY_MS));
    // one a second is busy too
    expect(delays(Array.from({ length: 6 }, (_, i) => i * 1000)).at(-1)).toBe(BUSY_DELAY_MS);
    // a reader keeping up with 10 messages a second writes at most once per delay, not per message
    expect(BUSY_DELAY_MS / 100).toBeGreaterThanOrEqual(20);
  });

  it('is quiet again once the stream stops for the window', () => {
    const burst = Array.from({ length: 10 }, (_, i) => i * 100);
    expect(delays([...burst, 900 + BUSY_WINDOW_MS]).at(-1)).toBe(QUIET_DELAY_MS);
  });
});
