import { onTaskDispatched } from 'firebase-functions/v2/tasks';
import { db } from '../lib/admin.js';
import { flushKey, type FlushTask } from '../lib/flushLater.js';
import { traced } from '../lib/log.js';

const FN = 'flushCoalesced';

/**
 * A delayed flush (lib/flushLater.ts): a trigger that found a summary written less than its
 * interval ago asked for this task at the moment the interval is up, instead of sleeping until
 * then. Cloud Tasks runs it at that time; the emulator runs it at once and the flush waits for
 * it (coalesce.ts flushAsTask). A failed flush is retried (the marks stay until a flush succeeds).
 */
export const flushCoalesced = onTaskDispatched<FlushTask>(
  {
    retryConfig: { maxAttempts: 10, minBackoffSeconds: 2, maxBackoffSeconds: 60 },
    rateLimits: { maxConcurrentDispatches: 100 },
    timeoutSeconds: 120,
  },
  async (request) => {
    const key = String(request.data?.key ?? '');
    const due = request.data?.dueMs;
    const dueMs = typeof due === 'number' && Number.isFinite(due) ? due : undefined;
    await traced(FN, { eventId: request.id, key }, () => flushKey(db(), key, dueMs));
  },
);
