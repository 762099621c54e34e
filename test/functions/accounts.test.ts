import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ensureProfile } from '../../functions/src/triggers/onUserCreated';
import { eventually, uniqueId } from '../support/env';
import { adminAuth, direct, triggered, TRIGGER_TIMEOUT_MS } from './support';

describe('accounts', () => {
  it('a new auth user gets a profile named after the e-mail when none is written', async () => {
    const db = triggered();
    const uid = uniqueId('new');
    await adminAuth().createUser({ uid, email: `grace.${uid}@example.com`, password: 'secret-pass-1' });
    const profile = await eventually(
      async () => (await db.doc(`users/${uid}`).get()).data(),
      'the profile',
      TRIGGER_TIMEOUT_MS + 15_000,
    );
    expect(profile).toMatchObject({
      displayName: `grace.${uid}`,
      nameLower: `grace.${uid}`.toLowerCase(),
      photoURL: null,
    });
  }, 120_000);

  it('an existing profile is never overwritten', async () => {
    const db = direct();
    const uid = uniqueId('has');
    await db
      .doc(`users/${uid}`)
      .set({ displayName: 'Chosen Name', nameLower: 'chosen name', photoURL: null, createdAt: new Date() });
    expect(await ensureProfile(db, { uid, displayName: 'Other', email: 'other@example.com' })).toBe('exists');
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
