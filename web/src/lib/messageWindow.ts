/**
 * The pure steps of a room's message list (composables/useRoomMessages keeps the listeners):
 * the order every reader agrees on, applying one snapshot's changes to the live window, and
 * telling when messages went past the window unseen.
 */

/** What ordering needs of a message: its id and the server's time (an estimate while pending). */
export interface Timed {
  id: string;
  createdAt: { toMillis(): number } | null;
}

/** One entry of a snapshot's docChanges(), with the document's data. */
export interface Change<T> {
  type: 'added' | 'modified' | 'removed';
  oldIndex: number;
  newIndex: number;
  doc: T;
}

/** Oldest first, by the server's time and then id; a message without a time yet goes last. */
export function byTime(a: Timed, b: Timed): number {
  const at = a.createdAt?.toMillis() ?? Infinity;
  const bt = b.createdAt?.toMillis() ?? Infinity;
  return at - bt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Applies docChanges to the live window (newest first, as its query orders it), by their indexes
 * as Firestore reports them. What leaves the window is `dropped` (pushed out by newer messages,
 * to be kept) or, when it still had writes the server had not confirmed, `vanished`: the server
 * refused it and the SDK rolled it back.
 */
export function applyChanges<T extends Timed>(
  window: readonly T[],
  changes: readonly Change<T>[],
  pendingIds: ReadonlySet<string>,
): { next: T[]; dropped: T[]; vanished: string[] } {
  const next = window.slice();
  const dropped: T[] = [];
  const vanished: string[] = [];
  for (const change of changes) {
    if (change.type === 'removed') {
      const [gone] = next.splice(change.oldIndex, 1);
      if (!gone) continue;
      if (pendingIds.has(gone.id)) vanished.push(gone.id);
      else dropped.push(gone);
    } else if (change.type === 'added') next.splice(change.newIndex, 0, change.doc);
    else {
      next.splice(change.oldIndex, 1);
      next.splice(change.newIndex, 0, change.doc);
    }
  }
  return { next, dropped, vanished };
}

/**
 * Whether a server snapshot replaced the whole window at once: a full window whose oldest
 * message is newer than the newest confirmed one before it. What lies between them never
 * passed through the window, and is fetched as fixed ranges.
 */
export function passedUnseen<T extends Timed>(
  newestBefore: T | null,
  next: readonly T[],
  windowSize: number,
  fromCache: boolean,
): boolean {
  const oldestNow = next.at(-1);
  return !fromCache && !!newestBefore && !!oldestNow && next.length >= windowSize && byTime(oldestNow, newestBefore) > 0;
}

/** Every loaded copy as one list, oldest first; the first part listed wins for a message in several. */
export function mergeLoaded<T extends Timed>(...parts: readonly (readonly T[])[]): T[] {
  const byId = new Map<string, T>();
  for (const part of parts) for (const m of part) if (!byId.has(m.id)) byId.set(m.id, m);
  return [...byId.values()].sort(byTime);
}

/**
 * The live windows of the rooms left last, to show one at once when its room opens again: the
 * SDK's own cache answers a new listener only after a round trip through IndexedDB (tens to
 * hundreds of ms on a busy machine). The listener's first snapshot replaces what is shown.
 * Confirmed messages only (a pending one is the outbox's to show); past `capacity` rooms, the
 * one left longest ago goes.
 */
export class RecentWindows<T extends Timed> {
  private readonly windows = new Map<string, readonly T[]>();

  constructor(private readonly capacity: number) {}

  keep(roomId: string, window: readonly T[], pendingIds: ReadonlySet<string>): void {
    this.windows.delete(roomId);
    const confirmed = window.filter((m) => !pendingIds.has(m.id));
    if (confirmed.length === 0) return;
    this.windows.set(roomId, confirmed);
    for (const oldest of this.windows.keys()) {
      if (this.windows.size <= this.capacity) break;
      this.windows.delete(oldest);
    }
  }

  /** The room's window, handed over once (the room's listener takes over from it), or null. */
  take(roomId: string): readonly T[] | null {
    const window = this.windows.get(roomId) ?? null;
    this.windows.delete(roomId);
    return window;
  }
}
