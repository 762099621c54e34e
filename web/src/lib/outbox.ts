/**
 * The outbox: messages the user sent that the server has not confirmed yet, kept in
 * localStorage so "sending…" and "Not sent" survive a reload. Firestore's persistent cache
 * keeps and replays the writes themselves; the outbox only remembers what to show and what a
 * retry needs. A pure state machine:
 *
 *   queued ──confirmed──▶ (gone)          the server has the message (acknowledged, or found
 *     │                                    there after a refusal whose commit had landed)
 *     │  └──rejected──▶ failed             refused, and the server does not have it
 *     │                  │  └──confirmed──▶ (gone)   it reached the server after all
 *     └────────discarded─┴──▶ (gone)
 *   failed ──retried──▶ queued
 */
export type OutboxState = 'pending' | 'failed';

export interface OutboxEntry {
  id: string;
  roomId: string;
  authorId: string;
  text: string;
  replyTo: { id: string; authorName: string; excerpt: string } | null;
  mentions: string[];
  state: OutboxState;
  reason: string | null;
  /** client time it was queued, to keep failed messages in the order they were written */
  queuedAt: number;
}

export type OutboxEvent =
  | { type: 'queued'; entry: Omit<OutboxEntry, 'state' | 'reason'> }
  | { type: 'confirmed'; id: string }
  | { type: 'rejected'; id: string; reason: string }
  | { type: 'retried'; id: string }
  | { type: 'discarded'; id: string };

export const REFUSED = 'The server refused this message.';

export function outboxReducer(entries: readonly OutboxEntry[], event: OutboxEvent): OutboxEntry[] {
  switch (event.type) {
    case 'queued':
      if (entries.some((e) => e.id === event.entry.id)) return entries.slice();
      return [...entries, { ...event.entry, state: 'pending', reason: null }];
    case 'confirmed':
    case 'discarded':
      return entries.filter((e) => e.id !== event.id);
    case 'rejected':
      return entries.map((e) => (e.id === event.id ? { ...e, state: 'failed', reason: event.reason } : e));
    case 'retried':
      return entries.map((e) => (e.id === event.id && e.state === 'failed' ? { ...e, state: 'pending', reason: null } : e));
  }
}

/** What one snapshot of a room's latest messages says about the outbox. */
export interface RoomView {
  roomId: string;
  /** ids in the snapshot, mapped to whether they still have writes the server has not confirmed */
  present: ReadonlyMap<string, boolean>;
  /** ids that had pending writes and left the snapshot: the server refused them */
  vanished: ReadonlySet<string>;
  /** the snapshot came from the server, not only the cache */
  fromServer: boolean;
  /** ids with a commit in flight in this page: their promise will tell */
  inFlight: ReadonlySet<string>;
}

/** What a snapshot implies for the room's outbox. */
export interface Reconciliation {
  events: OutboxEvent[];
  /**
   * ids to send again: pending entries that neither the cache nor a commit of this page carries
   * (their id makes that safe once the server has been asked whether it has them)
   */
  orphans: string[];
  /**
   * ids whose pending document left the view with no commit of this page awaiting it: the
   * server refused the write, or refused a resend of a write it had already committed (its
   * answer lost). Only the server can tell which, so they are checked before being called failed.
   */
  unsure: string[];
}

/**
 * What a snapshot implies for the room's entries. A failed entry the server has after all (a
 * refusal whose message had landed) is confirmed too: a message everyone else received is
 * never shown as "Not sent".
 */
export function reconcileOutbox(entries: readonly OutboxEntry[], view: RoomView): Reconciliation {
  const events: OutboxEvent[] = [];
  const orphans: string[] = [];
  const unsure: string[] = [];
  for (const e of entries) {
    if (e.roomId !== view.roomId) continue;
    const pending = view.present.get(e.id);
    if (pending === false) events.push({ type: 'confirmed', id: e.id });
    else if (e.state !== 'pending' || view.inFlight.has(e.id)) continue;
    else if (view.vanished.has(e.id)) unsure.push(e.id);
    // A pending entry the cache does not hold and no commit of this page is carrying (the page
    // was reloaded before the write reached the cache) will never be delivered by itself.
    else if (pending === undefined && view.fromServer) orphans.push(e.id);
  }
  return { events, orphans, unsure };
}

function isEntry(value: unknown): value is OutboxEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    typeof v.roomId === 'string' &&
    typeof v.authorId === 'string' &&
    typeof v.text === 'string' &&
    (v.state === 'pending' || v.state === 'failed') &&
    Array.isArray(v.mentions) &&
    typeof v.queuedAt === 'number'
  );
}

/** Reads stored entries, dropping anything malformed (storage is user-editable). */
export function parseOutbox(raw: string | null): OutboxEntry[] {
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed)
      ? parsed.filter(isEntry).map((e) => ({ ...e, replyTo: e.replyTo ?? null, reason: e.reason ?? null }))
      : [];
  } catch {
    return [];
  }
}
