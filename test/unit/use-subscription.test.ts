import { effectScope, nextTick, ref } from 'vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RETRY_FIRST_MS, RETRY_MAX_MS, useSubscription } from '../../web/src/composables/useSubscription';
import { LINGER_MS } from '../../web/src/lib/linger';
import { TRACE_PREFIX } from '../../web/src/lib/trace';

/** A listener source the test drives: each subscribe() call is one listener, open until stopped. */
function source() {
  const listeners: { key: string; onData: (v: string) => void; onError: (e: Error) => void; open: boolean }[] = [];
  const subscribe = (key: string, onData: (v: string) => void, onError: (e: Error) => void) => {
    const listener = { key, onData, onError, open: true };
    listeners.push(listener);
    return () => void (listener.open = false);
  };
  return { listeners, subscribe, open: () => listeners.filter((l) => l.open) };
}

describe('useSubscription (one listener per key)', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('keeps a failed listener closed by default: the error is shown and nothing listens again', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const s = source();
    const scope = effectScope();
    const sub = scope.run(() => useSubscription<string, string>('a', '', s.subscribe))!;
    s.listeners[0]!.onError(new Error('refused'));
    expect(sub.error.value?.message).toBe('refused');
    // said as the app's own line, which the bench's account of a page tells from the SDK's
    expect(warn).toHaveBeenCalledWith(`${TRACE_PREFIX} the listener of a failed (refused)`);
    warn.mockRestore();
    await vi.advanceTimersByTimeAsync(RETRY_MAX_MS * 2);
    expect(s.listeners).toHaveLength(1);
    scope.stop();
  });

  it('with retry, listens again after a backoff that doubles, and a value clears the error and the backoff', async () => {
    const s = source();
    const scope = effectScope();
    const sub = scope.run(() => useSubscription<string, string>('a', '', s.subscribe, { retry: true }))!;
    s.listeners[0]!.onData('read up to m1');
    s.listeners[0]!.onError(new Error('unavailable'));
    // the value stays while it is down
    expect(sub.data.value).toBe('read up to m1');
    await vi.advanceTimersByTimeAsync(RETRY_FIRST_MS - 1);
    expect(s.listeners).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.listeners).toHaveLength(2);
    expect(s.open()).toEqual([s.listeners[1]]);
    s.listeners[1]!.onError(new Error('unavailable'));
    await vi.advanceTimersByTimeAsync(2 * RETRY_FIRST_MS - 1);
    expect(s.listeners).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.listeners).toHaveLength(3);
    s.listeners[2]!.onData('read up to m2');
    expect(sub.data.value).toBe('read up to m2');
    expect(sub.error.value).toBeNull();
    // after a value, the next failure waits the first backoff again
    s.listeners[2]!.onError(new Error('unavailable'));
    await vi.advanceTimersByTimeAsync(RETRY_FIRST_MS);
    expect(s.listeners).toHaveLength(4);
    scope.stop();
  });

  it('with retry, listens no more once the key changes or the scope ends', async () => {
    const s = source();
    const key = ref<string | null>('a');
    const scope = effectScope();
    scope.run(() => useSubscription<string, string>(key, '', s.subscribe, { retry: true }));
    s.listeners[0]!.onError(new Error('refused'));
    key.value = 'b';
    await nextTick();
    await vi.advanceTimersByTimeAsync(RETRY_MAX_MS);
    expect(s.listeners.map((l) => l.key)).toEqual(['a', 'b']);
    s.listeners[1]!.onError(new Error('refused'));
    scope.stop();
    await vi.advanceTimersByTimeAsync(RETRY_MAX_MS);
    expect(s.listeners).toHaveLength(2);
    expect(s.open()).toEqual([]);
  });

  it('with linger, keeps a left key listening LINGER_MS, its values ignored, so coming back finds it open', async () => {
    const s = source();
    const key = ref<string | null>('a');
    const scope = effectScope();
    const sub = scope.run(() => useSubscription<string, string>(key, '', s.subscribe, { linger: true }))!;
    s.listeners[0]!.onData('a1');
    key.value = 'b';
    await nextTick();
    s.listeners[1]!.onData('b1');
    // the listener of 'a' is still open (the SDK would serve a new listener of 'a' from it) ...
    expect(s.open().map((l) => l.key)).toEqual(['a', 'b']);
    // ... but what it hears no longer reaches the value
    s.listeners[0]!.onData('a2');
    s.listeners[0]!.onError(new Error('refused'));
    expect(sub.data.value).toBe('b1');
    expect(sub.error.value).toBeNull();
    await vi.advanceTimersByTimeAsync(LINGER_MS - 1);
    expect(s.open().map((l) => l.key)).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.open().map((l) => l.key)).toEqual(['b']);
    scope.stop();
    expect(s.open().map((l) => l.key)).toEqual(['b']);
    await vi.advanceTimersByTimeAsync(LINGER_MS);
    expect(s.open()).toEqual([]);
  });

  it('without linger, stops a left key at once', async () => {
    const s = source();
    const key = ref<string | null>('a');
    const scope = effectScope();
    scope.run(() => useSubscription<string, string>(key, '', s.subscribe));
    key.value = 'b';
    await nextTick();
    expect(s.open().map((l) => l.key)).toEqual(['b']);
    scope.stop();
    expect(s.open()).toEqual([]);
  });
});
