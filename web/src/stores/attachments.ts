import type { AttachmentRef } from '@chat/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { db } from '../firestore';
import {
  downloadAttachment,
  IntegrityError,
  newAttachmentId,
  uploadAttachment,
  UploadCancelled,
} from '../data/attachments';
import { newMessageId, resendMessage, sendMessage } from '../data/messages';
import { checkAttachment, cleanFileName, contentTypeFor, isImageType } from '../lib/files';
import { prepareImage, renamedFor } from '../lib/image';
import { MAX_MESSAGE_LENGTH } from '@chat/shared';
import { useAuthStore } from './auth';
import { useMessagesStore } from './messages';
import { useUsersStore } from './users';

/** Photos straight from a camera can be large; they are scaled down before the 5 MB check. */
const MAX_IMAGE_INPUT_BYTES = 40 * 1024 * 1024;

export type DraftState = 'preparing' | 'ready' | 'uploading' | 'failed';

/** The file waiting in a room's composer, from choosing it until its message is sent. */
export interface Draft {
  name: string;
  contentType: string;
  size: number;
  bytes: Uint8Array | null;
  width: number | null;
  height: number | null;
  /** object URL of the image as it will be sent */
  previewUrl: string | null;
  state: DraftState;
  /** 0..1 while uploading */
  progress: number;
  error: string;
  /** the caption typed with it, kept so a failed send can be retried */
  text: string;
  /** set once the attachment is stored, so a retry only resends the message */
  uploaded: { ref: AttachmentRef; messageId: string } | null;
  controller: AbortController | null;
}

