import { createHash } from 'node:crypto';
import { CROSS_ROOM_RATE_COUNT, CROSS_ROOM_RATE_WINDOW_MS } from '@chat/shared';
import { tokenize } from './normalize.js';

/** Cross-room limits: more than MAX_PER_WINDOW messages in WINDOW_MS, or the same text REPEAT_LIMIT times. */
export const WINDOW_MS = CROSS_ROOM_RATE_WINDOW_MS;
export const MAX_PER_WINDOW = CROSS_ROOM_RATE_COUNT;
export const REPEAT_LIMIT = 5;
/** Each mute lasts longer than the one before: 1 min, 5 min, 30 min, 2 h, then a day. */
export const MUTE_STEPS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 24 * 3_600_000];

/** userLimits/{uid}: server-only sliding window state. */
export interface WindowState {
  /** send times (ms) within the last WINDOW_MS */
  times: number[];
  /** fingerprint of the last text, and how many times in a row it was sent within the window */
  lastText: string;
  lastAt: number;
  repeats: number;
}

export type Violation = 'too-many' | 'repeated' | null;

export function emptyWindow(): WindowState {
  return { times: [], lastText: '', lastAt: 0, repeats: 0 };
}

/** Same words in the same order count as the same text, whatever the case, accents or spacing. */
export function fingerprint(text: string): string {
  const canonical = tokenize(text)
    .map((t) => t.text)
    .join(' ');
  return canonical === '' ? '' : createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

/** Adds one send to the window and says whether it crosses a limit (then the window starts over). */
export function recordSend(state: WindowState, send: { at: number; text: string }): { state: WindowState; violation: Violation } {
  const times = [...state.times.filter((t) => t > send.at - WINDOW_MS), send.at].sort((a, b) => a - b).slice(-(MAX_PER_WINDOW + 1));
  const text = fingerprint(send.text);
  const repeats = text !== '' && text === state.lastText && send.at - state.lastAt < WINDOW_MS ? state.repeats + 1 : 1;
  const violation: Violation = times.length > MAX_PER_WINDOW ? 'too-many' : text !== '' && repeats >= REPEAT_LIMIT ? 'repeated' : null;
  if (violation) return { state: emptyWindow(), violation };
  return { state: { times, lastText: text, lastAt: Math.max(send.at, state.lastAt), repeats }, violation };
}

export function muteDurationMs(strikes: number): number {
  return MUTE_STEPS_MS[Math.min(Math.max(strikes, 1), MUTE_STEPS_MS.length) - 1]!;
}

export function describeDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours === 1 ? '1 hour' : `${hours} hours`;
}
