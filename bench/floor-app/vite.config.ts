import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** Built exactly as the web app is (same target, no preload polyfill), so only the code differs. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  logLevel: 'error',
  build: {
    target: 'es2022',
    manifest: true,
    modulePreload: { polyfill: false },
  },
});
