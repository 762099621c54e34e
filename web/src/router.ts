import { DEFAULT_ROOM_ID } from '@chat/shared';
import { createRouter, createWebHistory } from 'vue-router';
import { firstScreenShown } from './lib/firstScreen';
import { useAuthStore } from './stores/auth';
import SignInView from './views/SignInView.vue';

// The chat screens are separate chunks, so signing in does not download Firestore (boot.ts starts
// this one's download beside the app's, for someone signed in here last time).
const ChatView = () => import('./views/ChatView.vue');

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: `/r/${DEFAULT_ROOM_ID}` },
    { path: '/signin', name: 'signin', component: SignInView, meta: { public: true } },
    {
      path: '/auth/action',
      name: 'auth-action',
      component: () => import('./views/AuthActionView.vue'),
      meta: { public: true },
    },
    { path: '/rooms', name: 'rooms', component: ChatView },
    { path: '/r/:roomId', name: 'room', component: ChatView, props: true },
    { path: '/admin', name: 'admin', component: () => import('./views/AdminView.vue') },
    { path: '/invite/:roomId/:code', name: 'invite', component: () => import('./views/InviteView.vue'), props: true },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  const auth = useAuthStore();
  await auth.readyPromise;
  if (!to.meta.public && !auth.uid) return { name: 'signin', query: { next: to.fullPath } };
  if (to.name === 'signin' && auth.uid)
    return typeof to.query.next === 'string' && to.query.next.startsWith('/') ? to.query.next : '/';
  return true;
});

// A screen other than a conversation waits for nothing of Firestore's: once it is on, the work
// that the first screen deferred may start (lib/firstScreen; a conversation says so itself).
router.afterEach((to) => {
  if (to.name !== 'room') firstScreenShown();
});
