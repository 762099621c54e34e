import { onSchedule } from 'firebase-functions/v2/scheduler';
import { db } from '../lib/admin.js';
import { logOutcome } from '../lib/log.js';
import { refreshStats } from '../lib/stats.js';

/**
 * Every 10 minutes: today's and yesterday's figures into stats/{day} (lib/stats.ts refreshStats),
 * summed from the senders' own counts instead of one app-wide document written by every message.
 */
export const dailyStats = onSchedule(
  { schedule: 'every 10 minutes', timeoutSeconds: 120, maxInstances: 1 },
  async (event) => {
    const started = Date.now();
    const { today, messages } = await refreshStats(db());
    logOutcome('dailyStats', started, {
      eventId: event.jobName ?? `dailyStats_${started}`,
      outcome: 'refreshed',
      day: today,
      messages,
    });
  },
);
