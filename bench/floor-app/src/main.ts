/// <reference types="vite/client" />
/**
 * The floor for bundle budgets: the smallest Vue + Pinia + Firestore + Auth app that does what
 * the chat screen needs of the SDKs (persisted e-mail sign-in, a persistent multi-tab cache, a
 * live query, a batched write with a server timestamp), and nothing else.
 *
 * The benchmark also builds it against the emulators (VITE_FLOOR_EMULATORS "host:firestorePort:
 * authPort", VITE_FLOOR_PROJECT) for its two-page reference: the bare SDK from click to painted in
 * another page, and from navigation to the first message. The page signs in as `?email=&password=`
 * when the address says so, and keeps `?targets=` listen targets up to date (one live query and
 * listeners on idle documents). Without those variables (the bundle-size build) the branches below
 * are dead code and leave nothing in the bundle.
 */
import { initializeApp } from 'firebase/app';
import {
  browserLocalPersistence,
  connectAuthEmulator,
  indexedDBLocalPersistence,
  initializeAuth,
  onAuthStateChanged,
  signInWithEmailAndPassword,
} from 'firebase/auth';
import {
  collection,
  connectFirestoreEmulator,
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

const app = initializeApp({ apiKey: 'demo-api-key', projectId: import.meta.env.VITE_FLOOR_PROJECT ?? 'demo-floor' });
const auth = initializeAuth(app, { persistence: [indexedDBLocalPersistence, browserLocalPersistence] });
const db = initializeFirestore(app, {
  localCache: persistentLocalCache({ tabManager: persistentMultipleTabManager() }),
});
if (import.meta.env.VITE_FLOOR_EMULATORS) {
  const [host = '127.0.0.1', firestorePort = '8080', authPort = '9099'] = import.meta.env.VITE_FLOOR_EMULATORS.split(
    ':',
  );
  connectAuthEmulator(auth, `http://${host}:${authPort}`, { disableWarnings: true });
  connectFirestoreEmulator(db, host, Number(firestorePort));
  // a page opened without them was signed in before (its persisted sign-in)
  const query = new URLSearchParams(location.search);
  const email = query.get('email');
  if (email) void signInWithEmailAndPassword(auth, email, query.get('password') ?? '');
}

const useChat = defineStore('chat', () => {
  const messages = ref<string[]>([]);
  onAuthStateChanged(auth, (user) => {
    if (!user) return;
    onSnapshot(query(collection(db, 'messages'), orderBy('createdAt', 'desc'), limit(50)), (snapshot) => {
      messages.value = snapshot.docs.map((d) => String(d.get('text')));
    });
    // `?targets=N` (the benchmark's floor with a chat page's listen targets): N - 1 listeners
    // more, each on a document of its own that nobody writes, so the SDK keeps N targets up to
    // date on every event while the page shows the same one query.
    if (import.meta.env.VITE_FLOOR_EMULATORS) {
      const more = Number(new URLSearchParams(location.search).get('targets') ?? '1') - 1;
      for (let i = 0; i < more; i++) onSnapshot(doc(db, 'idle', `${user.uid}-${i}`), () => {});
    }
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
