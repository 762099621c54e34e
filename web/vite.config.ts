import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig, loadEnv, type Plugin } from 'vite';
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
    plugins: [vue(), ...(command === 'build' && fromHosting ? [preloadHostingConfig()] : [])],
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
