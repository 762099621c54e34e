import { ref } from 'vue';
import { t } from '../i18n';
import { errorMessage } from '../lib/errors';

/**
 * A settings form's save: `problem` (what is wrong with the input, or null) is said as the error
 * without writing; otherwise `write` runs and the status says "Saved.", or the error says
 * `failure` (or a UserError's own words: lib/errors.ts). Each save clears what the last one said.
 */
export function useSaveForm() {
  const status = ref('');
  const error = ref('');

  async function save(problem: string | null, write: () => Promise<void>, failure: string) {
    status.value = '';
    error.value = problem ?? '';
    if (problem) return;
    try {
      await write();
      status.value = t('conv.saved');
    } catch (problem) {
      error.value = errorMessage(problem, failure);
    }
  }

  return { status, error, save };
}
