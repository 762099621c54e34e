import { logger } from 'firebase-functions';

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

/** Runs a handler and logs its outcome (or its failure, rethrown so the platform sees it). */
export async function traced(
  fn: string,
  fields: Fields,
  run: () => Promise<string>,
): Promise<string> {
  const started = Date.now();
  try {
    const outcome = await run();
    logOutcome(fn, started, { ...fields, outcome });
    return outcome;
  } catch (error) {
    const code = (error as { httpErrorCode?: unknown; code?: unknown }).httpErrorCode ? (error as { code: string }).code : null;
    // a refused call (HttpsError) is an outcome, not a failure of the function
    if (code) logger.warn(fn, { fn, ...fields, outcome: code, ms: Date.now() - started, error: (error as Error).message });
    else logFailure(fn, started, fields, error);
    throw error;
  }
}