function errorText(error: unknown): string {
  if (typeof error === 'object' && error && 'code' in error && error.code === 'permission-denied') {
    return 'The server refused this file. Are you still a member of this room?';
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}

/** Attachments: the draft in each room's composer, its upload, and verified downloads. */
export const useAttachmentsStore = defineStore('attachments', () => {
  const drafts = ref<Record<string, Draft>>({});
  // Verified files by attachment id; an object URL lives as long as the page.
  const blobs = new Map<string, Promise<Blob>>();
  const urls = new Map<string, Promise<string>>();

  function setDraft(roomId: string, draft: Draft) {
    drafts.value = { ...drafts.value, [roomId]: draft };
  }

  function discard(roomId: string) {
    const draft = drafts.value[roomId];
    if (!draft || draft.state === 'uploading') return;
    if (draft.previewUrl) URL.revokeObjectURL(draft.previewUrl);
    const { [roomId]: _gone, ...rest } = drafts.value;
    drafts.value = rest;
  }

  /** Checks and prepares a chosen, dropped or pasted file; images are scaled down first. */
  async function attach(roomId: string, file: File): Promise<void> {
    if (drafts.value[roomId]?.state === 'uploading') return;
    discard(roomId);
    const picked = file.name || 'pasted-image.png';
    const contentType = contentTypeFor(picked, file.type);
    const name = cleanFileName(picked, contentType ?? '');
    const image = contentType !== null && isImageType(contentType);
    const base: Draft = {
      name,
      contentType: contentType ?? file.type,
      size: file.size,
      bytes: null,
      width: null,
      height: null,
      previewUrl: null,
      state: 'preparing',
      progress: 0,
      error: '',
      text: '',
      uploaded: null,
      controller: null,
    };
    const problem = image && file.size <= MAX_IMAGE_INPUT_BYTES ? null : checkAttachment(file.size, contentType);
    if (problem) {
      setDraft(roomId, { ...base, state: 'failed', error: problem });
      return;
    }
    setDraft(roomId, base);
    try {
      if (image) {
        const prepared = await prepareImage(file, base.contentType);
        const bytes = new Uint8Array(await prepared.blob.arrayBuffer());
        setDraft(roomId, {
          ...base,
          name: prepared.reencoded ? renamedFor(name, prepared.contentType) : name,
          contentType: prepared.contentType,
          size: bytes.length,
          bytes,
          width: prepared.width,
          height: prepared.height,
          previewUrl: URL.createObjectURL(prepared.blob),
          state: 'ready',
        });
      } else {
        setDraft(roomId, { ...base, bytes: new Uint8Array(await file.arrayBuffer()), state: 'ready' });
      }
    } catch (error) {
      setDraft(roomId, { ...base, state: 'failed', error: errorText(error) });
    }
  }

  function update(roomId: string, patch: Partial<Draft>) {
    const draft = drafts.value[roomId];
    if (draft) setDraft(roomId, { ...draft, ...patch });
  }

  /**
   * Uploads the room's draft and then sends the message that carries it. Returns a problem to
   * show, or null once under way; progress, cancellation and failure show on the draft.
   */
  function send(roomId: string, text: string): string | null {
    const auth = useAuthStore();
    const draft = drafts.value[roomId];
    if (!draft) return 'Nothing to send.';
    if (draft.state === 'preparing') return 'The file is still being prepared.';
    if (draft.state === 'uploading') return 'The file is still uploading.';
    if (!draft.bytes) return draft.error || 'This file cannot be sent.';
    if (text.trim().length > MAX_MESSAGE_LENGTH) return `A message can have at most ${MAX_MESSAGE_LENGTH} characters.`;
    if (!auth.uid) return 'You are signed out. Sign in to send messages.';
    const caption = text.trim() ? text : draft.text;
    const controller = new AbortController();
    update(roomId, { state: 'uploading', progress: draft.uploaded ? 1 : 0, error: '', text: caption, controller });
    void (async () => {
      try {
        let uploaded = draft.uploaded;
        if (!uploaded) {
          const messageId = newMessageId(db, roomId);
          const attachmentRef = await uploadAttachment(
            db,
            {
              roomId,
              attachmentId: newAttachmentId(db, roomId),
              messageId,
              uploaderId: auth.uid!,
              name: draft.name,
              contentType: draft.contentType,
              bytes: draft.bytes!,
              width: draft.width,
              height: draft.height,
            },
            { signal: controller.signal, onProgress: (progress) => update(roomId, { progress }) },
          );
          uploaded = { ref: attachmentRef, messageId };
          update(roomId, { uploaded });
        }
        // The sender sees the file at once, without reading back what was just written.
        blobs.set(uploaded.ref.id, Promise.resolve(new Blob([draft.bytes!.slice()], { type: draft.contentType })));
        // in its turn with the text messages, so a file in a burst is paced like them, never refused;
        // a second attempt may find the message there already: an earlier one landed, its answer lost
        const ref = uploaded;
        const write = draft.uploaded ? resendMessage : sendMessage;
        const messages = useMessagesStore();
        await messages.paced(roomId, auth.uid!, (queued) =>
          write(
            db,
            {
              roomId,
              id: ref.messageId,
              authorId: auth.uid!,
              authorName: useUsersStore().myName(),
              text: caption,
              attachment: ref.ref,
              slowMode: messages.slowModeSec(roomId) > 0,
              held: messages.holdsMessages(roomId),
            },
            queued,
          ),
        );
        update(roomId, { state: 'ready', controller: null });
        discard(roomId);
      } catch (error) {
        if (error instanceof UploadCancelled) update(roomId, { state: 'ready', progress: 0, controller: null, error: 'Upload cancelled.' });
        else update(roomId, { state: 'failed', controller: null, error: `Not sent: ${errorText(error)}` });
      }
    })();
    return null;
  }

  /** Stops an upload; what was written is deleted and the file stays in the composer. */
  function cancel(roomId: string) {
    drafts.value[roomId]?.controller?.abort();
  }

  /** The verified file; rejects with IntegrityError when it does not match its checksum. */
  function load(roomId: string, attachment: AttachmentRef): Promise<Blob> {
    let blob = blobs.get(attachment.id);
    if (!blob) {
      blob = downloadAttachment(db, roomId, attachment).then(
        (bytes) => new Blob([bytes.slice()], { type: attachment.contentType }),
      );
      blobs.set(attachment.id, blob);
      // A failure is not cached, so opening it again tries again.
      blob.catch(() => blobs.delete(attachment.id));
    }
    return blob;
  }

  function objectUrl(roomId: string, attachment: AttachmentRef): Promise<string> {
    let url = urls.get(attachment.id);
    if (!url) {
      url = load(roomId, attachment).then((blob) => URL.createObjectURL(blob));
      urls.set(attachment.id, url);
      url.catch(() => urls.delete(attachment.id));
    }
    return url;
  }

  /** Saves the verified file under its name; a checksum mismatch throws and saves nothing. */
  async function download(roomId: string, attachment: AttachmentRef): Promise<void> {
    const url = await objectUrl(roomId, attachment);
    const a = document.createElement('a');
    a.href = url;
    a.download = attachment.name;
    a.rel = 'noopener';
    document.body.append(a);
    a.click();
    a.remove();
  }

  function describeError(error: unknown): string {
    return error instanceof IntegrityError ? error.message : `Could not load the file: ${errorText(error)}`;
  }

  return { drafts, attach, discard, send, cancel, load, objectUrl, download, describeError };
});
