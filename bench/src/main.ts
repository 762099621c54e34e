/**
 * Entry point of `npm run bench` inside `firebase emulators:exec` (scripts/bench.mjs bundles
 * this file): runs the full benchmark, writes the figures and budgets as JSON and prints the table.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { benchEnv } from './env';
import { table } from './report';
import { FULL, SMOKE, runBenchmark } from './run';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run \`npm run bench\`.`);
  return value;
}

const size = process.env.BENCH_SIZE === 'smoke' ? SMOKE : FULL;
const out = required('BENCH_OUT');
const result = await runBenchmark(
  benchEnv(),
  size,
  { webDist: required('BENCH_WEB_DIST'), floorDist: required('BENCH_FLOOR_DIST') },
  (line) => console.log(line),
);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
const text = table(result);
writeFileSync(`${out}.table.tmp`, `${text}\n`);
for (const error of result.errors) console.log(`⚠ ${error}`);
console.log(
  `▸ Done: ${result.budgets.filter((b) => b.status === 'PASS').length} of ${result.budgets.length} budgets pass`,
);
// open handles of the SDKs (grpc channels, timers) would keep the process, and the emulators, up
process.exit(0);
