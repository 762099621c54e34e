import { onScopeDispose, shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue';

/**
 * The shape every conversation composable shares: one Firestore subscription keyed by `key`,
 * nothing for null, re-subscribed when the key changes, stopped with the scope.
 */
export function useSubscription<K, T>(
  key: MaybeRefOrGetter<K | null>,
  initial: T,
  subscribe: (key: K, onData: (value: T) => void, onError: (error: Error) => void) => () => void,
): { data: ShallowRef<T>; error: ShallowRef<Error | null> } {
  const data = shallowRef<T>(initial);
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
      if (k === null || k === undefined) return;
      unsubscribe = subscribe(
        k,
        (value) => (data.value = value),
        (e) => (error.value = e),
      );
    },
    { immediate: true },
  );
  onScopeDispose(stop);
  return { data, error };
}
