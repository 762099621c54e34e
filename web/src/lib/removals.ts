/**
 * Rooms this browser saw me removed from, per user, in localStorage: opening such a public room
 * again does not join it behind my back (its member document is gone, so it would look like any
 * public room). I join again only by saying so, and that forgets the record.
 */
const key = (uid: string) => `firechat.removed.${uid}`;

function read(uid: string): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key(uid)) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

function write(uid: string, ids: string[]) {
  try {
    if (ids.length) localStorage.setItem(key(uid), JSON.stringify(ids.slice(-200)));
    else localStorage.removeItem(key(uid));
  } catch {
    // storage full or blocked: the record is a courtesy, the rules still decide
  }
}

export function wasRemoved(uid: string, roomId: string): boolean {
  return read(uid).includes(roomId);
}

export function rememberRemoval(uid: string, roomId: string): void {
  const ids = read(uid).filter((id) => id !== roomId);
  write(uid, [...ids, roomId]);
}

export function forgetRemoval(uid: string, roomId: string): void {
  write(uid, read(uid).filter((id) => id !== roomId));
}
