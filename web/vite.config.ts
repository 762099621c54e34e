import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig, loadEnv, type Plugin } from 'vite';
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
    },
  };
});
