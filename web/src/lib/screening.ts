/**
 * Hide until screened: a message from someone else is shown collapsed ("Checking…") while the
 * server has not yet judged it against the blocklist (`screened === false`), so a blocked word is
 * never on a reader's screen, not even for the half second the function takes. The author sees
 * their own text at once. Absent means screened (history written before the flag existed).
 */
export function awaitingScreening(
  m: { authorId: string; kind: string; screened?: boolean; deleted?: boolean },
  myUid: string | null,
): boolean {
  // a message deleted before it was screened is shown as deleted: it has no words left to hold
  return m.kind === 'text' && m.screened === false && m.deleted !== true && m.authorId !== myUid;
}
