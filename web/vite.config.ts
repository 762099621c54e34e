import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [vue()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  build: {
    target: 'es2022',
    sourcemap: true,
    // The CSP allows scripts from our own origin only: no inline module-preload polyfill.
    modulePreload: { polyfill: false },
  },
});
