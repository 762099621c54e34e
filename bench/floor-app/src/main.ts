/**
 * The floor for bundle budgets: the smallest Vue + Pinia + Firestore + Auth app that does what
 * the chat screen needs of the SDKs (persisted e-mail sign-in, a persistent multi-tab cache, a
 * live query, a batched write with a server timestamp), and nothing else.
 */
import { initializeApp } from 'firebase/app';
import {
  browserLocalPersistence,
  indexedDBLocalPersistence,
  initializeAuth,
  onAuthStateChanged,
  signInWithEmailAndPassword,
} from 'firebase/auth';
import {
  collection,
  doc,
  initializeFirestore,
  limit,
  onSnapshot,
  orderBy,
  persistentLocalCache,
  persistentMultipleTabManager,
  query,
  serverTimestamp,
  writeBatch,
} from 'firebase/firestore';
import { createPinia, defineStore } from 'pinia';
import { createApp, h, ref } from 'vue';

const app = initializeApp({ apiKey: 'demo-api-key', projectId: 'demo-floor' });
const auth = initializeAuth(app, { persistence: [indexedDBLocalPersistence, browserLocalPersistence] });
const db = initializeFirestore(app, {
  localCache: persistentLocalCache({ tabManager: persistentMultipleTabManager() }),
});

const useChat = defineStore('chat', () => {
  const messages = ref<string[]>([]);
  onAuthStateChanged(auth, (user) => {
    if (!user) return;
    onSnapshot(query(collection(db, 'messages'), orderBy('createdAt', 'desc'), limit(50)), (snapshot) => {
      messages.value = snapshot.docs.map((d) => String(d.get('text')));
    });
  });
  async function send(text: string) {
    const batch = writeBatch(db);
    batch.set(doc(collection(db, 'messages')), { text, createdAt: serverTimestamp() });
    await batch.commit();
  }
  return { messages, send };
});

createApp({
  setup() {
    const chat = useChat();
    const text = ref('');
    return () =>
      h('main', [
        h('button', { onClick: () => signInWithEmailAndPassword(auth, 'a@example.com', 'password') }, 'Sign in'),
        h(
          'ul',
          chat.messages.map((m) => h('li', m)),
        ),
        h('input', { value: text.value, onInput: (e: Event) => (text.value = (e.target as HTMLInputElement).value) }),
        h('button', { onClick: () => chat.send(text.value) }, 'Send'),
      ]);
  },
})
  .use(createPinia())
  .mount('#app');
