import { logger } from 'firebase-functions';
import { meterRun, recordMeter } from './meter.js';

export interface Fields {
  eventId: string;
  roomId?: string;
  [key: string]: unknown;
}

export interface Outcome extends Fields {
  outcome: string;
}

/** One structured line per invocation, so logs can be filtered by function, room and outcome. */
export function logOutcome(fn: string, started: number, fields: Outcome): void {
  logger.info(fn, { fn, ...fields, ms: Date.now() - started });
}

export function logFailure(fn: string, started: number, fields: Fields, error: unknown): void {
  logger.error(fn, {
    fn,
    ...fields,
    outcome: 'error',
    ms: Date.now() - started,
    error: error instanceof Error ? error.message : String(error),
  });
}

/**
 * Runs a handler and logs its outcome (or its failure, rethrown so the platform sees it).
 * `outcomeOf` names the outcome of a result that is not itself a string.
 */
export async function traced<T = string>(
  fn: string,
  fields: Fields,
  run: () => Promise<T>,
  outcomeOf: (result: T) => string = String,
): Promise<T> {
  const started = Date.now();
  try {
    const { result, meter } = await meterRun(run);
    // (with CHAT_METER only: the benchmark's record of what the part cost)
    if (meter) recordMeter(fn, fields, meter);
    logOutcome(fn, started, { ...fields, outcome: outcomeOf(result) });
    return result;
  } catch (error) {
    const refused = (error as { httpErrorCode?: unknown }).httpErrorCode !== undefined;
    // a refused call (HttpsError) is an outcome, not a failure of the function
    if (refused) {
      logger.warn(fn, { fn, ...fields, outcome: (error as { code: string }).code, ms: Date.now() - started, error: (error as Error).message });
    } else {
      logFailure(fn, started, fields, error);
    }
    throw error;
  }
}
