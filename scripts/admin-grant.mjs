// Marks a user as an app admin (custom claim {admin: true}); `--revoke` takes it away.
//   npm run admin:grant -- user@example.com                 the emulator in FIREBASE_AUTH_EMULATOR_HOST
//   npm run admin:grant -- --emulator user@example.com      `npm start`'s emulator (127.0.0.1:9099, demo-firechat)
//   npm run admin:grant -- --project my-project user@example.com
//                                                           a real project, with application default credentials
//                                                           (gcloud auth application-default login)
// The user sees the claim after their ID token refreshes (sign out and in, or within the hour).
import { readFileSync } from 'node:fs';
import { initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';

function usage(message) {
  if (message) console.error(`✖ ${message}`);
  console.error('Usage: npm run admin:grant -- [--emulator | --project <id>] [--revoke] <email>');
  process.exit(1);
}

const args = process.argv.slice(2);
let projectId;
let emulator = false;
let revoke = false;
const emails = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--emulator') emulator = true;
  else if (arg === '--revoke') revoke = true;
  else if (arg === '--project') projectId = args[++i] ?? usage('--project needs a project id');
  else if (arg.startsWith('--project=')) projectId = arg.slice('--project='.length);
  else if (arg.startsWith('--')) usage(`Unknown option ${arg}`);
  else emails.push(arg);
}
if (emails.length !== 1 || !emails[0].includes('@')) usage('Give exactly one e-mail address.');
const email = emails[0];

if (emulator) {
  const { emulators } = JSON.parse(readFileSync(new URL('../firebase.json', import.meta.url), 'utf8'));
  process.env.FIREBASE_AUTH_EMULATOR_HOST = `127.0.0.1:${emulators.auth.port}`;
  projectId ??= 'demo-firechat';
} else if (process.env.FIREBASE_AUTH_EMULATOR_HOST && projectId) {
  // an explicit real project wins over an emulator left in the environment
  delete process.env.FIREBASE_AUTH_EMULATOR_HOST;
}
projectId ??= process.env.GCLOUD_PROJECT ?? process.env.FIREBASE_PROJECT_ID;
if (!projectId) usage('No project: pass --project <id>, or --emulator for the local emulators.');

const target = process.env.FIREBASE_AUTH_EMULATOR_HOST
  ? `the Auth emulator at ${process.env.FIREBASE_AUTH_EMULATOR_HOST}`
  : `project ${projectId}`;
try {
  const auth = getAuth(initializeApp({ projectId }));
  const user = await auth.getUserByEmail(email);
  const { admin: _admin, ...otherClaims } = user.customClaims ?? {};
  await auth.setCustomUserClaims(user.uid, revoke ? otherClaims : { ...otherClaims, admin: true });
  console.log(
    `✔ ${email} (${user.uid}) ${revoke ? 'is no longer an app admin (admin claim revoked)' : 'is now an app admin'} on ${target}.`,
  );
  console.log('  The claim reaches the app when the user signs in again or their token refreshes.');
} catch (error) {
  const code = error?.code ?? '';
  if (code === 'auth/user-not-found') usage(`No user with e-mail ${email} on ${target}.`);
  console.error(`✖ Could not update ${email} on ${target}: ${error?.message ?? error}`);
  process.exit(1);
}
