import { describeDuration } from './rateWindow.js';

/** The words of each system message, in one place so they read alike. */
export const systemText = {
  joined: (name: string) => `${name} joined the room`,
  left: (name: string) => `${name} left the room`,
  renamed: (name: string) => `The room was renamed to “${name}”`,
  topic: (topic: string) => (topic ? `The topic is now “${topic}”` : 'The topic was cleared'),
  muted: (name: string, ms: number) => `${name} was muted for ${describeDuration(Math.max(ms, 60_000))}`,
  unmuted: (name: string) => `${name} can post again`,
  banned: (name: string) => `${name} was banned from the room`,
};

export function nameOf(data: { displayName?: unknown } | undefined, fallback = 'Someone'): string {
  const name = typeof data?.displayName === 'string' ? data.displayName.trim() : '';
  return name || fallback;
}
