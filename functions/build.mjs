// Bundles the functions and the shared types/limits they import into lib/index.js, because
// `firebase deploy` uploads only this folder. firebase-admin and firebase-functions stay external:
// they are dependencies in package.json and are installed by Cloud Build. The shared workspace is
// read from source here and must not appear in package.json: the deploy build resolves every
// package named there against the npm registry, where a workspace-only package is a 404.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

await build({
  entryPoints: ['src/index.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: 'lib/index.js',
  sourcemap: true,
  external: ['firebase-admin', 'firebase-admin/*', 'firebase-functions', 'firebase-functions/*'],
  alias: { '@chat/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)) },
  logLevel: 'warning',
  absWorkingDir: new URL('.', import.meta.url).pathname,
});
