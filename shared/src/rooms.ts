import type { Member, Room } from './model.js';

/**
 * A room document as its creation stores it: no messages yet (the server-owned lastMessage,
 * lastMessageAt, activeHour and messageCount at null, null, null and 0), no slow mode, no topic,
 * the members its creation makes (memberCount 1, the owner; a direct room 2, and its pair in
 * memberIds, which only direct rooms hold), and no holdUntilScreened (absent means false, and the
 * rules refuse it on create). The app's room creation builds every room with it; code that writes
 * rooms past the client (seeding, benchmarks, tests) passes what a case changes, such as an active
 * room's lastMessageAt and activeHour.
 */
export function roomDocument<T>({
  kind,
  name,
  topic = '',
  createdBy,
  createdAt,
  memberIds = [],
  memberCount = kind === 'direct' ? 2 : 1,
  slowModeSec = 0,
  holdUntilScreened,
  lastMessage = null,
  lastMessageAt = null,
  activeHour = null,
  messageCount = 0,
}: Pick<Room<T>, 'kind' | 'name' | 'createdBy' | 'createdAt'> &
  Partial<Omit<Room<T>, 'kind' | 'name' | 'createdBy' | 'createdAt'>>) {
  return {
    kind,
    name,
    topic,
    createdBy,
    createdAt,
    ...(kind === 'direct' ? { memberIds: [...memberIds] } : {}),
    memberCount,
    slowModeSec,
    ...(holdUntilScreened === undefined ? {} : { holdUntilScreened }),
    lastMessage: lastMessage
      ? {
          id: lastMessage.id,
          authorId: lastMessage.authorId,
          authorName: lastMessage.authorName,
          excerpt: lastMessage.excerpt,
          at: lastMessage.at,
        }
      : null,
    lastMessageAt,
    activeHour,
    messageCount,
  } satisfies Room<T>;
}

/**
 * A member document (rooms/{roomId}/members/{uid}) as a join or a room's creation stores it:
 * exactly the keys the rules' validMemberShape accepts, with no mute unless one is on record
 * (a join carries the room's sanction over, or the rules refuse it), and nameLower made here from
 * displayName (the rules want `displayName.lower()`; the @mention search queries it). The app
 * writes every membership with it; seeding, benchmarks and tests pass their own joinedAt.
 */
export function memberDocument<T>({
  uid,
  role,
  displayName,
  joinedAt,
  mutedUntil = null,
}: Pick<Member<T>, 'uid' | 'role' | 'displayName' | 'joinedAt'> & Partial<Pick<Member<T>, 'mutedUntil'>>) {
  return { uid, role, displayName, nameLower: memberNameLower(displayName), joinedAt, mutedUntil } satisfies Member<T>;
}

/**
 * A member's nameLower for a displayName: what memberDocument stores, and what a writer that
 * changes the name (the server masking a blocked word) writes beside it.
 */
export function memberNameLower(displayName: string): string {
  return displayName.toLowerCase();
}

export const ACTIVE_HOUR_MS = 3_600_000;

/** A room's activeHour for a last message at `ms` (ms since the epoch): the start of its hour, UTC. */
export function activeHourMs(ms: number): number {
  return Math.floor(ms / ACTIVE_HOUR_MS) * ACTIVE_HOUR_MS;
}
