/**
 * Whether a person can see this tab and is working in it. One source for every signal that
 * depends on it: read cursors, unread counts, the title and notifications, typing and presence.
 */
import { readonly, ref } from 'vue';

const visible = ref(document.visibilityState === 'visible');
const focused = ref(document.hasFocus());

function update() {
  visible.value = document.visibilityState === 'visible';
  focused.value = document.hasFocus();
}
document.addEventListener('visibilitychange', update);
window.addEventListener('focus', update);
window.addEventListener('blur', update);

export const pageState = readonly({ visible, focused });
