import { randomUUID } from 'node:crypto';
import { type DocumentReference, type Firestore, type QueryDocumentSnapshot, Timestamp } from 'firebase-admin/firestore';
import { converter } from './typed.js';

/** A flusher that dies keeps its lease this long before another invocation may take over. */
const LEASE_MS = 60_000;
/** One invocation hands over after this long, so a room that never goes quiet cannot pin it. */
const MAX_FLUSHING_MS = 40_000;
/** Pending marks taken per flush. */
const BATCH = 300;
const ALREADY_EXISTS = 6;

/**
 * A pending mark: when it was made, and what the flush needs of its event (the receipts: whose
 * cursor moved; the room summary: a join or leave, for which it counts the members, or a
 * redaction, for which it recounts the redacted messages; a message's summaries: the emojis a
 * reaction gave or took back, which it counts, or none for a thread reply, for which it
 * recomputes the thread's summary).
 */
export type PendingMark = { at: number; uid?: string; members?: boolean; redacted?: boolean; emojis?: string[] };
/** Who holds the lease, and until when (ms). */
type Lease = { owner: string; until: number };
/** A quiet key's flush claimed (claimQuiet); Firestore's TTL policy deletes it at `expireAt`. */
type Claim = { expireAt: Timestamp };
const marks = converter<PendingMark>();
const leases = converter<Lease>();
const claims = converter<Claim>();
/** A claim is kept this long (TTL), far longer than any burst whose triggers could still meet it. */
const CLAIM_KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * Server-only state under coalesce/{key}: `pending/{eventId}` marks (one document per event,
 * so concurrent events never contend), `claims/{lastWriteMs}` (a quiet key's flush, one document
 * per quiet spell), `lease/current` (who is flushing when no task or claim can), and on the key's
 * own document `handedOverAt` when a flusher stopped with work left (the clean-up resumes it).
 */
export function coalesceRef(store: Firestore, key: string): DocumentReference {
  return store.collection('coalesce').doc(key);
}

/**
 * Records pending work for `key`: a mark named by the event's id. No claim of the event is needed
 * (nor the transaction a claim costs: a billed read and write per event): every flush recomputes
 * its target from the source documents, so a redelivered event marks the same again, and the
 * flush that follows finds nothing to change.
 */
