import { NOTICES_MAX_MEMBERS, type SystemEvent } from '@chat/shared';
import { describeDuration } from './rateWindow.js';

/**
 * A system message's content: what happened (`event`, which the app says in the reader's language)
 * and the same in English (`text`: the room list's preview, search, and apps from before events).
 */
export interface SystemNotice {
  text: string;
  event: SystemEvent;
}

/**
 * Whether a join or leave is announced: in rooms of at most NOTICES_MAX_MEMBERS members, counting
 * the person who joins or leaves. The count is the room's memberCount as last written, which may
 * lag a burst of joins by a few: the 100th to 105th member of a fast-growing room may or may not
 * be announced.
 */
export function announcesMembership(membersWithThisPerson: number): boolean {
  return membersWithThisPerson <= NOTICES_MAX_MEMBERS;
}

const REASONS = { 'too-many': 'too many messages in a minute', repeated: 'the same message again and again' };

/** Each system message, in one place so they read alike. */
export const systemText = {
  joined: (name: string): SystemNotice => ({ text: `${name} joined the room`, event: { type: 'joined', name } }),
  left: (name: string): SystemNotice => ({ text: `${name} left the room`, event: { type: 'left', name } }),
  renamed: (name: string): SystemNotice => ({
    text: `The room was renamed to “${name}”`,
    event: { type: 'renamed', name },
  }),
  topic: (topic: string): SystemNotice => ({
    text: topic ? `The topic is now “${topic}”` : 'The topic was cleared',
    event: { type: 'topic', topic },
  }),
  muted: (name: string, ms: number): SystemNotice => {
    const at = Math.max(ms, 60_000);
    return { text: `${name} was muted for ${describeDuration(at)}`, event: { type: 'muted', name, ms: at } };
  },
  unmuted: (name: string): SystemNotice => ({ text: `${name} can post again`, event: { type: 'unmuted', name } }),
  banned: (name: string): SystemNotice => ({
    text: `${name} was banned from the room`,
    event: { type: 'banned', name },
  }),
  /** the cross-room rate limit muted the sender (messages/created.ts) */
  limited: (name: string, ms: number, reason: 'too-many' | 'repeated'): SystemNotice => ({
    text: `${name} is muted for ${describeDuration(ms)}: ${REASONS[reason]}.`,
    event: { type: 'limited', name, ms, reason },
  }),
};

export function nameOf(data: { displayName?: unknown } | undefined, fallback = 'Someone'): string {
  const name = typeof data?.displayName === 'string' ? data.displayName.trim() : '';
  return name || fallback;
}
