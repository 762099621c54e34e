import { onScopeDispose, ref, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue';

/**
 * The time, moving on every `intervalMs` while `active` holds: for what changes with time and
 * no write announces (a typist going quiet, a heartbeat going stale, "Today" at midnight).
 */
export function useNow(intervalMs: number, active: MaybeRefOrGetter<boolean> = true): Ref<number> {
  const now = ref(Date.now());
  let timer: ReturnType<typeof setInterval> | null = null;
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  watch(
    () => toValue(active),
    (on) => {
      now.value = Date.now();
      if (on && !timer) timer = setInterval(() => (now.value = Date.now()), intervalMs);
      if (!on) stop();
    },
    { immediate: true },
  );
  onScopeDispose(stop);
  return now;
}
