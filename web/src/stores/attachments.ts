import type { AttachmentRef } from '@chat/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { db } from '../firestore';
import { downloadAttachment, IntegrityError } from '../data/attachments';
import { t } from '../i18n';
import { checkAttachment, cleanFileName, contentTypeFor, isImageType } from '../lib/files';
import { prepareImage, renamedFor } from '../lib/image';
import { FILE_REFUSED, type OutboxFile } from '../lib/outbox';

/** Photos straight from a camera can be large; they are scaled down before the 5 MB check. */
const MAX_IMAGE_INPUT_BYTES = 40 * 1024 * 1024;

export type DraftState = 'preparing' | 'ready' | 'failed';

/**
 * The file waiting in a room's composer, from choosing it until its message is queued: from then
 * on the outbox has it (stores/messages uploads it, lib/outbox tracks it).
 */
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
  error: string;
}

function errorText(error: unknown): string {
  if (typeof error === 'object' && error && 'code' in error && error.code === 'permission-denied') {
    return FILE_REFUSED;
  }
  return error instanceof Error ? error.message : t('store.somethingWrong');
}

/** Attachments: the file in each room's composer, and verified downloads. */
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
    if (!draft) return;
    if (draft.previewUrl) URL.revokeObjectURL(draft.previewUrl);
    const { [roomId]: _gone, ...rest } = drafts.value;
    drafts.value = rest;
  }

  /** Checks and prepares a chosen, dropped or pasted file; images are scaled down first. */
  async function attach(roomId: string, file: File): Promise<void> {
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
      error: '',
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

  /** A message that was not sent goes back into the composer (its Edit): the file with it. */
  function restore(roomId: string, file: OutboxFile, bytes: Uint8Array) {
    discard(roomId);
    const image = isImageType(file.contentType);
    setDraft(roomId, {
      name: file.name,
      contentType: file.contentType,
      size: bytes.length,
      bytes,
      width: file.width,
      height: file.height,
      previewUrl: image ? URL.createObjectURL(new Blob([bytes.slice()], { type: file.contentType })) : null,
      state: 'ready',
      error: '',
    });
  }

  /** A file just uploaded from this page: shown from its bytes, without reading back what was written. */
  function remember(attachment: AttachmentRef, bytes: Uint8Array) {
    blobs.set(attachment.id, Promise.resolve(new Blob([bytes.slice()], { type: attachment.contentType })));
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
    return error instanceof IntegrityError ? error.message : t('store.fileLoadFailed', { reason: errorText(error) });
  }

  return { drafts, attach, discard, restore, remember, load, objectUrl, download, describeError };
});
