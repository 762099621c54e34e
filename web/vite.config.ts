import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig, loadEnv, type Plugin, type Rolldown } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { webConfigProblem } from '../scripts/lib/web-config.mjs';

const webDir = fileURLToPath(new URL('.', import.meta.url));

/**
 * A build that will read its config from Hosting's /__/firebase/init.json starts that request with
 * the HTML instead of after the scripts (src/firebase.ts fetches it with the same URL and mode).
 */
function preloadHostingConfig(): Plugin {
  return {
    name: 'firechat:preload-hosting-config',
    transformIndexHtml: () => [
      {
        tag: 'link',
        attrs: { rel: 'preload', href: '/__/firebase/init.json', as: 'fetch', crossorigin: 'anonymous' },
        injectTo: 'head',
      },
    ],
  };
}

/**
 * The first screens in a few files rather than dozens. Left to itself the bundler makes a chunk of
 * every module that two lazy screens share: a signed-in cold open of a room fetched 38 scripts,
 * most under 1 KB, over the Hosting emulator's HTTP/1.1 six at a time. Here the modules the app's
 * shell imports statically make one chunk ('shell', beside main.ts), those the chat screen adds
 * another ('chat', beside ChatView.vue), and the Firestore SDK a third, shared with the other
 * signed-in screens: 7 scripts, 252.7 KB gzip instead of 264 (one file compresses better than
 * many). The sign-in screen loads no Firestore (4 scripts, 85 KB instead of 18 and 90). Alternated
 * cold opens of both builds on one machine: the chat screen's code in 237 ms instead of 471, the
 * first message in 2,088 instead of 2,501 (medians of 4 each). The invite and admin screens load the
 * chat chunk too (they share its stores), about 42 KB they did not before, which the chat screen
 * they lead to then finds loaded. The rest (dialogs, languages, the emoji data) stays split as the
 * bundler chooses, loaded on first use.
 */
function firstScreenChunks(): Rolldown.CodeSplittingGroup[] {
  const bootRoot = fileURLToPath(new URL('./src/boot.ts', import.meta.url));
  const shellRoot = fileURLToPath(new URL('./src/main.ts', import.meta.url));
  const chatRoot = fileURLToPath(new URL('./src/views/ChatView.vue', import.meta.url));
  const passes = new WeakMap<Rolldown.ChunkingContext, Map<string, Set<string>>>();
  // the modules a root imports statically, itself included: what its chunk needs before it can run
  const staticClosure = (context: Rolldown.ChunkingContext, root: string): Set<string> => {
    let closures = passes.get(context);
    if (!closures) passes.set(context, (closures = new Map()));
    const known = closures.get(root);
    if (known) return known;
    const seen = new Set<string>();
    const pending = [root];
    for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
      if (seen.has(id)) continue;
      seen.add(id);
      pending.push(...(context.getModuleInfo(id)?.importedIds ?? []));
    }
    closures.set(root, seen);
    return seen;
  };
  const closureOf = (root: string, name: string): Rolldown.CodeSplittingNameFunction => (id, context) =>
    id !== root && staticClosure(context, root).has(id) ? name : null;
  // A group takes its modules, and theirs, before the groups below it (priority). The entry's own
  // imports (a few bytes) first: the entry must not wait for the shell to ask for the chat screen
  // beside it. Then the shell, so the Firestore SDK's chunk does not take the Firebase core.
  return [
    { name: closureOf(bootRoot, 'boot'), debugName: 'boot', priority: 4 },
    { name: closureOf(shellRoot, 'shell'), debugName: 'shell', priority: 3 },
    {
      name: 'firestore',
      test: /[\\/]node_modules[\\/](@firebase[\\/](firestore|webchannel-wrapper)|firebase[\\/]firestore)[\\/]/,
      priority: 2,
    },
    { name: closureOf(chatRoot, 'chat'), debugName: 'chat', priority: 1 },
  ];
}

export default defineConfig(({ command, mode }) => {
  const env = loadEnv(mode, webDir, 'VITE_');
  if (command === 'build') {
    // one line, and no build, rather than an app that runs on a half-made config
    const problem = webConfigProblem(env);
    if (problem) throw new Error(problem);
  }
  const fromHosting = env.VITE_USE_EMULATORS !== 'true' && !env.VITE_FIREBASE_PROJECT_ID;
  const hostingUrl = process.env.CHAT_HOSTING_URL;
  return {
    // the Firestore SDK's import of re2js, used by client-side pipelines only (src/lib/noRe2js.ts)
    resolve: { alias: { re2js: fileURLToPath(new URL('./src/lib/noRe2js.ts', import.meta.url)) } },
    plugins: [
      vue(),
      ...(command === 'build' && fromHosting ? [preloadHostingConfig()] : []),
      // Installable and offline: a web app manifest and a Workbox service worker that precaches the
      // built app (every chunk, the emoji data, icons), so it opens with no network after one visit;
      // Firestore's persistent cache has the rooms and history. A new version waits for the user
      // (registerType 'prompt', src/pwa.ts); clientsClaim lets the first install control the page
      // it was installed from.
      VitePWA({
        registerType: 'prompt',
        injectRegister: false,
        includeAssets: ['favicon.svg', 'icons/apple-touch-icon-180.png'],
        manifest: {
          name: 'Firechat',
          short_name: 'Firechat',
          description: 'Realtime rooms and direct messages',
          id: '/',
          start_url: '/',
          scope: '/',
          display: 'standalone',
          background_color: '#ffffff',
          theme_color: '#c2410c',
          icons: [
            { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
            { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
            { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          ],
        },
        workbox: {
          globPatterns: ['**/*.{js,css,html,svg,png,json,webmanifest}'],
          navigateFallback: '/index.html',
          // Hosting's reserved paths (/__/auth/handler for sign-in, /__/firebase/init.json) and the
          // callables' rewrite (/api) are never the app
          navigateFallbackDenylist: [/^\/__\//, /^\/api\//],
          // A deployed build reads its config from Hosting's init.json before anything runs, so the
          // app opens offline only if the last copy is kept; the network wins whenever it answers.
          runtimeCaching: [
            {
              urlPattern: ({ url }) => url.pathname === '/__/firebase/init.json',
              handler: 'NetworkFirst',
              options: { cacheName: 'firebase-config', networkTimeoutSeconds: 5 },
            },
          ],
          clientsClaim: true,
          cleanupOutdatedCaches: true,
        },
      }),
    ],
    server: {
      host: '127.0.0.1',
      port: 5173,
      strictPort: true,
      // callables are served by Hosting at /api (firebase.json rewrites); `npm start` passes its emulator
      ...(hostingUrl ? { proxy: { '/api': hostingUrl } } : {}),
    },
    build: {
      target: 'es2022',
      sourcemap: true,
      // The CSP allows scripts from our own origin only: no inline module-preload polyfill.
      modulePreload: { polyfill: false },
      rolldownOptions: { output: { codeSplitting: { groups: firstScreenChunks() } } },
    },
  };
});
