import { defineAsyncComponent } from 'vue';

/** The picker and its data are fetched the first time someone opens one, not with the chat screen. */
export const LazyEmojiDialog = defineAsyncComponent(() => import('./EmojiDialog.vue'));
