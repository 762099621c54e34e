import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

/**
 * Built as the web app is (the Vue plugin and its production flags, same target, no preload
 * polyfill, re2js left out of the Firestore SDK as web/src/lib/noRe2js.ts says), so only the code
 * differs.
 */
export default defineConfig({
  resolve: { alias: { re2js: fileURLToPath(new URL('../../web/src/lib/noRe2js.ts', import.meta.url)) } },
  plugins: [vue()],
  root: fileURLToPath(new URL('.', import.meta.url)),
  logLevel: 'error',
  build: {
    target: 'es2022',
    manifest: true,
    modulePreload: { polyfill: false },
  },
});
