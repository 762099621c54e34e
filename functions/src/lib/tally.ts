import type { Tally } from '@chat/shared';
import { type Query, Timestamp } from 'firebase-admin/firestore';

/**
 * A set with this many documents keeps a tally (Tally in shared/src/model.ts) and counts only
 * what came after it: a count() is billed one read per 1,000 entries, so counting a whole room's
 * history on every summary flush made its messages cost more the older it got (1,000 reads a
 * flush, a flush a second, in a busy room of a million messages). The tally moves on once this
 * many came after it.
 */
export const TALLY_FROM = 1_000;

/**
 * A document's createdAt is its request's time, taken before the rules run and the commit lands,
 * so a document can land after one stamped later. A tally closes only what is older than this,
 * by which time every such commit has landed or failed (Firestore gives a commit 60 s).
 */
export const TALLY_MARGIN_MS = 120_000;

export type TallyData = Tally<Timestamp>;

/** A count() of a query's documents (billed one read per 1,000 of them, at least one). */
export async function countOf(query: Query): Promise<number> {
  return (await query.count().get()).data().count;
}

/**
 * A set of documents that only grows, by `createdAt`: all of it, and the parts countTallied counts.
 * Written out by each caller on its own query, where the deploy check (test/deploy/indexes.test.ts)
 * reads each query and holds it against the indexes.
 */
export interface GrowingSet {
  all: Query;
  /** created after `from` */
  after: (from: Timestamp) => Query;
  /** created at or before `to` */
  upTo: (to: Timestamp) => Query;
  /** created after `from`, at or before `to` */
  between: (from: Timestamp, to: Timestamp) => Query;
}

/**
 * How many documents `set` holds, counting from `tally` when there is one, and the tally to keep
 * when it changed: one is closed at TALLY_MARGIN_MS ago when the set reaches TALLY_FROM, and moved
 * there when TALLY_FROM came after it. Every count is of a fixed set of documents, so two flushers
 * overlapping or a redelivered event count nothing twice.
 */
export async function countTallied(
  set: GrowingSet,
  tally: TallyData | undefined,
): Promise<{ count: number; tally?: TallyData }> {
  const closedAt = Timestamp.fromMillis(Date.now() - TALLY_MARGIN_MS);
  if (!tally) {
    const count = await countOf(set.all);
    if (count < TALLY_FROM) return { count };
    return { count, tally: { upTo: closedAt, count: await countOf(set.upTo(closedAt)) } };
  }
  const since = await countOf(set.after(tally.upTo));
  const count = tally.count + since;
  if (since < TALLY_FROM || closedAt.toMillis() <= tally.upTo.toMillis()) return { count };
  const closed = await countOf(set.between(tally.upTo, closedAt));
  return { count, tally: { upTo: closedAt, count: tally.count + closed } };
}
