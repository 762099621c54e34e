// Hosting's predeploy (firebase.json): the production web build into web/dist, so whatever
// `firebase deploy` uploads was built for production just now, never a build left behind by
// `npm start` or a test run. firebase-tools runs it with GCLOUD_PROJECT set to the project being
// deployed to; a build given its config in VITE_FIREBASE_* must name that project.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadEnv } from 'vite';
import { ROOT, exitOnStartError, StartError } from './lib/emulators.mjs';
import { emulatorHostsIn } from './lib/web-build.mjs';
import { appCheckProblem, hostingCsp, webConfigProblem, withoutEmulatorEnv } from './lib/web-config.mjs';

function main() {
  const project = process.env.GCLOUD_PROJECT;
  if (!project)
    throw new StartError('Run by `firebase deploy` (or `npm run deploy`), which names the project in GCLOUD_PROJECT.');
  const env = withoutEmulatorEnv(process.env);
  const webDir = join(ROOT, 'web');
  const webEnv = loadEnv('production', webDir, 'VITE_');
  const problem = webConfigProblem(webEnv, { project }) ?? appCheckProblem(webEnv, hostingCsp(ROOT));
  if (problem) throw new StartError(problem);
  const outDir = join(webDir, 'dist');
  const result = spawnSync(
    'npx',
    ['vite', 'build', '--mode', 'production', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'],
    {
      cwd: webDir,
      env,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) throw new StartError(`The production web build failed (exit ${result.status}).`);
  const hosts = emulatorHostsIn(outDir);
  if (hosts.length > 0)
    throw new StartError(`The production web build names an emulator host (${hosts[0]}); it must not be deployed.`);
}

try {
  main();
} catch (error) {
  exitOnStartError(error);
}
