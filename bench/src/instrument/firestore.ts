/**
 * The Firestore SDK as the benchmark hands it to the app's data modules: everything re-exported
 * unchanged, with writes and listeners counted per Firestore instance. The bench bundle and the
 * smoke test alias `firebase/firestore` to this file, so web/src/data runs unmodified and the
 * counts are of what its code really commits and receives.
 */
import * as real from '@firebase/firestore';

export * from '@firebase/firestore';

export interface Commit {
  /** the paths of the documents the commit wrote, relative to the database */
  paths: string[];
  at: number;
}

export interface Meter {
  commits: Commit[];
  /** documents delivered to listeners from the server (added or modified; local echoes excluded), by label */
  delivered: Map<string, number>;
  /** the same deliveries by document path (the scale model groups them by the document they hit) */
  deliveredPaths: Map<string, number>;
  activeListeners: number;
  listenersOpened: number;
}

const meters = new WeakMap<real.Firestore, Meter>();

export function meterOf(db: real.Firestore): Meter {
  let meter = meters.get(db);
  if (!meter) {
    meter = { commits: [], delivered: new Map(), deliveredPaths: new Map(), activeListeners: 0, listenersOpened: 0 };
    meters.set(db, meter);
  }
  return meter;
}

/** Forgets what was counted so far on this instance (listeners stay open and counted as active). */
export function resetMeter(db: real.Firestore): void {
  const meter = meterOf(db);
  meter.commits = [];
  meter.delivered = new Map();
  meter.deliveredPaths = new Map();
}

function recordCommit(db: real.Firestore, paths: string[]): void {
  meterOf(db).commits.push({ paths, at: performance.now() });
}

type Target = real.DocumentReference | real.Query;

/** Which listener a delivery belongs to: the collection id of a query, or the parent collection of a document. */
function labelOf(target: Target): string {
  if (target instanceof real.DocumentReference) return target.parent.id;
  if (target instanceof real.CollectionReference) return target.id;
  return (
    (target as unknown as { _query?: { path?: { lastSegment(): string } } })._query?.path?.lastSegment() ?? 'query'
  );
}

function countDelivery(db: real.Firestore, label: string, paths: string[]): void {
  if (paths.length === 0) return;
  const meter = meterOf(db);
  meter.delivered.set(label, (meter.delivered.get(label) ?? 0) + paths.length);
  for (const path of paths) meter.deliveredPaths.set(path, (meter.deliveredPaths.get(path) ?? 0) + 1);
}

export const onSnapshot = ((target: Target, ...args: unknown[]): real.Unsubscribe => {
  const db = target.firestore;
  const label = labelOf(target);
  let lastDocVersion: string | null = null;
  const wrap = (next: (snapshot: unknown) => void) => (snapshot: unknown) => {
    if (snapshot instanceof real.QuerySnapshot) {
      // A read is billed per document added to or changed in the result; a document leaving it
      // (an old message pushed out of the latest 50) is free, and a local write's echo is not a read.
      countDelivery(
        db,
        label,
        snapshot
          .docChanges()
          .filter((c) => c.type !== 'removed' && !c.doc.metadata.hasPendingWrites)
          .map((c) => c.doc.ref.path),
      );
    } else if (snapshot instanceof real.DocumentSnapshot && !snapshot.metadata.hasPendingWrites) {
      const version = JSON.stringify(snapshot.data() ?? null);
      if (version !== lastDocVersion) countDelivery(db, label, [snapshot.ref.path]);
      lastDocVersion = version;
    }
    next(snapshot);
  };
  // the first function (or observer) is the snapshot handler; options and error callbacks pass through
  let handled = false;
  const callArgs = args.map((arg) => {
    if (handled) return arg;
    if (typeof arg === 'function') {
      handled = true;
      return wrap(arg as (s: unknown) => void);
    }
    if (arg && typeof arg === 'object' && 'next' in arg && typeof arg.next === 'function') {
      handled = true;
      return { ...arg, next: wrap(arg.next as (s: unknown) => void) };
    }
    return arg;
  });
  const meter = meterOf(db);
  meter.activeListeners += 1;
  meter.listenersOpened += 1;
  const unsubscribe = (real.onSnapshot as (...a: unknown[]) => real.Unsubscribe)(target, ...callArgs);
  let open = true;
  return () => {
    if (open) meter.activeListeners -= 1;
    open = false;
    unsubscribe();
  };
}) as typeof real.onSnapshot;

export const writeBatch = ((db: real.Firestore): real.WriteBatch => {
  const batch = real.writeBatch(db);
  const paths: string[] = [];
  const track =
    <A extends unknown[]>(method: (...args: A) => real.WriteBatch) =>
    (...args: A): real.WriteBatch => {
      paths.push((args[0] as real.DocumentReference).path);
      method.apply(batch, args);
      return proxy;
    };
  const proxy: real.WriteBatch = Object.assign(Object.create(batch) as real.WriteBatch, {
    set: track(batch.set as (...a: unknown[]) => real.WriteBatch),
    update: track(batch.update as (...a: unknown[]) => real.WriteBatch),
    delete: track(batch.delete as (...a: unknown[]) => real.WriteBatch),
    commit: async () => {
      await batch.commit();
      recordCommit(db, paths);
    },
  });
  return proxy;
}) as typeof real.writeBatch;

export const setDoc = (async (ref: real.DocumentReference, ...args: unknown[]) => {
  await (real.setDoc as (...a: unknown[]) => Promise<void>)(ref, ...args);
  recordCommit(ref.firestore, [ref.path]);
}) as typeof real.setDoc;

export const updateDoc = (async (ref: real.DocumentReference, ...args: unknown[]) => {
  await (real.updateDoc as (...a: unknown[]) => Promise<void>)(ref, ...args);
  recordCommit(ref.firestore, [ref.path]);
}) as typeof real.updateDoc;

export const deleteDoc = (async (ref: real.DocumentReference) => {
  await real.deleteDoc(ref);
  recordCommit(ref.firestore, [ref.path]);
}) as typeof real.deleteDoc;

export const addDoc = (async (ref: real.CollectionReference, data: unknown) => {
  const created = await (real.addDoc as (...a: unknown[]) => Promise<real.DocumentReference>)(ref, data);
  recordCommit(ref.firestore, [created.path]);
  return created;
}) as typeof real.addDoc;

export const runTransaction = (async (
  db: real.Firestore,
  update: (tx: real.Transaction) => Promise<unknown>,
  options?: real.TransactionOptions,
) => {
  let paths: string[] = [];
  const result = await real.runTransaction(
    db,
    (tx) => {
      paths = [];
      const proxy = Object.create(tx) as real.Transaction;
      for (const method of ['set', 'update', 'delete'] as const) {
        const original = tx[method] as (...a: unknown[]) => real.Transaction;
        (proxy as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
          paths.push((args[0] as real.DocumentReference).path);
          original.apply(tx, args);
          return proxy;
        };
      }
      return update(proxy);
    },
    options,
  );
  if (paths.length > 0) recordCommit(db, paths);
  return result;
}) as typeof real.runTransaction;
