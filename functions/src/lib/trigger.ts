/**
 * How every function is deployed, decided in one place (README "Cloud Functions" documents it and
 * the deploy-readiness check in test/deploy holds the two together):
 * - the region, from the `REGION` param (functions/.env, or functions/.env.<project-id> for one
 *   project), which must match the Firestore database's location so triggers do not cross regions;
 * - a cap on instances, so a burst or a loop cannot scale the bill without bound;
 * - for Firestore triggers, retries: 2nd-gen triggers drop a failed event unless `retry` is set, and
 *   every trigger here claims its event or derives its output from the event id, so a retry cannot
 *   double an effect. A poison event (one that fails every time) must not retry for the platform's
 *   whole retry window, so an event older than MAX_EVENT_AGE_MS is logged as an error and dropped.
 *
 * Import the Firestore trigger factories from here instead of 'firebase-functions/v2/firestore':
 * same signatures, with retry and the age guard built in.
 */
import type { Timestamp } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import { defineString, type Expression } from 'firebase-functions/params';
import { setGlobalOptions } from 'firebase-functions/v2';
import * as firestore from 'firebase-functions/v2/firestore';

/** Where the functions run: the Firestore database's location (nam5 → us-central1, eur3 → europe-west1). */
export const REGION: Expression<string> = defineString('REGION', {
  default: 'us-central1',
  description: 'Cloud Functions region: the location of the Firestore database (nam5 → us-central1, eur3 → europe-west1)',
});

/** Per function; at the default concurrency of 80 that is 800 events in flight before Eventarc backs off. */
export const MAX_INSTANCES = 10;

setGlobalOptions({ region: REGION, maxInstances: MAX_INSTANCES });

/**
 * An hour of retries (backoff from 10 s up to 10 min, about a dozen attempts) outlasts a transient
 * Firestore or deploy hiccup; beyond it an event is treated as poison. Well under the 7 days that
 * the cleanup keeps processedEvents claims, so a late retry still finds its claim.
 */
export const MAX_EVENT_AGE_MS = 60 * 60_000;

/** Whether an event (a CloudEvent's `time`, a 1st-gen context's `timestamp`) is past retrying. */
export function isTooOld(event: { time: string } | { timestamp: string }, now = Date.now()): boolean {
  const at = Date.parse('time' in event ? event.time : event.timestamp);
  return Number.isFinite(at) && now - at > MAX_EVENT_AGE_MS;
}

/** Logs a dropped event as an error, so it shows in Error Reporting instead of vanishing. */
export function logDropped(fn: string, eventId: string, time: string, fields: Record<string, unknown> = {}): void {
  logger.error(fn, { fn, eventId, ...fields, outcome: 'too-old', ageMs: Date.now() - Date.parse(time) });
}

/** An event handled this long after its write is logged: a backlog shows before users see it. */
export const LATE_EVENT_MS = 10_000;

interface Stamped {
  exists?: boolean;
  updateTime?: Timestamp;
}

/**
 * When the event's write was committed: the written document's updateTime (a create's or an
 * update's; the `after` of a write), exact to the microsecond, else the event's `time` (a
 * delete). Not `time` alone: the emulator sets it at delivery, to the second, so a queue of
 * events would never look late there, and a notice dated by it would land after the messages
 * that followed what it tells of.
 */
export function writtenAt(event: { type?: string; time: string; data?: unknown }): Timestamp | string {
  const data = event.data as (Stamped & { after?: Stamped }) | undefined;
  const stamped = data?.after ? (data.after.exists ? data.after : undefined) : event.type?.endsWith('.deleted') ? undefined : data;
  return stamped?.updateTime ?? event.time;
}

/** writtenAt in ms. */
export function writtenAtMs(event: { type?: string; time: string; data?: unknown }): number {
  const at = writtenAt(event);
  return typeof at === 'string' ? Date.parse(at) : at.toMillis();
}

type Event = firestore.FirestoreEvent<unknown, Record<string, string>>;

function guarded<E extends Event>(handler: (event: E) => unknown): (event: E) => Promise<void> {
  return async (event) => {
    const fn = process.env.FUNCTION_TARGET ?? process.env.K_SERVICE ?? 'trigger';
    if (isTooOld(event)) {
      logDropped(fn, event.id, event.time, { document: event.document });
      return;
    }
    const lagMs = Date.now() - writtenAtMs(event);
    if (lagMs > LATE_EVENT_MS) logger.warn(fn, { fn, eventId: event.id, document: event.document, outcome: 'late', lagMs });
    await handler(event);
  };
}

function retrying<D extends string>(documentOrOptions: D | firestore.DocumentOptions<D>): firestore.DocumentOptions<D> {
  return typeof documentOrOptions === 'string'
    ? { document: documentOrOptions, retry: true }
    : { ...documentOrOptions, retry: true };
}

export function onDocumentCreated<D extends string>(
  document: D | firestore.DocumentOptions<D>,
  handler: Parameters<typeof firestore.onDocumentCreated<D>>[1],
) {
  return firestore.onDocumentCreated(retrying(document), guarded(handler));
}

export function onDocumentUpdated<D extends string>(
  document: D | firestore.DocumentOptions<D>,
  handler: Parameters<typeof firestore.onDocumentUpdated<D>>[1],
) {
  return firestore.onDocumentUpdated(retrying(document), guarded(handler));
}

export function onDocumentDeleted<D extends string>(
  document: D | firestore.DocumentOptions<D>,
  handler: Parameters<typeof firestore.onDocumentDeleted<D>>[1],
) {
  return firestore.onDocumentDeleted(retrying(document), guarded(handler));
}

export function onDocumentWritten<D extends string>(
  document: D | firestore.DocumentOptions<D>,
  handler: Parameters<typeof firestore.onDocumentWritten<D>>[1],
) {
  return firestore.onDocumentWritten(retrying(document), guarded(handler));
}
