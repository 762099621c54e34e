import { defineStore } from 'pinia';
import { db } from '../firestore';
import type { MessageDoc } from '../data/converters';
import {
  editMessage,
  messageExists,
  newMessageId,
  redactMessage,
  searchMessages,
  sendMessage,
  setReaction,
  validateText,
  warmLedger,
} from '../data/messages';
import { CROSS_ROOM_RATE_COUNT, CROSS_ROOM_RATE_WINDOW_MS, RATE_LIMIT_COUNT, RATE_LIMIT_WINDOW_MS } from '@chat/shared';
import { errorCode, UserError } from '../lib/errors';
import { reconcileOutbox, type OutboxEntry, type RoomView } from '../lib/outbox';
import { createPacer } from '../lib/pacing';
import { ledgerTimes } from '../data/ledger';
import { useAttachmentsStore } from './attachments';
import { useAuthStore } from './auth';
import { useOutboxStore } from './outbox';
import { useRoomsStore } from './rooms';

export interface SendOptions {
  replyTo?: OutboxEntry['replyTo'];
  mentions?: string[];
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  if (code === 'permission-denied') return 'The server refused this message.';
  return error instanceof Error && error.message ? error.message : 'The server refused this message.';
}

/** Every message write goes through here: sends are optimistic and failures keep their text. */
export const useMessagesStore = defineStore('messages', () => {
  const auth = useAuthStore();
  const outbox = useOutboxStore();
  /** ids whose commit this page is awaiting: their own promise reports the outcome */
  const inFlight = new Set<string>();

  /**
   * Sends go out one after another: each waits until the previous one is in the local write
   * queue, so their ledger numbers and their order on the server follow the order of writing,
   * also when a burst written offline (or restored after a reload) goes out at once.
   */
  const queues = new Map<string, Promise<void>>();
  /** A burst waits ("sending…") until the rate limits have room, instead of being refused (lib/pacing). */
  const rooms = useRoomsStore();
  const pacer = createPacer(
    (roomId) => ({
      count: RATE_LIMIT_COUNT,
      windowMs: RATE_LIMIT_WINDOW_MS,
      slowModeMs: (rooms.roomById(roomId)?.room.slowModeSec ?? 0) * 1000,
    }),
    { count: CROSS_ROOM_RATE_COUNT, windowMs: CROSS_ROOM_RATE_WINDOW_MS },
  );
  /** Rooms whose ledger seeded the pacer: after a reload in mid-burst it still knows my last sends. */
  const seeded = new Map<string, Promise<void>>();
  function seedPacer(roomId: string, uid: string): Promise<void> {
    const key = `${uid}/${roomId}`;
    let done = seeded.get(key);
    if (!done) {
      done = ledgerTimes(db, roomId, uid)
        .then((times) => pacer.seed(roomId, times))
        .catch(() => undefined);
      seeded.set(key, done);
    }
    return done;
  }

  /**
   * Runs one send to a room in its turn: after the sends before it are queued and once the
   * pacer has room. `write` calls `queued` when its batch is in the local write queue and
   * settles when the server has answered.
   */
  function paced(roomId: string, uid: string, write: (queued: () => void) => Promise<void>): Promise<void> {
    let outcome!: Promise<void>;
    const turn = (queues.get(roomId) ?? Promise.resolve())
      .then(() => seedPacer(roomId, uid))
      .then(() => pacer.turn(roomId))
      .then(
        () =>
          new Promise<void>((queued) => {
            const mark = pacer.sent(roomId);
            outcome = write(queued).then(
              () => pacer.acked(mark),
              (error: unknown) => {
                pacer.failed(mark);
                queued();
                throw error;
              },
            );
          }),
      );
    // a send that could not even start must not stop the ones after it
    queues.set(
      roomId,
      turn.catch(() => undefined),
    );
    return turn.then(() => outcome);
  }

  function deliver(entry: OutboxEntry) {
    inFlight.add(entry.id);
    const authorName = auth.displayName;
    paced(entry.roomId, entry.authorId, (queued) =>
      sendMessage(
        db,
        {
          roomId: entry.roomId,
          id: entry.id,
          authorId: entry.authorId,
          authorName,
          text: entry.text,
          replyTo: entry.replyTo,
          mentions: entry.mentions,
        },
        queued,
      ),
    )
      .then(() => outbox.dispatch({ type: 'confirmed', id: entry.id }))
      .catch((error: unknown) => outbox.dispatch({ type: 'rejected', id: entry.id, reason: reasonOf(error) }))
      .finally(() => inFlight.delete(entry.id));
  }

  /** Returns an error to show instead of sending, or null once the message is on its way. */
  function send(roomId: string, text: string, options: SendOptions = {}): string | null {
    // a message with a file goes through the upload first; the attachments store sends it after
    const attachments = useAttachmentsStore();
    if (attachments.drafts[roomId]) return attachments.send(roomId, text);
    const problem = validateText(text);
    if (problem) return problem;
    if (!auth.uid) return 'You are signed out. Sign in to send messages.';
    const entry = {
      id: newMessageId(db, roomId),
      roomId,
      authorId: auth.uid,
      text: text.trim(),
      replyTo: options.replyTo ?? null,
      mentions: options.mentions ?? [],
      queuedAt: Date.now(),
    };
    outbox.dispatch({ type: 'queued', entry });
    deliver({ ...entry, state: 'pending', reason: null });
    return null;
  }

  /** Sends a failed message again under the same id, so it can never arrive twice. */
  function retry(id: string) {
    const entry = outbox.entries.find((e) => e.id === id && e.state === 'failed');
    if (!entry || entry.authorId !== auth.uid) return;
    outbox.dispatch({ type: 'retried', id });
    deliver(entry);
  }

  function discard(id: string) {
    outbox.dispatch({ type: 'discarded', id });
  }

  /** What a room's snapshot says about pending sends (acknowledged, or refused while we were away). */
  function reconcile(view: Omit<RoomView, 'inFlight'>) {
    const { events, orphans } = reconcileOutbox(outbox.entries, { ...view, inFlight });
    for (const event of events) outbox.dispatch(event);
    // checked one after another, so orphans are sent again in the order they were written
    let checked: Promise<void> = Promise.resolve();
    for (const id of orphans) {
      const entry = outbox.entries.find((e) => e.id === id);
      if (!entry || entry.authorId !== auth.uid) continue;
      inFlight.add(id);
      checked = checked.then(() =>
        messageExists(db, entry.roomId, id)
          .then((exists) => (exists ? outbox.dispatch({ type: 'confirmed', id }) : deliver(entry)))
          .catch(() => {
            inFlight.delete(id);
          }),
      );
    }
  }

  /** Saves an edit; throws a UserError to show when the text is not acceptable or the window closed. */
  async function edit(roomId: string, id: string, text: string): Promise<void> {
    const problem = validateText(text);
    if (problem) throw new UserError(problem);
    try {
      await editMessage(db, roomId, id, text);
    } catch (error) {
      if (errorCode(error) === 'permission-denied') throw new UserError('This message can no longer be edited.');
      throw error;
    }
  }

  async function redact(roomId: string, id: string): Promise<void> {
    await redactMessage(db, roomId, id);
  }

  /** Adds my reaction, or takes it back when I had given that one. */
  async function react(roomId: string, message: MessageDoc, emoji: string): Promise<void> {
    if (!auth.uid) throw new UserError('You are signed out.');
    const on = !(message.reactions?.[emoji] ?? []).includes(auth.uid);
    await setReaction(db, roomId, message.id, emoji, auth.uid, on);
  }

  async function search(roomId: string, text: string): Promise<MessageDoc[]> {
    return searchMessages(db, roomId, text);
  }

  /** Reads the send ledger while online, so sends made offline later can chain from the cache. */
  function prepare(roomId: string) {
    if (auth.uid) void warmLedger(db, roomId, auth.uid);
  }

  return { send, paced, retry, discard, reconcile, edit, redact, react, search, prepare };
});
