import { computed } from 'vue';
import { useAttachmentsStore } from '../stores/attachments';
import { useConversationContext } from './useConversation';

/**
 * The file waiting in the open room's composer (the attachments store keeps one per room):
 * chosen, dropped or pasted into it, or removed. The room comes from the conversation.
 */
export function useAttachmentDraft() {
  const { roomId } = useConversationContext();
  const store = useAttachmentsStore();
  const draft = computed(() => (roomId.value ? (store.drafts[roomId.value] ?? null) : null));

  function take(files: FileList | null | undefined): boolean {
    const file = files?.[0];
    if (!file || !roomId.value) return false;
    void store.attach(roomId.value, file);
    return true;
  }

  /** Pasting a screenshot or a copied file attaches it; pasted text stays text. */
  function paste(event: ClipboardEvent) {
    const files = event.clipboardData?.files;
    if (files && files.length > 0 && take(files)) event.preventDefault();
  }

  return {
    draft,
    take,
    paste,
    drop: (event: DragEvent) => take(event.dataTransfer?.files),
    discard: () => roomId.value && store.discard(roomId.value),
  };
}
