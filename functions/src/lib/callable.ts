import { HttpsError, type CallableRequest } from 'firebase-functions/v2/https';
import { traced } from './log.js';

/**
 * A callable's run, traced like every handler: a call has no event id, so its trace is named by
 * the time and the caller. A signed-out caller is refused (`unauthenticated`, with
 * `signedOutMessage`) before `run` sees the request's data. `fields` adds to the trace.
 */
export function signedInCall<T>(
  fn: string,
  request: CallableRequest,
  signedOutMessage: string,
  run: (auth: NonNullable<CallableRequest['auth']>, data: Record<string, unknown>) => Promise<T>,
  outcomeOf: (result: T) => string,
  fields: Record<string, unknown> = {},
): Promise<T> {
  return traced(
    fn,
    { eventId: `call_${Date.now()}_${request.auth?.uid ?? 'anonymous'}`, ...fields },
    async () => {
      if (!request.auth) throw new HttpsError('unauthenticated', signedOutMessage);
      return run(request.auth, (request.data ?? {}) as Record<string, unknown>);
    },
    outcomeOf,
  );
}
