import type { AttachmentRef } from '@chat/shared';

/**
 * The outbox: messages the user sent that the server has not confirmed yet, kept in
 * localStorage so "uploading", "sending…" and "Not sent" survive a reload. Every send goes
 * through it, with or without a file. Firestore's persistent cache keeps and replays the writes
 * themselves; the outbox only remembers what to show and what a retry needs (a file's bytes are
 * kept apart, in IndexedDB, by the outbox store). A pure state machine:
 *
 *   uploading ──uploaded──▶ pending         a file is stored first; its message goes out after
 *     │  └──rejected──▶ failed              the upload failed or was refused
 *     └──discarded (cancel)──▶ (gone)
 *   pending ──confirmed──▶ (gone)           the server has the message (acknowledged, or found
 *     │                                      there after a refusal whose commit had landed)
 *     │  └──rejected──▶ failed              refused, and the server does not have it
 *     │                  │  └──confirmed──▶ (gone)   it reached the server after all
 *     └────────discarded─┴──▶ (gone)
 *   failed ──retried──▶ uploading (a file not stored yet) or pending
 *   uploading or failed ──lost──▶ failed for good (the file's bytes are gone): only Discard
 *
 * A message with a file is queued "uploading" unless its file is already stored.
 */
export type OutboxState = 'uploading' | 'pending' | 'failed';

/** The file a queued message carries: what to show, and once stored, the reference it sends. */
export interface OutboxFile {
  name: string;
  contentType: string;
  size: number;
  width: number | null;
  height: number | null;
  /** set once the upload is complete: from then on only the message is (re)sent */
  ref: AttachmentRef | null;
  /** the bytes are no longer on this device (storage cleared): it can only be discarded */
  lost: boolean;
}

export interface OutboxEntry {
  id: string;
  roomId: string;
  authorId: string;
  text: string;
  replyTo: { id: string; authorName: string; excerpt: string } | null;
  mentions: string[];
  file: OutboxFile | null;
  /** a thread reply: the thread's first message, and whether it is also sent to the room */
  thread: { id: string; inRoom: boolean } | null;
  state: OutboxState;
  reason: string | null;
  /** client time it was queued, to keep failed messages in the order they were written */
  queuedAt: number;
}

export type OutboxEvent =
  | { type: 'queued'; entry: Omit<OutboxEntry, 'state' | 'reason'> }
  | { type: 'uploaded'; id: string; ref: AttachmentRef }
  | { type: 'confirmed'; id: string }
  | { type: 'rejected'; id: string; reason: string }
  | { type: 'lost'; id: string }
  | { type: 'retried'; id: string }
  | { type: 'discarded'; id: string };

export const REFUSED = 'The server refused this message.';
export const FILE_REFUSED = 'The server refused this file. Are you still a member of this room?';
export const FILE_LOST =
  'The file is no longer stored in this browser (its storage was cleared), so this message cannot be sent. Discard it and attach the file again.';

/** Whether an entry still needs its file uploaded before its message can go. */
export const needsUpload = (e: Pick<OutboxEntry, 'file'>): boolean => e.file !== null && e.file.ref === null;

/** Whether Retry can do anything for a failed entry. */
export const retryable = (e: OutboxEntry): boolean => e.state === 'failed' && !e.file?.lost;

function update(entries: readonly OutboxEntry[], id: string, change: (e: OutboxEntry) => OutboxEntry): OutboxEntry[] {
  return entries.map((e) => (e.id === id ? change(e) : e));
}

export function outboxReducer(entries: readonly OutboxEntry[], event: OutboxEvent): OutboxEntry[] {
  switch (event.type) {
    case 'queued':
      if (entries.some((e) => e.id === event.entry.id)) return entries.slice();
      return [...entries, { ...event.entry, state: needsUpload(event.entry) ? 'uploading' : 'pending', reason: null }];
    case 'uploaded':
      return update(entries, event.id, (e) =>
        e.state === 'uploading' && e.file
          ? { ...e, state: 'pending', file: { ...e.file, ref: event.ref } }
          : e,
      );
    case 'confirmed':
    case 'discarded':
      return entries.filter((e) => e.id !== event.id);
    case 'rejected':
      return update(entries, event.id, (e) => ({ ...e, state: 'failed', reason: event.reason }));
    case 'lost':
      return update(entries, event.id, (e) =>
        e.file && needsUpload(e) ? { ...e, state: 'failed', reason: FILE_LOST, file: { ...e.file, lost: true } } : e,
      );
    case 'retried':
      return update(entries, event.id, (e) =>
        retryable(e) ? { ...e, state: needsUpload(e) ? 'uploading' : 'pending', reason: null } : e,
      );
  }
}

