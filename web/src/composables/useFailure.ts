import { ref } from 'vue';
import { errorMessage } from '../lib/errors';

/**
 * Runs user actions the lib/errors way: the last failure's message, for a component to show
 * (cleared when the next action starts).
 */
export function useFailure() {
  const failure = ref('');
  async function attempt(what: () => Promise<unknown>, fallback: string): Promise<void> {
    failure.value = '';
    try {
      await what();
    } catch (e) {
      failure.value = errorMessage(e, fallback);
    }
  }
  return { failure, attempt };
}
