import { DEFAULT_ROOM_ID } from '@chat/shared';
import { createRouter, createWebHistory } from 'vue-router';
import { useAuthStore } from './stores/auth';
import SignInView from './views/SignInView.vue';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: `/r/${DEFAULT_ROOM_ID}` },
    { path: '/signin', name: 'signin', component: SignInView, meta: { public: true } },
    // The chat screen is a separate chunk, so signing in does not download Firestore.
    { path: '/r/:roomId', name: 'room', component: () => import('./views/ChatView.vue'), props: true },
    { path: '/admin', name: 'admin', component: () => import('./views/AdminView.vue') },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  const auth = useAuthStore();
  await auth.readyPromise;
  if (!to.meta.public && !auth.uid) return { name: 'signin', query: { next: to.fullPath } };
  if (to.name === 'signin' && auth.uid) return typeof to.query.next === 'string' ? to.query.next : '/';
  return true;
});
