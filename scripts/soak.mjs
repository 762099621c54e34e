// `npm run soak`: the load test (test/robustness/load.test.ts) at scale, on emulators of its own.
//   npm run soak                                   50 users, 5 rooms, 5,000 messages
//   npm run soak -- --users 20 --rooms 4 --messages 2000 --rooms-per-user 2 --limit 900
// Prints sent, delivered, lost, duplicated and misordered and the run time, and exits non-zero
// unless every message was sent and the last three are zero. --limit (seconds, default 1500) bounds
// the run: sending stops SETTLE_RESERVE_S before it, and what was sent is settled and reported. Ports start at CHAT_SOAK_PORT_BASE (default 9600), apart from start and test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, claimSuitePorts, emulatorsExec, exitOnStartError, firebaseBin, StartError } from './lib/emulators.mjs';
import { numberFlags } from './lib/flags.mjs';

const PROJECT_ID = 'demo-firechat-soak';
const FLAGS = { users: 50, rooms: 5, messages: 5000, 'rooms-per-user': 2, limit: 1500 };
/** Of the limit, what the settling (delivery of the last sends, the final reads) keeps. */
const SETTLE_RESERVE_S = 250;
/** Of that, what the final reads of the store and the report keep: delivery may take the rest. */
const FINAL_READS_S = 40;

async function main() {
  const sizes = numberFlags(process.argv.slice(2), FLAGS, { min: 1 });
  const { base, ports } = await claimSuitePorts('CHAT_SOAK_PORT_BASE', 9600);
  mkdirSync(join(ROOT, '.cache'), { recursive: true });
  const reportPath = join(ROOT, '.cache', `soak-${base}.json`);
  rmSync(reportPath, { force: true });

  console.log(
    `▸ Soak: ${sizes.users} users, ${sizes.rooms} rooms, ${sizes.messages} messages (${sizes['rooms-per-user']} rooms each)`,
  );
  const started = Date.now();
  // The test's own timeout is past the limit: the harness stops sending in time to report.
  const timeoutMs = (sizes.limit + 300) * 1000;
  if (sizes.limit <= SETTLE_RESERVE_S) throw new StartError(`--limit must be more than ${SETTLE_RESERVE_S} seconds.`);
  const vitest = `npx vitest run --project robustness test/robustness/load.test.ts --testTimeout=${timeoutMs} --hookTimeout=${timeoutMs}`;
  const exec = emulatorsExec({
    name: `soak-${base}`,
    ports,
    projectId: PROJECT_ID,
    only: 'auth,firestore',
    command: vitest,
    config: { singleProjectMode: false },
    env: {
      CHAT_LOAD_USERS: String(sizes.users),
      CHAT_LOAD_ROOMS: String(sizes.rooms),
      CHAT_LOAD_MESSAGES: String(sizes.messages),
      CHAT_LOAD_ROOMS_PER_USER: String(sizes['rooms-per-user']),
      CHAT_LOAD_REPORT: reportPath,
      // Firestore and Auth alone: the soak measures delivery, not the triggers
      CHAT_LOAD_FUNCTIONS: '0',
      CHAT_LOAD_SEND_UNTIL: String(started + (sizes.limit - SETTLE_RESERVE_S) * 1000),
      CHAT_LOAD_SETTLE_UNTIL: String(started + (sizes.limit - FINAL_READS_S) * 1000),
    },
  });
  const result = spawnSync(firebaseBin(), exec.args, { cwd: ROOT, stdio: 'inherit', env: exec.env });
  rmSync(exec.config, { force: true });
  if (!existsSync(reportPath)) {
    throw new StartError(`The soak produced no figures (exit ${result.status}); its output is above.`);
  }
  const r = JSON.parse(readFileSync(reportPath, 'utf8'));
  const rows = [
    [
      'sent',
      `${r.sent} of ${sizes.messages}${r.stoppedEarly ? ' (sending stopped at the limit)' : ''}; ${r.reconciled} after a lost answer`,
    ],
    ['refused by the server', r.refused],
    ['delivered', `${r.delivered} of ${r.expectedDeliveries} (${r.readers} readers)`],
    ['lost', r.lost],
    ['duplicated', r.duplicated],
    ['misordered', r.misordered],
    ['delivered late', `by up to ${r.overtakenBy} messages (later ones a reader had before it)`],
    ['broken Listen streams', `${r.streamsBroken} (firebase-tools#8654); ${r.resumed} clients reconnected at once`],
    ['pages listened again', `${r.relistens} (stuck on cached snapshots after the emulator's listen race)`],
    [
      'seconds',
      `setup ${r.seconds.setup}, sending ${r.seconds.sending}, settling ${r.seconds.settling}; total ${Math.round((Date.now() - started) / 1000)}`,
    ],
  ];
  console.log('\nSoak results');
  for (const [label, value] of rows) console.log(`  ${label.padEnd(22)} ${value}`);
  for (const problem of r.problems ?? []) console.log(`  ! ${problem}`);
  if (r.lost !== 0 || r.duplicated !== 0 || r.misordered !== 0) {
    console.error('\n✖ Messages were lost, duplicated or misordered.');
    process.exit(1);
  }
  if (r.sent !== sizes.messages) {
    console.error(
      `\n✖ ${sizes.messages - r.sent} of ${sizes.messages} messages were not sent within --limit ${sizes.limit} s.`,
    );
    process.exit(1);
  }
  console.log('\n✔ Everything sent; nothing lost, duplicated or misordered.');
}

main().catch(exitOnStartError);
