import { inject, provide, type InjectionKey } from 'vue';
import type { Composer } from './useComposer';
import { useConversationContext } from './useConversation';

/**
 * Where the messages below are shown: the room's history (the default) or an open thread's panel.
 * A message's Reply and Edit, and Edit on a reply that was not sent, go to that place's composer;
 * a thread's messages offer no "Reply in thread" (threads are one level deep) and show no thread
 * summary of their own.
 */
export interface MessageSurface {
  composer: Composer;
  inThread: boolean;
}

const SURFACE: InjectionKey<MessageSurface> = Symbol('message-surface');

/** Called by a thread's panel: the messages below it act in the thread. */
export function provideThreadSurface(composer: Composer): void {
  provide(SURFACE, { composer, inThread: true });
}

export function useMessageSurface(): MessageSurface {
  const c = useConversationContext();
  return inject(SURFACE, null) ?? { composer: c.composer, inThread: false };
}
