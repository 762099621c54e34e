// Brings documents written by an older version of the app up to the current data model, once,
// after deploying the rules and app that use it:
// - on every member document, the profile's displayName where it is behind (a rename made before
//   the server copied renames) and nameLower where it lacks it or has it out of step (docs/data-model.md,
//   "Mention search");
// - threadId and inRoom on every message written before threads (docs/data-model.md, "Threads");
// - activeHour on every room (the hour of its last message: what Browse and the daily statistics
//   query, docs/scale.md);
// - reactions out of the message (issue #14): a reactions/{uid} document for each person a message
//   lists under an emoji, and the message's names (the first 20 per emoji) and reactionCounts
//   (functions/src/lib/reactions.ts counts them from then on). Run it right after deploying the
//   functions and rules that count them: until then a new reaction to an older message is counted
//   from the documents alone, without the people the message lists;
// - membership out of the room document (docs/data-model.md, "Rooms and membership"): a room-list
//   entry (users/{uid}/rooms/{roomId}) for every member document, memberCount on every room, and
//   with --drop-member-ids (once the rules that no longer read it are deployed) no memberIds on
//   group rooms.
//   npm run migrate -- --emulator            `npm start`'s emulator (127.0.0.1:8080, demo-firechat)
//   npm run migrate -- --project my-project  a real project, with application default credentials
//                                            (gcloud auth application-default login)
//   ... --drop-member-ids                    also take memberIds off group rooms (after the deploy)
// Safe to run again: it writes only documents that need it, each on condition it has not changed.
import { readFileSync } from 'node:fs';
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { backfillMemberNames } from './lib/backfill-member-names.mjs';
import { backfillActiveHour } from './lib/backfill-active-hour.mjs';
import { backfillReactions } from './lib/backfill-reactions.mjs';
import { backfillThreadFields } from './lib/backfill-thread-fields.mjs';
import { migrateMembership } from './lib/migrate-membership.mjs';

function usage(message) {
  if (message) console.error(`✖ ${message}`);
  console.error('Usage: npm run migrate -- [--emulator | --project <id>] [--drop-member-ids]');
  process.exit(1);
}

const args = process.argv.slice(2);
let projectId;
let emulator = false;
let dropMemberIds = false;
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--emulator') emulator = true;
  else if (arg === '--drop-member-ids') dropMemberIds = true;
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
  const log = (line) => console.log(`  ${line}`);
  const members = await backfillMemberNames(db, { log });
  console.log(`✔ ${members.scanned} member documents on ${target}: ${members.updated} given nameLower.`);
  const messages = await backfillThreadFields(db, { log });
  console.log(`✔ ${messages.scanned} messages on ${target}: ${messages.updated} given threadId and inRoom.`);
  const rooms = await backfillActiveHour(db, { log });
  console.log(`✔ ${rooms.scanned} rooms on ${target}: ${rooms.updated} given activeHour.`);
  const reactions = await backfillReactions(db, { log });
  console.log(
    `✔ ${reactions.scanned} messages on ${target}: ${reactions.updated} given reaction counts, ` +
      `${reactions.reactionDocs} reaction documents written.`,
  );
  const membership = await migrateMembership(db, { dropMemberIds, log });
  console.log(
    `✔ ${membership.members} memberships and ${membership.rooms} rooms on ${target}: ${membership.listed} listed in ` +
      `their member's room list, ${membership.counted} rooms counted` +
      (dropMemberIds ? `, ${membership.dropped} group rooms without memberIds.` : '.'),
  );
  const meanwhile =
    members.changedMeanwhile +
    messages.changedMeanwhile +
    rooms.changedMeanwhile +
    reactions.changedMeanwhile +
    membership.changedMeanwhile;
  if (meanwhile) console.log(`  ${meanwhile} changed while it ran and were left alone: run it again.`);
} catch (error) {
  console.error(`✖ Could not migrate ${target}: ${error?.message ?? error}`);
  process.exit(1);
}
