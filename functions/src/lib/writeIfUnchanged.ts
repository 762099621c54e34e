import type { DocumentReference, UpdateData } from 'firebase-admin/firestore';

const NOT_FOUND = 5;
const FAILED_PRECONDITION = 9;
/** A conditional write that keeps losing to other writers of the document gives up after this many. */
const ATTEMPTS = 5;

export type ConditionalWrite = 'written' | 'unchanged' | 'gone' | 'raced';

export interface WriteOptions {
  /** lets tests hold the write, to drive two writers' order */
  beforeWrite?: () => Promise<void>;
  /**
   * Write only over the version last written at this time (updateTime, ms): a quiet key's
   * coalesced flush claims its target this way instead of with a lease (coalesce.ts). Another
   * writer first, found at the read or by the write's precondition, makes it 'raced', with nothing
   * written and nothing retried.
   */
  onlyOverMs?: number;
}

/**
 * Read, compute, write only if the document is unchanged since the read: a precondition on its
 * updateTime, not a transaction. The documents written this way (a room, a thread's first
 * message) are read by the rules of every send to them, and a transaction would hold them locked
 * while those sends are checked. What `compute` derives after the read includes every write
 * committed before it, so a value computed from older data never lands over a newer one: the
 * loser of a race reads again and computes again. `compute` returns null when the document
 * already says what it would write. With `onlyOverMs` the loser does not retry: 'raced'.
 */
export async function writeIfUnchanged<T extends object>(
  ref: DocumentReference<T>,
  compute: (current: T) => Promise<UpdateData<T> | null>,
  options: WriteOptions = {},
): Promise<ConditionalWrite> {
  const claim = options.onlyOverMs !== undefined;
  for (let attempt = 1; ; attempt++) {
    const snap = await ref.get();
    const current = snap.data();
    if (!current) return 'gone';
    if (claim && snap.updateTime?.toMillis() !== options.onlyOverMs) return 'raced';
    const update = await compute(current);
    if (!update) return 'unchanged';
    await options.beforeWrite?.();
    try {
      await ref.update(update, { lastUpdateTime: snap.updateTime! });
      return 'written';
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === NOT_FOUND) return 'gone';
      if (code === FAILED_PRECONDITION && claim) return 'raced';
      if (code !== FAILED_PRECONDITION || attempt >= ATTEMPTS) throw error;
    }
  }
}
