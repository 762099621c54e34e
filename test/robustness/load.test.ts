/**
 * Load: people in several rooms send at once through the app's own data layer; every reader of a
 * room receives every message exactly once and all readers agree on the order. Sizes come from
 * CHAT_LOAD_USERS / CHAT_LOAD_ROOMS / CHAT_LOAD_MESSAGES (`npm run soak` sets them large);
 * CHAT_LOAD_REPORT names a file to write the figures to; CHAT_LOAD_FUNCTIONS=0 says the Functions
 * are not running (the soak), so no join notices are waited for; CHAT_LOAD_SEND_UNTIL (epoch ms) ends
 * the sending (what was sent is still settled and reported, and the test fails on the count), and
 * CHAT_LOAD_SETTLE_UNTIL how long delivery may take after it.
 */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runLoad } from './load/harness';

const size = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

describe('load', () => {
  it('delivers every message to every reader of its room exactly once, in one agreed order', async () => {
    const report = await runLoad({
      users: size('CHAT_LOAD_USERS', 10),
      rooms: size('CHAT_LOAD_ROOMS', 3),
      messages: size('CHAT_LOAD_MESSAGES', 500),
      roomsPerUser: size('CHAT_LOAD_ROOMS_PER_USER', 2),
      functions: process.env.CHAT_LOAD_FUNCTIONS !== '0',
      sendUntil: process.env.CHAT_LOAD_SEND_UNTIL ? Number(process.env.CHAT_LOAD_SEND_UNTIL) : undefined,
      settleUntil: process.env.CHAT_LOAD_SETTLE_UNTIL ? Number(process.env.CHAT_LOAD_SETTLE_UNTIL) : undefined,
      log: (line) => console.log(`[load] ${line}`),
    });
    const { problems, ...figures } = report;
    console.log(`[load] ${JSON.stringify(figures)}`);
    if (process.env.CHAT_LOAD_REPORT)
      writeFileSync(process.env.CHAT_LOAD_REPORT, `${JSON.stringify(report, null, 2)}\n`);
    // CI keeps the first line of a failure: the problems go in it
    expect(problems, `${problems.length} problems: ${problems.join(' ¦ ')}`).toEqual([]);
    expect({
      refused: report.refused,
      lost: report.lost,
      duplicated: report.duplicated,
      misordered: report.misordered,
    }).toEqual({
      refused: 0,
      lost: 0,
      duplicated: 0,
      misordered: 0,
    });
    // the emulator's lock timeouts (harness EMULATOR_LOOKUP_TIMEOUT) are sent again, and stay rare
    expect(report.lookupTimeouts).toBeLessThanOrEqual(Math.ceil(report.sent / 100));
    expect(report.sent).toBe(size('CHAT_LOAD_MESSAGES', 500));
    expect(report.delivered).toBe(report.expectedDeliveries);
  });
});