/** What one snapshot of a room's latest messages, or of a thread's replies, says about the outbox. */
export interface RoomView {
  roomId: string;
  /** the thread the snapshot is of; null or absent for the room's own history */
  threadId?: string | null;
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
  /** ids of uploads to take up again: uploading entries no upload of this page is carrying (a reload) */
  uploads: string[];
  /**
   * ids whose pending document left the view with no commit of this page awaiting it: the
   * server refused the write, or refused a resend of a write it had already committed (its
   * answer lost). Only the server can tell which, so they are checked before being called failed.
   */
  unsure: string[];
}

/**
 * Whether an entry belongs in a view: the room's history (threadId null) holds room messages and
 * replies also sent to the room; a thread's view holds its replies.
 */
export function inView(e: Pick<OutboxEntry, 'thread'>, threadId: string | null): boolean {
  return threadId === null ? !e.thread || e.thread.inRoom : e.thread?.id === threadId;
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
  const uploads: string[] = [];
  for (const e of entries) {
    if (e.roomId !== view.roomId) continue;
    if (!inView(e, view.threadId ?? null)) {
      // A reply that stays in its thread, seen from the room's history: no snapshot here can tell
      // its fate, and its thread may never be opened again. One this page is not sending (left
      // by an earlier page) is asked of the server, which confirms it or sends it.
      if (!view.threadId && e.state === 'pending' && view.fromServer && !view.inFlight.has(e.id)) orphans.push(e.id);
      continue;
    }
    const pending = view.present.get(e.id);
    if (pending === false) events.push({ type: 'confirmed', id: e.id });
    else if (view.inFlight.has(e.id)) continue;
    // an upload is this page's own work: it needs no answer from the server to be taken up
    else if (e.state === 'uploading') uploads.push(e.id);
    else if (e.state !== 'pending') continue;
    else if (view.vanished.has(e.id)) unsure.push(e.id);
    // A pending entry the cache does not hold and no commit of this page is carrying (the page
    // was reloaded before the write reached the cache) will never be delivered by itself.
    else if (pending === undefined && view.fromServer) orphans.push(e.id);
  }
  return { events, orphans, unsure, uploads };
}

function isFile(value: unknown): value is OutboxFile {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.name === 'string' &&
    typeof v.contentType === 'string' &&
    typeof v.size === 'number' &&
    (v.ref === null || (typeof v.ref === 'object' && typeof (v.ref as Record<string, unknown>).id === 'string'))
  );
}

function isEntry(value: unknown): value is OutboxEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    typeof v.roomId === 'string' &&
    typeof v.authorId === 'string' &&
    typeof v.text === 'string' &&
    (v.state === 'uploading' || v.state === 'pending' || v.state === 'failed') &&
    Array.isArray(v.mentions) &&
    typeof v.queuedAt === 'number' &&
    (v.file === undefined || v.file === null || isFile(v.file)) &&
    // an upload needs a file
    (v.state !== 'uploading' || isFile(v.file))
  );
}

function threadOf(thread: unknown): OutboxEntry['thread'] {
  if (typeof thread !== 'object' || thread === null) return null;
  const { id, inRoom } = thread as Record<string, unknown>;
  return typeof id === 'string' ? { id, inRoom: inRoom === true } : null;
}

function fileOf(file: OutboxFile | null | undefined): OutboxFile | null {
  if (!file) return null;
  return {
    ...file,
    width: file.width ?? null,
    height: file.height ?? null,
    lost: file.lost === true,
  };
}

/** Reads stored entries, dropping anything malformed (storage is user-editable). */
export function parseOutbox(raw: string | null): OutboxEntry[] {
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed)
      ? parsed
          .filter(isEntry)
          .map((e) => ({
            ...e,
            replyTo: e.replyTo ?? null,
            reason: e.reason ?? null,
            file: fileOf(e.file),
            thread: threadOf(e.thread),
          }))
      : [];
  } catch {
    return [];
  }
}
