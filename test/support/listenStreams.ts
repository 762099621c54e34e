/**
 * The Firestore emulator sometimes breaks a Listen stream with "RESOURCE_EXHAUSTED: Received
 * message larger than max (3.4 GB vs 17 MB)" (firebase-tools#8654; `npm run listen-breaks`
 * reproduces it with the bare SDK: breaks follow target changes on a stream that is delivering,
 * once after 7 window moves of one listener), and the Node SDK answers RESOURCE_EXHAUSTED with its
 * maximum backoff (30 to 90 s, longer when it breaks again), meant for a quota. A browser
 * (WebChannel, not gRPC) does not meet this fault, nor does production. A Node client of the test
 * suites or the benchmark whose Listen stream waits out that backoff is reconnected at once
 * (disableNetwork, enableNetwork): its targets listen again with their resume tokens, so what it
 * missed arrives through the SDK's own resumption, within a second instead of a minute, and a
 * condition a test waits on is not outwaited by the emulator's fault.
 *
 * Whether a stream waits out the maximum backoff is read from the SDK's stream state (internals
 * of @firebase/firestore, read only by the suites and the benchmark): delivery alone cannot tell,
 * since on a saturated machine healthy listeners run a minute apart.
 */
import { disableNetwork, enableNetwork, type Firestore } from 'firebase/firestore';

/** PersistentStreamState.Backoff in @firebase/firestore: closed, waiting to reopen */
const STREAM_BACKOFF = 5;
const WATCH_EVERY_MS = 250;

export interface StreamInternals {
  state?: number;
  backoff?: { currentBaseMs?: number; maxDelayMs?: number };
}

/** The client's Listen stream as the SDK holds it, or undefined where its internals differ. */
export function listenStream(db: Firestore): StreamInternals | undefined {
  type Client = { _onlineComponents?: { remoteStore?: { watchStream?: StreamInternals } } };
  return (db as unknown as { _firestoreClient?: Client })._firestoreClient?._onlineComponents?.remoteStore?.watchStream;
}

/** Whether the client's Listen stream is closed and waiting out the SDK's maximum backoff. */
export function waitingOutMaxBackoff(db: Firestore): boolean {
  const stream = listenStream(db);
  const base = stream?.backoff?.currentBaseMs;
  const max = stream?.backoff?.maxDelayMs;
  return stream?.state === STREAM_BACKOFF && base !== undefined && max !== undefined && base >= max;
}

let reconnects = 0;

/** Clients reconnected so far in this process (each a Listen stream the emulator broke). */
export function listenReconnects(): number {
  return reconnects;
}

/**
 * Watches `db`'s Listen stream and reconnects the client at once whenever it waits out the SDK's
 * maximum backoff. Returns the function that stops watching (call it before terminating `db`).
 */
export function reconnectBrokenListens(db: Firestore, onReconnect?: () => void): () => void {
  let reconnecting = false;
  const timer = setInterval(() => {
    if (reconnecting || !waitingOutMaxBackoff(db)) return;
    reconnecting = true;
    reconnects++;
    onReconnect?.();
    void disableNetwork(db)
      .then(() => enableNetwork(db))
      .catch(() => undefined)
      .finally(() => (reconnecting = false));
  }, WATCH_EVERY_MS);
  // a watch never keeps a process alive on its own
  timer.unref();
  return () => clearInterval(timer);
}
