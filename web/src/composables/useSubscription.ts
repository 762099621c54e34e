import { onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref, type ShallowRef } from 'vue';
import { errorCode } from '../lib/errors';
import { lingering, type Gate } from '../lib/linger';
import { trace } from '../lib/trace';

/** What every subscribing composable returns, as vuefire's useCollection does: data, pending, error. */
export interface Subscription<T> {
  data: ShallowRef<T>;
  /** subscribed and waiting for the first snapshot (false for a null key) */
  pending: Ref<boolean>;
  /** the listener's error (the listener is then closed: Firestore does not resume it) */
  error: ShallowRef<Error | null>;
}

export interface SubscriptionOptions {
  /**
   * Listen again after an error, after RETRY_FIRST_MS, doubling up to RETRY_MAX_MS, keeping the
   * value it had meanwhile: for a listener whose refusal may pass (an overloaded backend's
   * transient error, a block lifted). The error stays set until the next value.
   */
  retry?: boolean;
  /**
   * Keep each listener open LINGER_MS after its key changes or the scope ends (its values
   * ignored meanwhile), so coming back to the same key within that time costs the SDK nothing:
   * for the listeners of a room, left and entered again as people flip between rooms.
   */
  linger?: boolean;
}

export const RETRY_FIRST_MS = 1_000;
export const RETRY_MAX_MS = 60_000;

/**
 * One Firestore subscription keyed by `key`: nothing for null, re-subscribed (from `initial`)
 * when the key changes, stopped with the scope.
 */
export function useSubscription<K, T>(
  key: MaybeRefOrGetter<K | null>,
  initial: T,
  subscribe: (key: K, onData: (value: T) => void, onError: (error: Error) => void) => () => void,
  options: SubscriptionOptions = {},
): Subscription<T> {
  const data = shallowRef<T>(initial);
  const pending = ref(false);
  const error = shallowRef<Error | null>(null);
  let unsubscribe: (() => void) | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  const stop = () => {
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
    unsubscribe?.();
    unsubscribe = null;
  };
  watch(
    () => toValue(key),
    (k) => {
      stop();
      data.value = initial;
      error.value = null;
      pending.value = k !== null && k !== undefined;
      if (!pending.value) return;
      let failures = 0;
      const listen = () => {
        const start = (gate: Gate) =>
          subscribe(
            k as K,
            (value) => {
              if (!gate.open) return;
              data.value = value;
              pending.value = false;
              error.value = null;
              failures = 0;
            },
            (e) => {
              if (!gate.open) return;
              error.value = e;
              pending.value = false;
              const wait = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** failures++);
              trace(
                `the listener of ${String(k)} failed (${errorCode(e) ?? e.message})${options.retry ? `; listening again in ${wait} ms` : ''}`,
              );
              if (!options.retry) return;
              retryTimer = setTimeout(() => {
                retryTimer = null;
                unsubscribe?.();
                listen();
              }, wait);
            },
          );
        unsubscribe = options.linger ? lingering(start) : start({ open: true });
      };
      listen();
    },
    { immediate: true },
  );
  onScopeDispose(stop);
  return { data, pending, error };
}
