/**
 * The snapshot-to-value step every plain subscription shares: a typed query handed over as its
 * documents (through the reference's converter), a typed document as its data or null.
 * Subscriptions that need snapshot metadata or docChanges (messages, notification settings)
 * call onSnapshot themselves.
 */
import {
  onSnapshot,
  type DocumentReference,
  type DocumentSnapshot,
  type Firestore,
  type Query,
  type Unsubscribe,
} from 'firebase/firestore';

type OnError = (error: Error) => void;

export function listen<T>(q: Query<T>, onDocs: (docs: T[]) => void, onError: OnError): Unsubscribe {
  return onSnapshot(q, (snap) => onDocs(snap.docs.map((d) => d.data())), onError);
}

export function listenDoc<T>(ref: DocumentReference<T>, onDoc: (doc: T | null) => void, onError: OnError): Unsubscribe {
  return onSnapshot(ref, (snap) => onDoc(snap.exists() ? snap.data() : null), onError);
}

/**
 * One read of a document that never takes a failed read for a missing document: getDoc throws
 * when the client believes it is offline and the cache lacks the document (a stalled connection
 * looks the same), and a caller that took that for "absent" told a member their own room was
 * private. This answers with the cache's copy when it has one (unless `fromServer`), otherwise
 * with the server's answer, waiting for the connection while there is none; it rejects only
 * when the read is refused (the rules).
 */
export function readDoc<T>(ref: DocumentReference<T>, { fromServer = false } = {}): Promise<DocumentSnapshot<T>> {
  return new Promise((resolve, reject) => {
    const stop = onSnapshot(
      ref,
      { includeMetadataChanges: true },
      (snap) => {
        if (snap.metadata.fromCache && (fromServer || !snap.exists())) return;
        stop();
        resolve(snap);
      },
      (error) => {
        stop();
        reject(error);
      },
    );
  });
}

/**
 * The data layer's `subscribe…(db, ...args, onValue, onError)` functions, declared by what they
 * listen to: most are one query (or one document) and a listen, so each is written as that query
 * and, where callers want something else than the documents, how to turn them into it.
 */
type Subscribe<A extends unknown[], R> = (
  db: Firestore,
  ...rest: [...args: A, onValue: (value: R) => void, onError: OnError]
) => Unsubscribe;

function subscription<A extends unknown[], R>(
  start: (db: Firestore, args: A, onValue: (value: R) => void, onError: OnError) => Unsubscribe,
): Subscribe<A, R> {
  return (db, ...rest) => {
    const args = rest.slice(0, -2) as A;
    const [onValue, onError] = rest.slice(-2) as [(value: R) => void, OnError];
    return start(db, args, onValue, onError);
  };
}

export function querySubscription<A extends unknown[], T, R = T[]>(
  build: (db: Firestore, ...args: A) => Query<T>,
  map: (docs: T[]) => R = (docs) => docs as R,
): Subscribe<A, R> {
  return subscription((db, args, onValue, onError) =>
    listen(build(db, ...args), (docs) => onValue(map(docs)), onError),
  );
}

export function docSubscription<A extends unknown[], T, R = T | null>(
  build: (db: Firestore, ...args: A) => DocumentReference<T>,
  map: (doc: T | null) => R = (doc) => doc as R,
): Subscribe<A, R> {
  return subscription((db, args, onValue, onError) =>
    listenDoc(build(db, ...args), (doc) => onValue(map(doc)), onError),
  );
}
