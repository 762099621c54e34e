import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  plugins: [
    vue(),
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
        // Hosting's reserved paths (/__/auth/handler for sign-in, /__/firebase/init.json) are never the app
        navigateFallbackDenylist: [/^\/__\//],
        clientsClaim: true,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  build: {
    target: 'es2022',
    sourcemap: true,
    // The CSP allows scripts from our own origin only: no inline module-preload polyfill.
    modulePreload: { polyfill: false },
  },
});
