// Runs inside `firebase emulators:exec`: the vitest projects, then the checks that need the
// emulators still running.
import { spawnSync } from 'node:child_process';

const vitest = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(vitest.status ?? 1);
