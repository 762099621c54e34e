import { defineStore } from 'pinia';
import { ref } from 'vue';
import { db } from '../firestore';
import type { MessageDoc, RoomDoc } from '../data/converters';
import {
  newAttachmentId,
  queuedWritesSettled,
  uploadAttachment,
  UploadCancelled,
  UploadLimitReached,
} from '../data/attachments';
import {
  EditLimitReached,
  editMessage,
  messageOnServer,
  newMessageId,
  redactMessage,
  searchMessages,
  searchRooms,
  sendMessage,
  warmLedger,
} from '../data/messages';
import { readRoom } from '../data/rooms';
import { warmLatestMessages } from '../data/warmWindows';
import { EDIT_RATE_COUNT, UPLOAD_BYTES, type AttachmentRef } from '@chat/shared';
import { t } from '../i18n';
import { errorCode, UserError } from '../lib/errors';
import { lingering } from '../lib/linger';
import { formatUntil } from '../lib/sanctions';
import { FILE_REFUSED, needsUpload, reconcileOutbox, REFUSED, type OutboxEntry, type RoomView } from '../lib/outbox';
import { createPacer, SEND_WINDOWS } from '../lib/pacing';
import { validateMessage } from '../lib/validation';
import { ledgerTimes, slowModeStamp } from '../data/ledger';
import { useAttachmentsStore, type Draft } from './attachments';
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
  /** the file in the composer (the attachments store's draft for the room) */
  file?: Draft | null;
  /** a thread reply: the thread's first message, and whether it is also sent to the room */
  thread?: OutboxEntry['thread'];
}

function reasonOf(error: unknown, entry: Pick<OutboxEntry, 'state'>): string {
  // the daily limit on files, with when it lifts (in the UI's language as it is now)
  if (error instanceof UploadLimitReached) {
    const size = `${UPLOAD_BYTES / (1024 * 1024)} MB`;
    return t('store.uploadLimit', { size, time: formatUntil(error.retryAt.getTime(), Date.now()) });
  }
  const code = (error as { code?: string } | null)?.code;
  if (code === 'permission-denied') {
    return entry.state === 'uploading' ? FILE_REFUSED : REFUSED;
  }
  return error instanceof Error && error.message ? error.message : REFUSED;
}

/**
 * An upload that ends with nothing to report: its file's bytes are gone (the entry says so,
 * lib/outbox FILE_LOST), or another tab of mine is uploading it.
 */
class NotMine extends Error {}

/**
 * Runs an entry's upload holding a lock named after it, so two tabs never upload the same file:
 * a tab that finds it held leaves it to the other (the outbox in localStorage follows along). A
 * lock goes with its tab, so a tab reloaded or closed mid-upload lets another take it up.
 */
