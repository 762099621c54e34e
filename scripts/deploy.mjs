// `npm run deploy -- --project <id>`: production build, then firebase deploy of hosting, rules, indexes and functions.
import { exitOnStartError, firebaseBin, run, StartError } from './lib/emulators.mjs';

function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--project');
  const project = at >= 0 ? args[at + 1] : undefined;
  if (!project) throw new StartError('Name the Firebase project to deploy to: npm run deploy -- --project your-project-id');
  if (project.startsWith('demo-')) throw new StartError(`${project} is a local demo project id; deploy needs a real project.`);
  run('Building functions', 'npm', ['run', 'build', '-w', 'functions']);
  run('Building the web app', 'npm', ['run', 'build', '-w', 'web']);
  run('firebase deploy', firebaseBin(), ['deploy', '--project', project, '--only', 'hosting,firestore,functions']);
}

try {
  main();
} catch (error) {
  exitOnStartError(error);
}
