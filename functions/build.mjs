// Bundles the functions and the shared types/limits they import into lib/index.js, because
// `firebase deploy` uploads only this folder. firebase-admin and firebase-functions stay external:
// they are dependencies in package.json and are installed by Cloud Build.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/index.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: 'lib/index.js',
  sourcemap: true,
  external: ['firebase-admin', 'firebase-admin/*', 'firebase-functions', 'firebase-functions/*'],
  logLevel: 'warning',
  absWorkingDir: new URL('.', import.meta.url).pathname,
});
