import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { NEUTRAL_NAME } from '@chat/shared';
import { ensureProfile } from '../../functions/src/triggers/onUserCreated';
import { eventually, uniqueId } from '../support/env';
import { adminAuth, direct, triggered, TRIGGER_TIMEOUT_MS } from './support';

describe('accounts', () => {
  it('a new auth user gets a profile with its Auth name, or a neutral one, never a part of the e-mail', async () => {
    const db = triggered();
    const named = uniqueId('new');
    const bare = uniqueId('new');
    await adminAuth().createUser({
      uid: named,
      email: `grace.${named}@example.com`,
      password: 'secret-pass-1',
      displayName: 'Grace Hopper',
    });
    await adminAuth().createUser({ uid: bare, email: `ada.${bare}@example.com`, password: 'secret-pass-1' });
    const profile = (uid: string) =>
      eventually(async () => (await db.doc(`users/${uid}`).get()).data(), `the profile of ${uid}`, TRIGGER_TIMEOUT_MS);
    expect(await profile(named)).toMatchObject({
      displayName: 'Grace Hopper',
      nameLower: 'grace hopper',
      photoURL: null,
    });
    expect(await profile(bare)).toMatchObject({
      displayName: NEUTRAL_NAME,
      nameLower: NEUTRAL_NAME.toLowerCase(),
      photoURL: null,
    });
  }, 120_000);

  it('an existing profile is never overwritten', async () => {
    const db = direct();
    const uid = uniqueId('has');
    await db
      .doc(`users/${uid}`)
      .set({ displayName: 'Chosen Name', nameLower: 'chosen name', photoURL: null, createdAt: new Date() });
    expect(await ensureProfile(db, { uid, displayName: 'Other' })).toBe('exists');
    expect((await db.doc(`users/${uid}`).get()).get('displayName')).toBe('Chosen Name');
  });

  it('npm run admin:grant sets the admin claim on the emulator', async () => {
    const uid = uniqueId('adm');
    const email = `${uid}@example.com`;
    await adminAuth().createUser({ uid, email, password: 'secret-pass-1' });
    const { stdout } = await promisify(execFile)('node', ['scripts/admin-grant.mjs', email], { env: process.env });
    expect(stdout).toContain(email);
    expect((await adminAuth().getUser(uid)).customClaims).toEqual({ admin: true });
    const revoke = await promisify(execFile)('node', ['scripts/admin-grant.mjs', '--revoke', email], {
      env: process.env,
    });
    expect(revoke.stdout).toContain('revoked');
    expect((await adminAuth().getUser(uid)).customClaims?.admin).toBeUndefined();
  });
});
