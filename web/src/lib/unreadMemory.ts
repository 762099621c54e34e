/**
 * The last unread count of each room, per user, in localStorage, with the observation (cursor
 * and summary) it counted: after a reload the badges show at once, also offline, where the count
 * (an aggregation the server must answer) cannot be taken. A remembered count is shown only for
 * the very same observation, so it is never a guess: the summary's messageCount moves with every
 * message posted or redacted, the cursor with every read.
 */
import type { UnreadObservation } from './unread';

interface Remembered {
  o: UnreadObservation;
  n: number;
}

const key = (uid: string) => `firechat.unread.${uid}`;
/** rooms kept: a person in more rooms than this sees the rest counted when online */
const MAX_ROOMS = 300;

function load(uid: string): Map<string, Remembered> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key(uid)) ?? '{}');
    if (!parsed || typeof parsed !== 'object') return new Map();
    return new Map(Object.entries(parsed as Record<string, Remembered>).filter(([, r]) => typeof r?.n === 'number' && !!r.o));
  } catch {
    return new Map();
  }
}

function same(a: UnreadObservation, b: UnreadObservation): boolean {
  return a.after === b.after && a.upTo === b.upTo && a.version === b.version && a.newestByOthers === b.newestByOthers;
}

export function unreadMemory(uid: string) {
  const counts = load(uid);
  let saving = false;
  function save() {
    if (saving) return;
    saving = true;
    // one write for the counts that land together (a sign-in counts every room)
    queueMicrotask(() => {
      saving = false;
      try {
        localStorage.setItem(key(uid), JSON.stringify(Object.fromEntries([...counts].slice(-MAX_ROOMS))));
      } catch {
        // storage full or refused: the badges are counted again after a reload
      }
    });
  }
  return {
    recall(roomId: string, observed: UnreadObservation): number | null {
      const r = counts.get(roomId);
      return r && same(r.o, observed) ? r.n : null;
    },
    remember(roomId: string, observed: UnreadObservation, count: number) {
      counts.delete(roomId);
      counts.set(roomId, { o: { ...observed }, n: count });
      save();
    },
  };
}

/** Signing out forgets them: the next person at this browser sees none of them. */
export function forgetUnread(uid: string): void {
  try {
    localStorage.removeItem(key(uid));
  } catch {
    // storage refused: nothing was kept
  }
}
