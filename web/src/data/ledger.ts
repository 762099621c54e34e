import { getDoc, getDocFromCache, type Firestore } from 'firebase/firestore';
import { refs } from './converters';

/**
 * The server's times (ms) of my last sends to a room, as its send ledger keeps them (one slot
 * per send of the rate window), from the cache when it has the ledger, else from the server;
 * none when neither can be read (offline, never sent).
 */
export async function ledgerTimes(db: Firestore, roomId: string, uid: string): Promise<number[]> {
  const ref = refs.ledger(db, roomId, uid);
  const snap = await getDocFromCache(ref).catch(() => getDoc(ref).catch(() => null));
  if (!snap?.exists()) return [];
  return Object.values(snap.data().at ?? {})
    .map((t) => t?.toMillis?.())
    .filter((t): t is number => typeof t === 'number');
}
