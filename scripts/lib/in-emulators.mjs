// Runs inside `firebase emulators:exec`: the vitest projects, then the checks that need the
// emulators still running (the security-rules coverage gate, when the rules project ran).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './emulators.mjs';
import { rulesCoverageGate } from './rules-coverage.mjs';

const args = process.argv.slice(2);
const projects = args.flatMap((arg, i) => (arg === '--project' ? [args[i + 1]] : arg.startsWith('--project=') ? [arg.slice(10)] : []));
const rulesRan = projects.length === 0 || projects.includes('rules');
// a run narrowed to some files cannot cover the whole rules file
const narrowed = args.some((arg, i) => !arg.startsWith('-') && !['--project', '--reporter', '--shard'].includes(args[i - 1]));

const { firestore } = JSON.parse(process.env.CHAT_PORTS ?? '{}');
// this run's own (test/rules/support.ts): another run in the same checkout keeps its list
rmSync(join(ROOT, 'test-results', 'rules-projects', String(firestore)), { recursive: true, force: true });
const vitest = spawnSync('npx', ['vitest', 'run', ...args], { stdio: 'inherit' });
if (vitest.status !== 0) process.exit(vitest.status ?? 1);

if (rulesRan && !narrowed) {
  const { problems, result } = await rulesCoverageGate({ root: ROOT, firestorePort: firestore });
  if (result) {
    console.log(
      `▸ Rules coverage: ${result.covered}/${result.total} conditions evaluated both true and false, ` +
        `${result.excepted} excepted (test-results/rules-coverage.html)`,
    );
  }
  if (problems.length > 0) {
    for (const line of problems) console.error(`✖ ${line}`);
    console.error(`✖ Rules coverage gate failed: ${problems.length} condition(s) not driven both ways.`);
    process.exit(1);
  }
} else if (rulesRan) {
  console.log('▸ Rules coverage gate skipped: the run was narrowed to some files.');
}
