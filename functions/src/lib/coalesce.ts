import { randomUUID } from 'node:crypto';
import type { DocumentReference, Firestore } from 'firebase-admin/firestore';

/** A flusher that dies keeps its lease this long before another invocation may take over. */
const LEASE_MS = 60_000;
/** One invocation hands over after this long, so a room that never goes quiet cannot pin it. */
const MAX_FLUSHING_MS = 40_000;

export interface Coalescer {
  store: Firestore;
  /** coalesce/{key}: server-only lease and pending-work state */
  key: string;
  /** at most one flush per this many ms on the target document */
  minIntervalMs: number;
  /** when the target document was last written (ms), or null if never */
  lastWriteMs: () => Promise<number | null>;
  /** whether work is waiting */
  pending: () => Promise<boolean>;
  /** writes the target once from what is pending */
  flush: () => Promise<void>;
}

export function coalesceRef(store: Firestore, key: string): DocumentReference {
  return store.collection('coalesce').doc(key);
}

async function acquire(ref: DocumentReference): Promise<string | null> {
  const owner = randomUUID();
  const won = await ref.firestore.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    if ((snap.get('leaseUntil') ?? 0) > Date.now()) return false;
    tx.set(ref, { leaseUntil: Date.now() + LEASE_MS, owner }, { merge: true });
    return true;
  });
  return won ? owner : null;
}

async function release(ref: DocumentReference, owner: string): Promise<void> {
  await ref.firestore.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    if (snap.get('owner') === owner) tx.set(ref, { leaseUntil: 0 }, { merge: true });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Call after recording pending work. At most one invocation per key flushes at a time (a
 * lease); the others return at once, and the flusher keeps flushing, no more often than
 * minIntervalMs, until nothing is pending. The lease is released before the last look at the
 * pending work, and callers record work before asking for the lease, so whatever one side
 * misses the other sees: the target always converges. Returns what this invocation did.
 */
export async function requestFlush(c: Coalescer): Promise<'flushed' | 'deferred' | 'handed-over'> {
  const ref = coalesceRef(c.store, c.key);
  const started = Date.now();
  const lease = await ref.get();
  if ((lease.get('leaseUntil') ?? 0) > Date.now()) return 'deferred';
  let owner = await acquire(ref);
  if (!owner) return 'deferred';
  for (;;) {
    do {
      const last = await c.lastWriteMs();
      if (last !== null) {
        const wait = last + c.minIntervalMs - Date.now();
        if (wait > 0) await sleep(Math.min(wait, c.minIntervalMs));
      }
      await c.flush();
    } while ((await c.pending()) && Date.now() - started < MAX_FLUSHING_MS);
    await release(ref, owner);
    if (!(await c.pending())) return 'flushed';
    // Work arrived while releasing. A busy room hands over to the next event's invocation;
    // otherwise take the lease back and finish the job.
    if (Date.now() - started >= MAX_FLUSHING_MS) {
      // marked so the scheduled clean-up finishes the job if no further event arrives
      await ref.set({ handedOverAt: Date.now() }, { merge: true });
      return 'handed-over';
    }
    owner = await acquire(ref);
    if (!owner) return 'flushed';
  }
}
