import { onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref, type ShallowRef } from 'vue';

type Subscribe<K, T> = (key: K, onData: (data: T) => void, onError: (error: Error) => void) => () => void;

/**
 * The vuefire-shaped core the composables share: one subscription for the current key,
 * none for null, a new one when the key changes, cleaned up with the scope.
 */
export function useSubscription<K, T>(
  key: MaybeRefOrGetter<K | null>,
  subscribe: Subscribe<K, T>,
  initial: T,
  same: (a: K, b: K) => boolean = (a, b) => a === b,
): { data: ShallowRef<T>; pending: Ref<boolean>; error: ShallowRef<Error | null> } {
  const data = shallowRef<T>(initial);
  const pending = ref(false);
  const error = shallowRef<Error | null>(null);
  let stop: (() => void) | null = null;
  let current: K | null = null;

  watch(
    () => toValue(key),
    (next) => {
      if (next !== null && current !== null && same(next, current)) return;
      stop?.();
      stop = null;
      current = next;
      data.value = initial;
      error.value = null;
      if (next === null) {
        pending.value = false;
        return;
      }
      pending.value = true;
      stop = subscribe(
        next,
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

  onScopeDispose(() => stop?.());
  return { data, pending, error };
}
