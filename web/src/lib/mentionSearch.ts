import type { MentionCandidate } from './mentions';

/**
 * The server side of the @mention suggestions, free of Vue and Firestore: each `ask` waits for
 * a pause in typing (`delayMs`) before it calls `search`, and an answer reaches `onFound` only
 * while no later question has been asked (a later keystroke wins over a slow earlier answer).
 * A failed search is dropped: the loaded members still answer, and the next keystroke asks again.
 */
export function mentionSearch(
  search: (prefix: string) => Promise<MentionCandidate[]>,
  onFound: (found: MentionCandidate[]) => void,
  delayMs: number,
) {
  let asked = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** A new question: the prefix to search, or null for none (the earlier answers still pending stop counting). */
  function ask(prefix: string | null): void {
    clearTimeout(timer);
    const ticket = ++asked;
    if (prefix === null) return;
    timer = setTimeout(() => {
      search(prefix).then(
        (found) => {
          if (ticket === asked) onFound(found);
        },
        () => {},
      );
    }, delayMs);
  }

  return { ask, stop: () => ask(null) };
}
