import { computed, shallowRef, toValue, type ComputedRef, type MaybeRefOrGetter } from 'vue';
import { mayFormat, type Block } from '../lib/richText';

type Parse = (text: string) => Block[];

/** The parser (lib/markdown and marked), a chunk of its own: the chat screen does not wait for it. */
const parser = shallowRef<Parse | null>(null);
let loading: Promise<void> | null = null;

/**
 * Fetches the parser once. Should it fail (offline before the service worker cached it), text
 * stays plain and the next message that needs it tries again.
 */
export function loadFormatter(): Promise<void> {
  loading ??= import('../lib/markdown').then(
    (m) => {
      parser.value = m.parseMessage;
    },
    () => {
      loading = null;
    },
  );
  return loading;
}

/**
 * A message's formatted tree, or null while it should show as plain text: when it has no markup
 * at all (most messages, which then never need the parser), or until the parser has arrived.
 */
export function useFormatted(text: MaybeRefOrGetter<string>): ComputedRef<Block[] | null> {
  return computed(() => {
    const value = toValue(text);
    if (!mayFormat(value)) return null;
    // reading parser.value makes this recompute when the chunk lands
    if (!parser.value) {
      void loadFormatter();
      return null;
    }
    return parser.value(value);
  });
}
