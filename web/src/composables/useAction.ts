import { ref } from 'vue';
import { errorMessage } from '../lib/errors';

/**
 * A person's action started from a component (create, join, block…): `busy` while it runs, and
 * its failure said in words in `error` (cleared when the next run starts), for the component to
 * show. `run` resolves to the action's result, or undefined when it failed.
 */
export function useAction() {
  const busy = ref(false);
  const error = ref('');

  async function run<T>(action: () => Promise<T>, fallback: string): Promise<T | undefined> {
    error.value = '';
    busy.value = true;
    try {
      return await action();
    } catch (e) {
      error.value = errorMessage(e, fallback);
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, run };
}