function alone<T>(id: string, upload: () => Promise<T>): Promise<T> {
  if (typeof navigator === 'undefined' || !navigator.locks) return upload();
  return navigator.locks.request(`firechat.upload.${id}`, { ifAvailable: true }, async (lock): Promise<T> => {
    if (!lock) throw new NotMine();
    return upload();
  }) as Promise<T>;
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
   * queue, so their numbers in my one send ledger (for all rooms) and their order on the server
   * follow the order of writing, also when a burst written offline (or restored after a reload)
   * goes out at once. Before that, each room's sends wait their turn in the room's own queue, so
   * a room held back by slow mode does not hold back the others.
   */
  const queues = new Map<string, Promise<unknown>>();
  let writes: Promise<void> = Promise.resolve();
  /** each room's latest send: settles once it is in the local write queue, or has failed */
  const latestQueued = new Map<string, Promise<void>>();
  /** A burst waits ("sending…") until the rate limits have room, instead of being refused (lib/pacing). */
  const rooms = useRoomsStore();
  /**
   * Rooms read for a send made before my room list has answered (a cold open's composer is there
   * once my membership is known, which is asked for first): a send must know the room's slow mode
   * and screening, or the rules refuse it.
   */
  const readRooms = new Map<string, RoomDoc>();
  const roomOf = (roomId: string) => rooms.roomById(roomId)?.room ?? readRooms.get(roomId);
  async function knowRoom(roomId: string): Promise<void> {
    if (rooms.roomById(roomId)) return;
    const room = await readRoom(db, roomId);
    if (room) readRooms.set(roomId, room);
  }
  const slowModeSec = (roomId: string) => roomOf(roomId)?.slowModeSec ?? 0;
  /** the room holds each new or edited text until the screening function has judged it */
  const holdsMessages = (roomId: string) => roomOf(roomId)?.holdUntilScreened === true;
  const pacer = createPacer((roomId) => slowModeSec(roomId) * 1000, SEND_WINDOWS);
  /**
   * After a reload in mid-burst the pacer still knows my last sends: it is seeded from my ledger
   * before the page's first send, and from a slow room's stamp before the first send there.
   */
  const seeded = new Map<string, Promise<void>>();
  function once(key: string, load: () => Promise<void>): Promise<void> {
    let done = seeded.get(key);
    if (!done) seeded.set(key, (done = load().catch(() => undefined)));
    return done;
  }
  function seedPacer(roomId: string, uid: string): Promise<void> {
    const ledger = once(uid, () => ledgerTimes(db, uid).then((times) => pacer.seed(times)));
    if (slowModeSec(roomId) === 0) return ledger;
    const stamp = once(`${uid}/${roomId}`, () =>
      slowModeStamp(db, roomId, uid).then((at) => {
        if (at !== null) pacer.seedRoom(roomId, at);
      }),
    );
    return Promise.all([ledger, stamp]).then(() => undefined);
  }

  /**
   * Runs one send to a room in its turn: after the room's sends before it, once the pacer has
   * room, and after every earlier send is queued. `write` calls `queued` when its batch is in the
   * local write queue and settles when the server has answered.
   */
  function paced<T>(roomId: string, uid: string, write: (queued: () => void) => Promise<T>): Promise<T> {
    let outcome!: Promise<T>;
    const turn = (queues.get(roomId) ?? Promise.resolve())
      .then(() => knowRoom(roomId))
      .then(() => seedPacer(roomId, uid))
      .then(() => pacer.turn(roomId))
      .then((mark) => {
        const wrote = writes.then(
          () =>
            new Promise<void>((queued) => {
              outcome = write(queued).then(
                (result) => {
                  pacer.acked(mark);
                  return result;
                },
                (error: unknown) => {
                  pacer.failed(mark);
                  queued();
                  throw error;
                },
              );
            }),
        );
        writes = wrote;
        return wrote;
      });
    // a send that could not even start must not stop the ones after it
    queues.set(
      roomId,
      turn.catch(() => undefined),
    );
    return turn.then(() => outcome);
  }

  /** Upload progress (0..1) of the entries this page is uploading, and how to stop each. */
  const progress = ref<Record<string, number>>({});
  const uploads = new Map<string, AbortController>();
  function setProgress(id: string, fraction: number | null) {
    const { [id]: _was, ...rest } = progress.value;
    progress.value = fraction === null ? rest : { ...rest, [id]: fraction };
  }

  /**
   * Stores an entry's file (data/attachments: chunked, checksummed; a failure or a cancel deletes
   * what was written) and records it on the entry, which is then pending. Each attempt writes a
   * new attachment. An attempt a reload cut short (`resumed`) may still be in Firestore's own
   * queue: the new one starts once that has been answered, so the two never overlap; what the old
   * one leaves, unfinished or never sent, the scheduled cleanup deletes a day later
   * (functions/src/scheduled/cleanup.ts). Deleting it from here would cost a write that the rules
   * refuse whenever the attempt never reached the queue.
   */
  async function upload(entry: OutboxEntry, resumed: boolean): Promise<AttachmentRef> {
    const file = entry.file!;
    const bytes = await outbox.fileOf(entry.id);
    if (!bytes) {
      outbox.dispatch({ type: 'lost', id: entry.id });
      throw new NotMine();
    }
    if (resumed) await queuedWritesSettled(db).catch(() => Promise.reject(new NotMine()));
    // cancelled or discarded while waiting
    if (!outbox.entries.some((e) => e.id === entry.id && e.state === 'uploading')) throw new UploadCancelled();
    const attachmentId = newAttachmentId(db, entry.roomId);
    const controller = new AbortController();
    uploads.set(entry.id, controller);
    setProgress(entry.id, 0);
    try {
      const { name, contentType, width, height } = file;
      const ref = await uploadAttachment(
        db,
        {
          roomId: entry.roomId,
          attachmentId,
          messageId: entry.id,
          uploaderId: entry.authorId,
          name,
          contentType,
          bytes,
          width,
          height,
        },
        { signal: controller.signal, onProgress: (fraction) => setProgress(entry.id, fraction) },
      );
      // cancelled (here or in another tab) after its last write: stored, but never sent
      if (controller.signal.aborted || !outbox.entries.some((e) => e.id === entry.id)) throw new UploadCancelled();
      // the sender sees the file at once, without reading back what was just written
      useAttachmentsStore().remember(ref, bytes);
      outbox.dispatch({ type: 'uploaded', id: entry.id, ref });
      return ref;
    } finally {
      uploads.delete(entry.id);
      setProgress(entry.id, null);
    }
  }

  /**
   * Sends an outbox entry: its file first when it has one to store, then the message in its turn
   * with the others (a file in a burst is paced like a text, never refused), and reports the
   * outcome to the outbox.
   */
  function deliver(entry: OutboxEntry, resumed = false) {
    inFlight.add(entry.id);
    const authorName = users.myName();
    let settle!: () => void;
    const queuedHere = new Promise<void>((resolve) => (settle = resolve));
    latestQueued.set(entry.roomId, queuedHere);
    void queuedHere.then(() => {
      if (latestQueued.get(entry.roomId) === queuedHere) latestQueued.delete(entry.roomId);
    });
    (needsUpload(entry) ? alone(entry.id, () => upload(entry, resumed)) : Promise.resolve(entry.file?.ref ?? null))
      .then((attachment) =>
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
              attachment,
              slowMode: slowModeSec(entry.roomId) > 0,
              held: holdsMessages(entry.roomId),
              thread: entry.thread,
            },
            () => {
              queued();
              settle();
            },
          ),
        ),
      )
      .then(() => outbox.dispatch({ type: 'confirmed', id: entry.id }))
      .catch((error: unknown) => {
        // a cancelled upload's entry is already gone, a lost file's says so, another tab has the rest
        if (error instanceof UploadCancelled || error instanceof NotMine) return;
        const now = outbox.entries.find((e) => e.id === entry.id) ?? entry;
        outbox.dispatch({ type: 'rejected', id: entry.id, reason: reasonOf(error, now) });
      })
      .finally(() => {
        inFlight.delete(entry.id);
        settle();
      });
  }

  /**
   * Settles once the room's latest send has its write in the SDK's queue (or has failed): a write
   * made after that goes to the server after it. The SDK sends its writes one after another on one
   * stream, and the server commits them in that order, so a write queued before a message (the
   * typing signal's removal on send) holds the message back by its round trip. A room's sends
   * take their turns in the order they reach the pacer, so its earlier ones are queued by then
   * (but for a file still uploading, which a text sent meanwhile goes ahead of); a send held by
   * another room's slow mode or upload waits nothing here.
   */
  function sendsQueued(roomId: string): Promise<void> {
    return latestQueued.get(roomId) ?? Promise.resolve();
  }

  /**
   * Queues a message, with the composer's file if there is one, and sends it. Settles with the
   * problem to show instead (the one check, lib/validation), or null once it is in the outbox.
   * A text is queued before this returns; a file's bytes are kept first (stores/outbox), so a
   * message shown in the list with its file still has it after a reload that comes at once.
   */
  async function send(roomId: string, text: string, options: SendOptions = {}): Promise<string | null> {
    const file = options.file ?? null;
    const problem = validateMessage(text, file);
    if (problem) return problem;
    if (!auth.uid) return t('store.signedOutSend');
    const bytes = file?.bytes ?? null;
    if (file && !bytes) return t('store.fileUnsendable');
    const entry = {
      id: newMessageId(db, roomId),
      roomId,
      authorId: auth.uid,
      text: text.trim(),
      replyTo: options.replyTo ?? null,
      mentions: options.mentions ?? [],
      thread: options.thread ?? null,
      file:
        file && bytes
          ? {
              name: file.name,
              contentType: file.contentType,
              size: bytes.length,
              width: file.width,
              height: file.height,
              ref: null,
              lost: false,
            }
          : null,
      queuedAt: Date.now(),
    };
    if (bytes) await outbox.keepFile(entry.id, bytes);
    outbox.dispatch({ type: 'queued', entry });
    const queued = outbox.entries.find((e) => e.id === entry.id);
    if (queued) deliver(queued);
    return null;
  }

  /** Stops an upload and drops its message; what was written is deleted (data/attachments). */
  function cancel(id: string) {
    const entry = outbox.entries.find((e) => e.id === id && e.state === 'uploading');
    if (!entry || entry.authorId !== auth.uid) return;
    uploads.get(id)?.abort();
    outbox.dispatch({ type: 'discarded', id });
  }

  /** How far an entry's upload in this page has come (0..1), or null when none is running. */
  function uploadProgress(id: string): number | null {
    return progress.value[id] ?? null;
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
    const failed = outbox.entries.find((e) => e.id === id && e.state === 'failed');
    if (!failed || failed.authorId !== auth.uid) return;
    outbox.dispatch({ type: 'retried', id });
    const entry = outbox.entries.find((e) => e.id === id);
    if (!entry || entry.state === 'failed') return;
    // a file not stored yet means its message was never sent: nothing to ask the server
    if (entry.state === 'uploading') deliver(entry);
    else
      check(
        entry,
        () => deliver(entry),
        (error) => outbox.dispatch({ type: 'rejected', id, reason: reasonOf(error, entry) }),
      );
  }

  function discard(id: string) {
    outbox.dispatch({ type: 'discarded', id });
  }

  /** What a room's snapshot says about the outbox (acknowledged, or refused while we were away). */
  function reconcile(view: Omit<RoomView, 'inFlight'>) {
    const { events, orphans, unsure, uploads: resumed } = reconcileOutbox(outbox.entries, { ...view, inFlight });
    for (const event of events) outbox.dispatch(event);
    // uploads a reload cut short start again (the entry's file is kept in IndexedDB)
    for (const id of resumed) {
      const entry = outbox.entries.find((e) => e.id === id);
      if (entry && entry.authorId === auth.uid) deliver(entry, true);
    }
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
    const problem = validateMessage(text);
    if (problem) throw new UserError(problem);
    const uid = auth.uid;
    if (!uid) throw new UserError(t('store.signedOut'));
    try {
      await knowRoom(roomId);
      await editMessage(db, roomId, id, text, { held: holdsMessages(roomId), uid });
    } catch (error) {
      if (error instanceof EditLimitReached) {
        const seconds = Math.max(1, Math.ceil((error.retryAt.getTime() - Date.now()) / 1000));
        throw new UserError(t('store.editLimit', { max: EDIT_RATE_COUNT, seconds }));
      }
      if (errorCode(error) === 'permission-denied') throw new UserError(t('store.editClosed'));
      throw error;
    }
  }

  async function redact(roomId: string, id: string): Promise<void> {
    await redactMessage(db, roomId, id);
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

  /**
   * Listens to a room's latest messages ahead of its conversation, while the room is entered (on a
   * cold load a membership check first: a round trip, after which the conversation's listens were
   * a request of their own behind the room list's, about a second on the emulator). The SDK serves
   * every listener of one query from one target, so the conversation's own listener, made once the
   * room is entered, starts from what this one has, and shows this one's window until it answers
   * (data/warmWindows). The returned stop lingers (LINGER_MS), leaving the target to the
   * conversation. A refusal (a public room not joined yet) is dropped: the
   * conversation listens again once in.
   */
  function warmUp(roomId: string): () => void {
    return lingering(() => warmLatestMessages(db, roomId));
  }

  return {
    send,
    sendsQueued,
    cancel,
    uploadProgress,
    retry,
    discard,
    reconcile,
    edit,
    redact,
    search,
    searchEverywhere,
    prepare,
    warmUp,
  };
});
