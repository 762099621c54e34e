import { defineAsyncComponent, type AsyncComponentLoader, type Component } from 'vue';
import { whenIdle } from './idle';

/**
 * A component that is not part of what a screen needs to show first (a dialog, a side panel): its
 * code is a chunk of its own, fetched once the browser is idle after the screen loads, so it is
 * there by the time someone opens it; opened sooner, it is fetched then. Offline the idle fetch
 * fails quietly and opening it tries again (the service worker's precache usually has it anyway).
 */
export function idleLoadedComponent<T extends Component>(load: AsyncComponentLoader<T>): T {
  whenIdle(() => void load().catch(() => undefined));
  return defineAsyncComponent(load);
}
