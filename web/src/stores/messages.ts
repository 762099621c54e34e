import { defineStore } from 'pinia';
import { db } from '../firestore';
import type { MessageDoc } from '../data/converters';
import {
  editMessage,
  messageOnServer,
  newMessageId,
  redactMessage,
  searchMessages,
  searchRooms,
  sendMessage,
  setReaction,
  validateText,
  warmLedger,
} from '../data/messages';
import { errorCode, UserError } from '../lib/errors';
import { isEmoji } from '../lib/emoji';
import { reconcileOutbox, REFUSED, type OutboxEntry, type RoomView } from '../lib/outbox';
import { useAttachmentsStore } from './attachments';
import { useAuthStore } from './auth';
import { useOutboxStore } from './outbox';
import { useRoomsStore } from './rooms';
import { useUsersStore } from './users';

export interface SearchGroup {
  roomId: string;
  /** the room's name, or the other person's in a direct room */
  title: string;
  direct: boolean;
  messages: MessageDoc[];
}

export interface SearchResults {
  groups: SearchGroup[];
  /** titles of the rooms that could not be searched */
  failed: string[];
}

export interface SendOptions {
  replyTo?: OutboxEntry['replyTo'];
  mentions?: string[];
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  if (code === 'permission-denied') return REFUSED;
  return error instanceof Error && error.message ? error.message : REFUSED;
}

/** Every message write goes through here: sends are optimistic and failures keep their text. */
export const useMessagesStore = defineStore('messages', () => {
  const auth = useAuthStore();
  const outbox = useOutboxStore();
  const users = useUsersStore();
  /** ids whose commit (or server check) this page is awaiting: their own promise reports the outcome */
  const inFlight = new Set<string>();

  /**
   * Sends go out one after another: each waits until the previous one is in the local write
   * queue, so their ledger numbers and their order on the server follow the order of writing,
   * also when a burst written offline (or restored after a reload) goes out at once.
   */
  let queue: Promise<void> = Promise.resolve();

  function deliver(entry: OutboxEntry) {
    inFlight.add(entry.id);
    const authorName = users.myName();
    queue = queue.then(
      () =>
        new Promise<void>((queued) => {
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
              slowMode: (useRoomsStore().roomById(entry.roomId)?.room.slowModeSec ?? 0) > 0,
            },
            queued,
          )
            .then(() => outbox.dispatch({ type: 'confirmed', id: entry.id }))
            .catch((error: unknown) => {
              queued();
              outbox.dispatch({ type: 'rejected', id: entry.id, reason: reasonOf(error) });
            })
            .finally(() => inFlight.delete(entry.id));
        }),
    );
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

  /**
   * Asks the server whether it has the message, then either confirms it or hands it to
   * `otherwise`. Checks run one after another, so messages sent again go out in the order
   * they were written. A check that cannot be made leaves the entry to `onError`.
   */
  let checks: Promise<void> = Promise.resolve();
  function check(entry: OutboxEntry, otherwise: () => void, onError: (error: unknown) => void = () => undefined) {
    inFlight.add(entry.id);
    checks = checks.then(() =>
      messageOnServer(db, entry.roomId, entry.id, entry.authorId).then(
        (exists) => {
          // deliver() marks it in flight again in the same tick, so no snapshot sees a gap
          inFlight.delete(entry.id);
          if (exists) outbox.dispatch({ type: 'confirmed', id: entry.id });
          else otherwise();
        },
        (error: unknown) => {
          inFlight.delete(entry.id);
          onError(error);
        },
      ),
    );
  }

  /**
   * Sends a failed message again under the same id, so it can never arrive twice. The server is
   * asked first: a batch for a message it already has is refused by the rules (the ledger entry
   * must name a new message), which would show a delivered message as failed again.
   */
  function retry(id: string) {
    const entry = outbox.entries.find((e) => e.id === id && e.state === 'failed');
    if (!entry || entry.authorId !== auth.uid) return;
    outbox.dispatch({ type: 'retried', id });
    check(
      entry,
      () => deliver(entry),
      (error) => outbox.dispatch({ type: 'rejected', id, reason: reasonOf(error) }),
    );
  }

  function discard(id: string) {
    outbox.dispatch({ type: 'discarded', id });
  }

  /** What a room's snapshot says about the outbox (acknowledged, or refused while we were away). */
  function reconcile(view: Omit<RoomView, 'inFlight'>) {
    const { events, orphans, unsure } = reconcileOutbox(outbox.entries, { ...view, inFlight });
    for (const event of events) outbox.dispatch(event);
    for (const id of [...unsure, ...orphans]) {
      const entry = outbox.entries.find((e) => e.id === id);
      if (!entry || entry.authorId !== auth.uid) continue;
      check(entry, () =>
        unsure.includes(id) ? outbox.dispatch({ type: 'rejected', id, reason: REFUSED }) : deliver(entry),
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
    if (!isEmoji(emoji)) throw new UserError('Reactions are emoji only.');
    const on = !(message.reactions?.[emoji] ?? []).includes(auth.uid);
    await setReaction(db, roomId, message.id, message.reactions ?? {}, emoji, auth.uid, on);
  }

  async function search(roomId: string, text: string): Promise<MessageDoc[]> {
    return searchMessages(db, roomId, text);
  }

  /**
   * Search in one room, or (null) in every room of mine, grouped by room in the sidebar's order
   * (most recent activity first); `failed` names the rooms that could not be searched.
   */
  async function searchEverywhere(text: string, roomId: string | null): Promise<SearchResults> {
    const roomsStore = useRoomsStore();
    const rooms = roomId ? [roomsStore.roomById(roomId)].filter((e) => e !== null) : roomsStore.entries;
    const { found, failed } = await searchRooms(
      db,
      rooms.map((e) => e.room.id),
      text,
    );
    const entry = (id: string) => rooms.find((e) => e.room.id === id);
    return {
      // searchRooms keeps the order it was given
      groups: found.map((g) => ({
        roomId: g.roomId,
        title: entry(g.roomId)?.title ?? '',
        direct: entry(g.roomId)?.room.kind === 'direct',
        messages: g.messages,
      })),
      failed: failed.map((id) => entry(id)?.title ?? id),
    };
  }

  /**
   * Reads the send ledger (one for all rooms) while online, so sends made offline later can
   * chain from the cache.
   */
  function prepare() {
    if (auth.uid) void warmLedger(db, auth.uid);
  }

  return { send, retry, discard, reconcile, edit, redact, react, search, searchEverywhere, prepare };
});
