import { whenIdle } from './idle';

/**
 * The longest deferred work waits for a screen that never says it is shown (ms after this page
 * started): a safety net, since every screen says it (router.ts, ConversationPane, ChatView).
 */
const FIRST_SCREEN_CAP_MS = 60_000;

let shown = false;
const waiting: Array<() => void> = [];

/**
 * The screen this page opened on is shown: a conversation's first messages, a room's refusal, or
 * a screen with nothing of Firestore's to wait for (sign-in, the room list alone). What waited for
 * it starts when the browser is next idle. Only the first call counts.
 */
export function firstScreenShown(): void {
  if (shown) return;
  shown = true;
  for (const task of waiting.splice(0)) whenIdle(task);
}

/** Whether the screen this page opened on is still on its way (not yet said to be shown). */
export function firstScreenPending(): boolean {
  return !shown;
}

/**
 * Runs `task` once the first screen is shown and the browser is idle: work the first screen does
 * not need (the service worker's first install, which downloads the whole app; the code of dialogs)
 * must not compete with its requests, which on a cold start go on well past the page's load event
 * (Firestore's first answers). At the latest FIRST_SCREEN_CAP_MS after the page started.
 */
export function afterFirstScreen(task: () => void): void {
  if (shown) whenIdle(task);
  else waiting.push(task);
}

if (typeof window !== 'undefined')
  window.setTimeout(firstScreenShown, Math.max(0, FIRST_SCREEN_CAP_MS - performance.now()));
