import type { PresenceState } from '@chat/shared';
import {
  documentId,
  getDocFromServer,
  limit,
  query,
  serverTimestamp,
  setDoc,
  where,
  type Firestore,
  type Unsubscribe,
} from 'firebase/firestore';
import { refs, type PresenceDoc } from './converters';
import { listen } from './listen';

/** Firestore's bound on the values of one `in` filter: one listener watches this many people. */
export const PRESENCE_BATCH = 30;
/** The most people one view watches: a room's member list shows at most this many. */
export const MAX_PRESENCE_WATCHED = 100;

/** A heartbeat: the state and lastSeen = the server's time. */
export async function writePresence(db: Firestore, uid: string, state: PresenceState): Promise<void> {
  await setDoc(refs.presence(db, uid), { id: uid, state, lastSeen: serverTimestamp() });
}

/** What the server holds for `uid`: the state and when it was written (null: none yet). */
export async function readPresenceFromServer(
  db: Firestore,
  uid: string,
): Promise<{ state: PresenceState; lastSeenMs: number | null } | null> {
  const snap = await getDocFromServer(refs.presence(db, uid));
  const data = snap.data();
  return data ? { state: data.state, lastSeenMs: data.lastSeen?.toMillis() ?? null } : null;
}

/**
 * Presence of the first MAX_PRESENCE_WATCHED of `uids`: one listener per PRESENCE_BATCH people
 * (an `in` filter holds no more), reported together once every listener has answered.
 */
export function subscribePresence(
  db: Firestore,
  uids: string[],
  onPresence: (docs: PresenceDoc[]) => void,
  onError: (error: Error) => void,
): Unsubscribe {
  const ids = [...new Set(uids)].slice(0, MAX_PRESENCE_WATCHED);
  if (ids.length === 0) {
    onPresence([]);
    return () => undefined;
  }
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += PRESENCE_BATCH) batches.push(ids.slice(i, i + PRESENCE_BATCH));
  const latest: (PresenceDoc[] | null)[] = batches.map(() => null);
  const stops = batches.map((batch, i) =>
    listen(
      query(refs.presences(db), where(documentId(), 'in', batch), limit(batch.length)),
      (docs) => {
        latest[i] = docs;
        if (latest.every((l) => l !== null)) onPresence(latest.flat() as PresenceDoc[]);
      },
      onError,
    ),
  );
  return () => stops.forEach((stop) => stop());
}

/**
 * Writes presence with a keepalive fetch to Firestore's REST API: the request survives the page's
 * unload (the SDK's write channel closes with the page, so an offline written through it while the
 * tab closes rarely arrives). `root` is the REST documents root, `idToken` the user's current ID
 * token; the rules check it as they check the SDK's writes (lastSeen = the server's time).
 */
export function writePresenceOnUnload(root: string, uid: string, state: PresenceState, idToken: string): boolean {
  const name = `${root.slice(root.indexOf('/projects/') + 1)}/presence/${uid}`;
  try {
    void fetch(`${root}:commit`, {
      method: 'POST',
      keepalive: true,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${idToken}` },
      body: JSON.stringify({
        writes: [
          {
            update: { name, fields: { state: { stringValue: state } } },
            updateTransforms: [{ fieldPath: 'lastSeen', setToServerValue: 'REQUEST_TIME' }],
          },
        ],
      }),
    }).catch(() => undefined);
    return true;
  } catch {
    return false;
  }
}
