// `npm run deploy -- --project <id> [firebase deploy options]`: checks that the project is ready for
// this app, then `firebase deploy` of hosting, Firestore rules and indexes, and functions (their
// predeploy steps build the functions and the production web app). Each refusal is one line.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnv } from 'vite';
import { ROOT, exitOnStartError, firebaseBin, StartError } from './lib/emulators.mjs';
import {
  appCheckProblem,
  functionsRegion,
  hostingCsp,
  regionForDatabase,
  webConfigProblem,
  withoutEmulatorEnv,
} from './lib/web-config.mjs';

/** `--project <id>` or `--project=<id>`, else the default in .firebaserc; the rest goes to firebase deploy. */
function parseArgs(args) {
  let project;
  const rest = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--project' || args[i] === '-P') project = args[++i];
    else if (args[i].startsWith('--project=')) project = args[i].slice('--project='.length);
    else rest.push(args[i]);
  }
  const rc = join(ROOT, '.firebaserc');
  if (!project && existsSync(rc)) project = JSON.parse(readFileSync(rc, 'utf8')).projects?.default;
  return { project, rest };
}

/** A firebase CLI command's `--json` result, or a one-line refusal naming what failed. */
function firebaseJson(args, env, what) {
  const result = spawnSync(firebaseBin(), [...args, '--json'], { cwd: ROOT, env, encoding: 'utf8' });
  let parsed;
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    parsed = {
      status: 'error',
      error: (result.stderr || result.stdout || `exit ${result.status}`).trim().split('\n')[0],
    };
  }
  if (parsed.status !== 'success') return { error: `${what} failed: ${String(parsed.error).split('\n')[0]}` };
  return { result: parsed.result };
}

function main() {
  const { project, rest } = parseArgs(process.argv.slice(2));
  if (!project)
    throw new StartError('Name the Firebase project to deploy to: npm run deploy -- --project your-project-id');
  if (project.startsWith('demo-')) {
    throw new StartError(
      `${project} is a local demo project id; deploy needs a real project: npm run deploy -- --project your-project-id`,
    );
  }
  // `npm start` and the tests pass emulator settings to their own builds only; never to this one
  const env = withoutEmulatorEnv(process.env);
  const webEnv = loadEnv('production', join(ROOT, 'web'), 'VITE_');
  const configProblem = webConfigProblem(webEnv, { project }) ?? appCheckProblem(webEnv, hostingCsp(ROOT));
  if (configProblem) throw new StartError(configProblem);
  const region = functionsRegion(join(ROOT, 'functions'), project);
  if (!region) throw new StartError('functions/.env names no REGION for the functions (see the README, Deploy).');

  // What only the project itself can tell, asked with the same credentials the deploy uses.
  if (!webEnv.VITE_FIREBASE_PROJECT_ID) {
    const apps = firebaseJson(['apps:list', 'WEB', '--project', project], env, 'Listing the web apps of ' + project);
    if (apps.error) throw new StartError(apps.error);
    if (!Array.isArray(apps.result) || apps.result.length === 0) {
      throw new StartError(
        `${project} has no web app, so Hosting cannot serve the app its config: create one (npx firebase apps:create WEB firechat --project ${project}) and deploy again.`,
      );
    }
  }
  const database = firebaseJson(
    ['firestore:databases:get', '(default)', '--project', project],
    env,
    'Reading the Firestore database of ' + project,
  );
  if (database.error) throw new StartError(`${database.error} (create the database first: README, Deploy).`);
  const location = database.result?.locationId;
  if (location && regionForDatabase(location) !== region) {
    throw new StartError(
      `The Firestore database of ${project} is in ${location}, the functions would run in ${region}: set REGION=${regionForDatabase(location)} in functions/.env.${project}.`,
    );
  }

  const deploy = spawnSync(
    firebaseBin(),
    ['deploy', '--project', project, '--only', 'hosting,firestore,functions', ...rest],
    {
      cwd: ROOT,
      env,
      stdio: 'inherit',
    },
  );
  if (deploy.status !== 0) throw new StartError(`firebase deploy failed (exit ${deploy.status}).`);
}

try {
  main();
} catch (error) {
  exitOnStartError(error);
}
