// Writes nameLower on every member document that lacks it (or has it out of step), once, after
// deploying the rules and app that use it (docs/data-model.md, "Mention search").
//   npm run backfill:member-names -- --emulator            `npm start`'s emulator (127.0.0.1:8080, demo-firechat)
//   npm run backfill:member-names -- --project my-project  a real project, with application default credentials
//                                                          (gcloud auth application-default login)
// Safe to run again: it writes only documents that need it, each on condition it has not changed.
import { readFileSync } from 'node:fs';
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { backfillMemberNames } from './lib/backfill-member-names.mjs';

function usage(message) {
  if (message) console.error(`✖ ${message}`);
  console.error('Usage: npm run backfill:member-names -- [--emulator | --project <id>]');
  process.exit(1);
}

const args = process.argv.slice(2);
let projectId;
let emulator = false;
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--emulator') emulator = true;
  else if (arg === '--project') projectId = args[++i] ?? usage('--project needs a project id');
  else if (arg.startsWith('--project=')) projectId = arg.slice('--project='.length);
  else usage(`Unknown argument ${arg}`);
}

if (emulator) {
  const { emulators } = JSON.parse(readFileSync(new URL('../firebase.json', import.meta.url), 'utf8'));
  process.env.FIRESTORE_EMULATOR_HOST = `127.0.0.1:${emulators.firestore.port}`;
  projectId ??= 'demo-firechat';
} else if (process.env.FIRESTORE_EMULATOR_HOST && projectId) {
  // an explicit real project wins over an emulator left in the environment
  delete process.env.FIRESTORE_EMULATOR_HOST;
}
projectId ??= process.env.GCLOUD_PROJECT ?? process.env.FIREBASE_PROJECT_ID;
if (!projectId) usage('No project: pass --project <id>, or --emulator for the local emulators.');

const target = process.env.FIRESTORE_EMULATOR_HOST
  ? `the Firestore emulator at ${process.env.FIRESTORE_EMULATOR_HOST}`
  : `project ${projectId}`;
try {
  const db = getFirestore(initializeApp({ projectId }));
  const result = await backfillMemberNames(db, { log: (line) => console.log(`  ${line}`) });
  console.log(`✔ ${result.scanned} member documents on ${target}: ${result.updated} given nameLower.`);
  if (result.changedMeanwhile)
    console.log(`  ${result.changedMeanwhile} changed while it ran and were left alone: run it again.`);
} catch (error) {
  console.error(`✖ Could not backfill on ${target}: ${error?.message ?? error}`);
  process.exit(1);
}
