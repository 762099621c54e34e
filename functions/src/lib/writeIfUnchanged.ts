import type { DocumentReference, UpdateData } from 'firebase-admin/firestore';

const NOT_FOUND = 5;
const FAILED_PRECONDITION = 9;
/** A conditional write that keeps losing to other writers of the document gives up after this many. */
const ATTEMPTS = 5;

export type ConditionalWrite = 'written' | 'unchanged' | 'gone';

/**
 * Read, compute, write only if the document is unchanged since the read: a precondition on its
 * updateTime, not a transaction. The documents written this way (a room, a thread's first
 * message) are read by the rules of every send to them, and a transaction would hold them locked
 * while those sends are checked. What `compute` derives after the read includes every write
 * committed before it, so a value computed from older data never lands over a newer one: the
 * loser of a race reads again and computes again. `compute` returns null when the document
 * already says what it would write. `beforeWrite` lets tests hold the write to drive that order.
 */
export async function writeIfUnchanged<T extends object>(
  ref: DocumentReference<T>,
  compute: (current: T) => Promise<UpdateData<T> | null>,
  beforeWrite?: () => Promise<void>,
): Promise<ConditionalWrite> {
  for (let attempt = 1; ; attempt++) {
    const snap = await ref.get();
    const current = snap.data();
    if (!current) return 'gone';
    const update = await compute(current);
    if (!update) return 'unchanged';
    await beforeWrite?.();
    try {
      await ref.update(update, { lastUpdateTime: snap.updateTime! });
      return 'written';
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === NOT_FOUND) return 'gone';
      if (code !== FAILED_PRECONDITION || attempt >= ATTEMPTS) throw error;
    }
  }
}
