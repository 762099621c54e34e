import { defineAsyncComponent, type AsyncComponentLoader, type Component } from 'vue';
import { afterFirstScreen } from './firstScreen';

/**
 * A component that is not part of what a screen needs to show first (a dialog, a side panel): its
 * code is a chunk of its own, fetched once the first screen is shown and the browser is idle
 * (lib/firstScreen), so it is there by the time someone opens it; opened sooner, it is fetched
 * then. Offline the idle fetch fails quietly and opening it tries again (the service worker's
 * precache usually has it anyway).
 */
export function idleLoadedComponent<T extends Component>(load: AsyncComponentLoader<T>): T {
  afterFirstScreen(() => void load().catch(() => undefined));
  return defineAsyncComponent(load);
}
