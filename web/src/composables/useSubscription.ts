import { onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref, type ShallowRef } from 'vue';

/** What every subscribing composable returns, as vuefire's useCollection does: data, pending, error. */
export interface Subscription<T> {
  data: ShallowRef<T>;
  /** subscribed and waiting for the first snapshot (false for a null key) */
  pending: Ref<boolean>;
  /** the listener's error (the listener is then closed: Firestore does not resume it) */
  error: ShallowRef<Error | null>;
}

/**
 * One Firestore subscription keyed by `key`: nothing for null, re-subscribed (from `initial`)
 * when the key changes, stopped with the scope.
 */
export function useSubscription<K, T>(
  key: MaybeRefOrGetter<K | null>,
  initial: T,
  subscribe: (key: K, onData: (value: T) => void, onError: (error: Error) => void) => () => void,
): Subscription<T> {
  const data = shallowRef<T>(initial);
  const pending = ref(false);
  const error = shallowRef<Error | null>(null);
  let unsubscribe: (() => void) | null = null;
  const stop = () => {
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
      unsubscribe = subscribe(
        k as K,
        (value) => {
          data.value = value;
          pending.value = false;
        },
        (e) => {
          error.value = e;
          pending.value = false;
        },
      );
    },
    { immediate: true },
  );
  onScopeDispose(stop);
  return { data, pending, error };
}
