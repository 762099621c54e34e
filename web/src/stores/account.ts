import { defineStore } from 'pinia';
import { ref } from 'vue';
import { functions } from '../functions';
import { deleteAccount, exportMyData, type ExportPage } from '../data/callables';
import { assembleExport, exportFileName } from '../lib/accountExport';
import { t } from '../i18n';
import { errorCode, UserError } from '../lib/errors';
import { useAuthStore } from './auth';

/** exportMyData pages are 500 messages; a cursor that never ends would be a server bug, not a long history. */
const MAX_PAGES = 1_000;

/** Offers `text` as a file download: a Blob behind a temporary link, its URL revoked after the click. */
function saveFile(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // the click has handed the URL to the download; revoking it on the next turn is safe
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}

/** The person's own account: download everything kept about them, or delete it for good. */
export const useAccountStore = defineStore('account', () => {
  const auth = useAuthStore();
  const exporting = ref(false);
  const deleting = ref(false);

  /** Fetches every page of exportMyData, saves one JSON file and returns how many messages it holds. */
  async function downloadMyData(): Promise<number> {
    exporting.value = true;
    try {
      const pages: ExportPage[] = [];
      let after: string | undefined;
      do {
        const page = await exportMyData(functions, after);
        pages.push(page);
        after = page.next ?? undefined;
      } while (after && pages.length < MAX_PAGES);
      const now = new Date();
      const data = assembleExport(pages, now);
      saveFile(exportFileName(now), JSON.stringify(data, null, 2));
      return data.messages.length;
    } finally {
      exporting.value = false;
    }
  }

  /** Deletes the account on the server, then ends this browser's session (the sign-in screen follows). */
  async function deleteMyAccount(): Promise<void> {
    deleting.value = true;
    try {
      await deleteAccount(functions);
    } catch (error) {
      deleting.value = false;
      if (errorCode(error) === 'functions/failed-precondition') throw new UserError(t('store.reauth'));
      throw error;
    }
    await auth.forgetDeletedAccount();
    deleting.value = false;
  }

  return { exporting, deleting, downloadMyData, deleteMyAccount };
});
