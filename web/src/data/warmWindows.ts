/**
 * A room's latest messages, listened to before its conversation exists (while the room is entered),
 * and the window they make, handed once to the conversation to show at once (useRoomMessages).
 *
 * Why: on a cold open the SDK applies the answers to a dozen first listens one after another (the
 * room list's, requests, blocks, settings, each written to its cache), and a listener made after
 * them, as the conversation's is once the room is entered, has its first snapshot only when all of
 * them are applied. This listener, made first, has the room's messages as soon as they are; the
 * conversation shows them until its own listener answers, as it shows a room it left recently.
 */
import type { Firestore, Unsubscribe } from 'firebase/firestore';
import { applyChanges } from '../lib/messageWindow';
import type { MessageDoc } from './converters';
import { subscribeLatestMessages, windowChanges } from './messages';

interface Warm {
  /** how many warmLatestMessages calls hold this listener */
  holders: number;
  stop: Unsubscribe;
  /** newest first, as the conversation's live window */
  window: MessageDoc[];
  pendingIds: ReadonlySet<string>;
  /** the server has answered: the window is the room's latest, not what the cache happened to hold */
  answered: boolean;
  taken: boolean;
}

const warm = new Map<string, Warm>();

/**
 * Listens to `roomId`'s latest messages, keeping their window for takeWarmWindow; a refusal is
 * dropped. A second call for the same room shares the first one's listener: a listener made later
 * would answer only after the SDK's earlier work, which is what this one is here to skip.
 */
export function warmLatestMessages(db: Firestore, roomId: string): Unsubscribe {
  const held = warm.get(roomId);
  if (held) {
    held.holders += 1;
    return release(roomId, held);
  }
  const entry: Warm = {
    holders: 1,
    stop: () => undefined,
    window: [],
    pendingIds: new Set(),
    answered: false,
    taken: false,
  };
  warm.set(roomId, entry);
  entry.stop = subscribeLatestMessages(
    db,
    roomId,
    ({ changes, pendingIds, fromCache }) => {
      if (entry.taken) return;
      const { next } = applyChanges(entry.window, windowChanges(changes), entry.pendingIds);
      entry.window = next;
      entry.pendingIds = pendingIds;
      if (!fromCache) entry.answered = true;
    },
    () => undefined,
  );
  return release(roomId, entry);
}

function release(roomId: string, entry: Warm): Unsubscribe {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    entry.holders -= 1;
    if (entry.holders > 0) return;
    entry.stop();
    if (warm.get(roomId) === entry) warm.delete(roomId);
  };
}

/**
 * The room's warmed window, confirmed messages only, once the server has answered; handed over
 * once (the conversation's listener takes over from it), else null.
 */
export function takeWarmWindow(roomId: string): readonly MessageDoc[] | null {
  const entry = warm.get(roomId);
  if (!entry || entry.taken || !entry.answered) return null;
  entry.taken = true;
  const confirmed = entry.window.filter((m) => !entry.pendingIds.has(m.id));
  return confirmed.length > 0 ? confirmed : null;
}