export async function markPending(
  store: Firestore,
  key: string,
  eventId: string,
  data: Omit<PendingMark, 'at'> = {},
): Promise<void> {
  await pendingRef(store, key)
    .doc(eventId.replace(/\//g, '_'))
    .set({ ...data, at: Date.now() });
}

export interface Coalescer {
  store: Firestore;
  key: string;
  /** at most one flush per this many ms on the target document */
  minIntervalMs: number;
  /** when the target document was last written (ms), or null if never */
  lastWriteMs: () => Promise<number | null>;
  /** writes the target once from the pending marks (read before the flush, deleted after) */
  flush: (pending: QueryDocumentSnapshot<PendingMark>[]) => Promise<void>;
  /**
   * Asks for a flush at `dueMs` (a delayed task, see flushLater.ts) instead of waiting here for the
   * interval to pass. Triggers pass one: a trigger that sleeps holds a billed instance, and the
   * Firestore emulator delivers trigger events one at a time, so there a sleeping trigger held
   * every other trigger of the app behind it (a second per message in a busy room). The delayed
   * task passes one too, to pass its marks on (flushAsTask); without one, the caller waits (the
   * clean-up). Resolves false when no task could be asked for: then the caller waits after all,
   * as it would without one.
   */
  later?: (dueMs: number) => Promise<boolean>;
  /**
   * How long to wait for a lease another flusher holds (ms). A trigger does not wait (the holder
   * sees its mark); the clean-up and a task queued before dueMs was sent do, since a trigger may
   * hold the lease for a moment just to find a task already asked for.
   */
  leaseWaitMs?: number;
  /**
   * The time a delayed task was asked for (flushLater.ts): the task flushes without the lease (see
   * flushAsTask). Absent for triggers, the clean-up, and tasks queued before it was sent.
   */
  dueMs?: number;
  /**
   * Every flush recomputes the target from its sources whatever the marks say (the room summary
   * from the messages), so an event those sources show needs no mark: a task, and the trigger that
   * claims a quiet spell, flush even with none pending (a task is only ever asked for by a caller
   * with work). Marks stay for what the sources do not say (a join, a redaction).
   */
  recomputes?: boolean;
  /**
   * The caller's event made no mark (its work is in the sources, see `recomputes`): the mark it
   * makes if it comes to rely on a flusher that finds work by the marks alone (the lease: no task
   * could be asked for, or the target was never written). A mark per message was a write, a read
   * and a delete of a busy room's every message.
   */
  mark?: () => Promise<void>;
}

/**
 * How a caller flushes: asking for a task instead of waiting (triggers), as the task asked for at
 * `dueMs`, or waiting for the lease (the clean-up).
 */
export type FlushOptions = Pick<Coalescer, 'later' | 'leaseWaitMs' | 'dueMs' | 'mark'>;

/** Below this a wait is cheaper than a task (and covers clock skew between instances). */
const INLINE_WAIT_MS = 100;
const LEASE_POLL_MS = 200;
/** How late into its slot a flush may write and still be that slot's (see nextSlot). */
export const SLOT_SLACK_MS = 250;

/**
 * When the flush after a write at `lastMs` may come: the first slot (a whole multiple of the
 * interval since the epoch) at least an interval after the write, less a slack for how late into
 * its slot a task writes (its run, its reads). Keeping every flush of a key to slots gives each
 * moment one task id: the callers after a write and a caller that found the flush due (it asks
 * for the slot after, not knowing whether the due one has read its mark) name the same task.
 * Before, the one asked an interval after a write and the one asked two intervals after the
 * write before it were two tasks a few milliseconds apart, and the second only handed over: a
 * third of a busy room's tasks. A write later than the slack into its slot moves the next flush
 * one slot on; two flushes are never closer than an interval less the slack.
 */
export function nextSlot(lastMs: number, intervalMs: number): number {
  const slack = Math.min(SLOT_SLACK_MS, intervalMs / 2);
  return Math.ceil((lastMs + intervalMs - slack) / intervalMs) * intervalMs;
}

/**
 * The slot a caller asks a task for after a write at `lastMs`: nextSlot, or, that being now or
 * past (its task may have read the marks before the caller's), the first slot still to come.
 */
function slotToAsk(lastMs: number, intervalMs: number): number {
  return Math.max(nextSlot(lastMs, intervalMs), Math.ceil((Date.now() + INLINE_WAIT_MS) / intervalMs) * intervalMs);
}

function pendingRef(store: Firestore, key: string) {
  return coalesceRef(store, key).collection('pending').withConverter(marks);
}

function claimRef(store: Firestore, key: string, lastWriteMs: number): DocumentReference<Claim> {
  return coalesceRef(store, key).collection('claims').doc(String(lastWriteMs)).withConverter(claims);
}

function leaseRef(store: Firestore, key: string): DocumentReference<Lease> {
  return coalesceRef(store, key).collection('lease').doc('current').withConverter(leases);
}

/** A lease held: its owner id, and the lease document's update time when this holder wrote it. */
type Held = { owner: string; writtenAt: Timestamp };

/** create() is atomic: of many concurrent callers exactly one gets the lease, the rest fail at once. */
async function acquire(ref: DocumentReference<Lease>): Promise<Held | null> {
  const owner = randomUUID();
  try {
    const { writeTime } = await ref.create({ owner, until: Date.now() + LEASE_MS });
    return { owner, writtenAt: writeTime };
  } catch (error) {
    if ((error as { code?: unknown }).code !== ALREADY_EXISTS) throw error;
  }
  const held = await ref.get();
  const current = held.data();
  if (!current || current.until > Date.now()) return null;
  // the holder died: take over, unless someone else just did
  try {
    const { writeTime } = await ref.update(
      { owner, until: Date.now() + LEASE_MS },
      { lastUpdateTime: held.updateTime! },
    );
    return { owner, writtenAt: writeTime };
  } catch {
    return null;
  }
}

/**
 * Deletes the lease if it is still the one this holder wrote (unchanged since): one round trip.
 * One taken over meanwhile (this holder outlived LEASE_MS) has a later update time and stays.
 */
async function release(ref: DocumentReference<Lease>, held: Held): Promise<void> {
  await ref.delete({ lastUpdateTime: held.writtenAt }).catch(() => undefined);
}

async function takePending(c: Coalescer): Promise<QueryDocumentSnapshot<PendingMark>[]> {
  return (await pendingRef(c.store, c.key).limit(BATCH).get()).docs;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Call after marking pending work (or, where the flush recomputes, with the mark to make if it
 * comes to the lease: see `recomputes` and `mark`). A caller with `later` (a trigger) in a busy
 * key does not flush: it asks for a delayed task due after its mark and returns ('scheduled');
 * every caller before
 * then asks for the same one (its id is the due time), so a burst costs one task, and the task
 * flushes without the lease (flushAsTask). A key quiet for two intervals is flushed at once by
 * the trigger that claims its quiet spell (claimQuiet), also without the lease. A caller without
 * `later` (the clean-up), one whose task Cloud Tasks refused, and a target never written flush
 * here under a lease: at most one such invocation per key at a time; the others return at once
 * ('deferred'), and the holder keeps flushing, no more often than minIntervalMs, until nothing is
 * pending. Each flush reads the marks first and deletes exactly
 * those after, so a mark made meanwhile waits for the next round. After each flush the lease is
 * released before a last look at the marks (a round trip each; a quiet room's flush is about
 * eight), and callers mark before asking for the lease, so whatever one side misses the other
 * sees: the target always converges.
 */
export async function requestFlush(c: Coalescer): Promise<'flushed' | 'deferred' | 'scheduled' | 'handed-over'> {
  if (c.dueMs !== undefined) return flushAsTask(c, c.dueMs);
  const lease = leaseRef(c.store, c.key);
  const started = Date.now();
  // A busy key: ask for a task instead of taking the lease. Taken and given back per event, the
  // lease was two writes of one document per message, the busiest document of a busy room in the
  // scale model; the caller's mark is made, and a task due after it reads the marks at its time
  // (flushAsTask), so it flushes this one: the task of the next slot after the last write, or if
  // that slot has come (its flush is due or under way, and may have read the marks before this
  // one's), of the slot after, which that flush's callers ask for too (slotToAsk; if that flush
  // wrote late into its slot, the task passes the marks on to the one they ask for). Only a key
  // quiet for two intervals
  // is flushed here at once (the first message of a quiet room shows at once), by the trigger
  // that claims the quiet spell (claimQuiet). If Cloud Tasks refuses, this caller flushes under the
  // lease below, waiting out the interval itself, without asking again.
  let refused = false;
  if (c.later) {
    const last = await c.lastWriteMs();
    if (last !== null) {
      const due = Date.now() - last < 2 * c.minIntervalMs - INLINE_WAIT_MS ? slotToAsk(last, c.minIntervalMs) : null;
      if (due === null) {
        const claimed = await claimQuiet(c, c.later, last);
        if (claimed !== 'refused' && claimed !== 'stale') return claimed;
        refused = claimed === 'refused';
      } else if (await c.later(due)) return 'scheduled';
      else refused = true;
    }
  }
  // marked before the lease is asked for, so the holder's last look sees it
  await c.mark?.();
  let owner = await acquire(lease);
  while (!owner && Date.now() - started < (c.leaseWaitMs ?? 0)) {
    await sleep(LEASE_POLL_MS);
    owner = await acquire(lease);
  }
  if (!owner) return 'deferred';
  for (;;) {
    let pending = await takePending(c);
    if (pending.length > 0 && Date.now() - started < MAX_FLUSHING_MS) {
      const last = await c.lastWriteMs();
      if (last !== null) {
        const slot = nextSlot(last, c.minIntervalMs);
        const wait = slot - Date.now();
        // the marks stay; the task flushes them (and any made meanwhile) when the interval is up
        if (wait > INLINE_WAIT_MS && c.later && !refused && (await c.later(slot))) {
          await release(lease, owner);
          return 'scheduled';
        }
        if (wait > 0) await sleep(Math.min(wait, c.minIntervalMs));
        // marks that arrived while waiting ride along
        pending = await takePending(c);
      }
      try {
        await c.flush(pending);
      } catch (error) {
        // Let the next event (or this one's retry) flush at once instead of deferring to a lease
        // that nobody holds any more for its remaining minute; the marks stay for it.
        await release(lease, owner);
        throw error;
      }
      const writer = c.store.bulkWriter();
      for (const mark of pending) void writer.delete(mark.ref);
      await writer.close();
    }
    // marks made during the flush are found by this last look, after the release
    await release(lease, owner);
    if ((await takePending(c)).length === 0) return 'flushed';
    // A trigger hands them to the task for when the interval is up, as a trigger in a busy key
    // does: taking the lease again only to find the interval not up was two more writes of the
    // lease document, a quiet room's first burst four in a second (the scale model's busiest).
    if (c.later && !refused) {
      const last = await c.lastWriteMs();
      if (last !== null && (await c.later(slotToAsk(last, c.minIntervalMs)))) return 'scheduled';
    }
    if (Date.now() - started >= MAX_FLUSHING_MS) {
      await coalesceRef(c.store, c.key).set({ handedOverAt: Date.now() }, { merge: true });
      return 'handed-over';
    }
    owner = await acquire(lease);
    if (!owner) return 'flushed';
  }
}

/**
 * A quiet key's flush by a trigger, claimed by creating `claims/{lastMs}`: the quiet spell the
 * trigger found, named by the target's last write. create() is atomic, so of a burst's triggers
 * that found the key quiet exactly one flushes; the others (which read the claim first, and send
 * no create once it exists) ask for the task an interval after its write, as a trigger in a busy
 * key does (the winner's last look may have come before their
 * marks). Before, this flush was under the lease, taken and given back: two writes of one document
 * per quiet spell, and a room whose keys go quiet and busy again many times a second (its summary,
 * its receipts, each message's reactions) made the lease the busiest document of the scale model
 * (9.1 msg/s in one room). A claim is one write of a document of its own (deleted by TTL), and the
 * target is written by its one winner only: the losers write nothing that a send's rules read (a
 * claim by the target's own conditional write had every trigger of a burst write the room
 * document, which every send's rules read). 'stale': the claim is older than a lease and the
 * target still unwritten (its flush found nothing to change, or its flusher died), so the caller
 * flushes under the lease; 'refused': Cloud Tasks would not take a task, likewise.
 */
async function claimQuiet(
  c: Coalescer,
  later: (dueMs: number) => Promise<boolean>,
  lastMs: number,
): Promise<'flushed' | 'scheduled' | 'refused' | 'stale'> {
  const claim = claimRef(c.store, c.key, lastMs);
  // Read first: every trigger that arrives while the winner flushes finds the same quiet spell,
  // and a create sent by each of them is a write attempt on one document per loser (the scale
  // model's first limit in one room). A read costs the winner one and saves each loser the
  // create and the read of the claim's age below; only near-simultaneous arrivals still race.
  let taken = await claim.get();
  let won = false;
  if (!taken.exists) {
    try {
      await claim.create({ expireAt: Timestamp.fromMillis(Date.now() + CLAIM_KEEP_MS) });
      won = true;
    } catch (error) {
      if ((error as { code?: unknown }).code !== ALREADY_EXISTS) throw error;
      taken = await claim.get();
    }
  }
  if (!won) {
    const written = await c.lastWriteMs();
    if (written === lastMs) {
      // a winner still flushing (a loaded machine can take seconds) is not stale: only one that
      // would have lost its lease by now (or one whose failed flush gave the claim back since)
      const age = Date.now() - (taken.createTime?.toMillis() ?? 0);
      if (age > LEASE_MS) return 'stale';
    }
    // The task an interval after the winner's write; with that write still under way, the first
    // whole interval at least an interval from now (a burst's losers share it, one task, which
    // passes the marks on if the write came later than it thought)
    const due =
      written !== null && written !== lastMs
        ? slotToAsk(written, c.minIntervalMs)
        : Math.ceil((Date.now() + c.minIntervalMs) / c.minIntervalMs) * c.minIntervalMs;
    return (await later(due)) ? 'scheduled' : 'refused';
  }
  const pending = await takePending(c);
  if (pending.length > 0 || c.recomputes) {
    try {
      await c.flush(pending);
    } catch (error) {
      // the event's retry claims the spell again instead of finding it taken
      await claim.delete().catch(() => undefined);
      throw error;
    }
    const writer = c.store.bulkWriter();
    for (const mark of pending) void writer.delete(mark.ref);
    await writer.close();
  }
  // marks made during the flush (the losers') are found by this last look
  if ((await takePending(c)).length === 0) return 'flushed';
  const written = await c.lastWriteMs();
  return written !== null && (await later(slotToAsk(written, c.minIntervalMs))) ? 'scheduled' : 'refused';
}

/**
 * The delayed task's flush, without the lease (no document written but the target): every caller
 * that relies on a task asked for it while its time was still to come, after making its mark, so
 * marks read at or after that time include all of theirs. Cloud Tasks runs a task at its time or
 * later; the emulator runs it at once, so it waits for its time here. If the target was written
 * since it was asked for so that its next slot is later than this task's (a quiet-key flusher, or
 * the flush of the slot before, written later than the slack into it), a flush now would come too
 * soon: the marks go to the task of that slot, which reads them after this task's time, and which
 * the callers after that write ask for too (one task, not two flushes). The task of a slot asked
 * for by a trigger that found the slot before due finds that slot's write and flushes: both are
 * the same slot's callers. Two flushers may still meet (this one and a
 * quiet-key one): each flush recomputes its target from the source documents and writes only over
 * what it read (writeIfUnchanged), so the overlap costs a write, never a wrong value.
 */
async function flushAsTask(c: Coalescer, dueMs: number): Promise<'flushed' | 'scheduled'> {
  const early = dueMs - Date.now();
  if (early > 0) await sleep(early);
  const last = await c.lastWriteMs();
  if (last !== null) {
    // Written since this task was asked for, so that the next flush may come only after this
    // task's time: the task for that moment reads the marks after this one's time too (it may
    // already be asked for, by the callers after that write: one task, not two flushes).
    const next = nextSlot(last, c.minIntervalMs);
    if (next > dueMs && c.later && (await c.later(next))) return 'scheduled';
    const wait = next - Date.now();
    if (wait > 0) await sleep(Math.min(wait, c.minIntervalMs));
  }
  for (let first = true; ; first = false) {
    const pending = await takePending(c);
    // its callers' unmarked work (see recomputes) is in the sources: the first round flushes anyway
    if (pending.length === 0 && !(first && c.recomputes)) return 'flushed';
    await c.flush(pending);
    const writer = c.store.bulkWriter();
    for (const mark of pending) void writer.delete(mark.ref);
    await writer.close();
    if (pending.length < BATCH) return 'flushed';
    // a backlog of more than a page (after an outage): the next page when the interval is up
    await sleep(c.minIntervalMs);
  }
}
