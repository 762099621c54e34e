/**
 * `npm run deploy` and the hosting predeploy refuse, in one line and before any network call, what
 * would deploy a broken or misdirected app. (What only the project can tell, a web app registered,
 * the database and its location, they ask the CLI with the deploy's own credentials.)
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_CHECK_CSP, appCheckProblem, hostingCsp } from '../../scripts/lib/web-config.mjs';
import { ROOT, shellEnv } from './support/tools';

const CONFIG = {
  VITE_FIREBASE_API_KEY: 'AIza-check',
  VITE_FIREBASE_AUTH_DOMAIN: 'firechat-prod.firebaseapp.com',
  VITE_FIREBASE_PROJECT_ID: 'firechat-prod',
  VITE_FIREBASE_APP_ID: '1:123:web:abc',
};

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', script), ...args], {
    cwd: ROOT,
    env: { ...shellEnv(), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const lines = `${result.stdout}${result.stderr}`.split('\n').filter((line) => line.trim() !== '');
  return { status: result.status, lines };
}

describe('npm run deploy refuses in one line', () => {
  it.each([
    [
      'no project but the demo default of .firebaserc',
      [],
      {},
      /^✖ demo-firechat is a local demo project id; deploy needs a real project/,
    ],
    ['a demo project', ['--project', 'demo-anything'], {}, /^✖ demo-anything is a local demo project id/],
    [
      'a web config with a value missing',
      ['--project', 'firechat-prod'],
      { ...CONFIG, VITE_FIREBASE_APP_ID: '' },
      /^✖ The web config in VITE_FIREBASE_\* is incomplete \(missing VITE_FIREBASE_APP_ID\)/,
    ],
    [
      'a web config naming another project',
      ['--project', 'firechat-staging'],
      CONFIG,
      /^✖ The web config names project firechat-prod \(VITE_FIREBASE_PROJECT_ID\) but this deploy goes to firechat-staging/,
    ],
    [
      "App Check on while the site's CSP does not allow reCAPTCHA and the token exchange",
      ['--project', 'firechat-prod'],
      { VITE_APPCHECK_SITE_KEY: '6Lc-check' },
      /^✖ App Check is on \(VITE_APPCHECK_SITE_KEY\) but the CSP in firebase\.json does not allow it: add script-src https:\/\/www\.google\.com\/recaptcha\/, .*connect-src https:\/\/content-firebaseappcheck\.googleapis\.com/,
    ],
    [
      'an App Check debug token in the build',
      ['--project', 'firechat-prod'],
      { VITE_APPCHECK_SITE_KEY: '6Lc-check', VITE_APPCHECK_DEBUG_TOKEN: 'debug-token-check' },
      /^✖ VITE_APPCHECK_DEBUG_TOKEN is set: a debug token in a deployed build lets anyone who reads it past App Check/,
    ],
  ])('%s', (_case, args, env, message) => {
    const { status, lines } = run('deploy.mjs', args as string[], env as Record<string, string>);
    expect(status).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});

describe('the hosting predeploy refuses in one line', () => {
  it('a build for a deploy that names no project', () => {
    const { status, lines } = run('predeploy-web.mjs', []);
    expect(status).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/^✖ Run by `firebase deploy` .*GCLOUD_PROJECT/)]);
  });

  it('an App Check debug token, whoever runs firebase deploy', () => {
    const { status, lines } = run('predeploy-web.mjs', [], {
      VITE_APPCHECK_DEBUG_TOKEN: 'debug-token-check',
      GCLOUD_PROJECT: 'firechat-prod',
    });
    expect(status).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/^✖ VITE_APPCHECK_DEBUG_TOKEN is set/)]);
  });

  it('a web config naming another project than the one firebase deploy goes to', () => {
    const { status, lines } = run('predeploy-web.mjs', [], { ...CONFIG, GCLOUD_PROJECT: 'firechat-staging' });
    expect(status).toBe(1);
    expect(lines).toEqual([
      expect.stringMatching(/^✖ The web config names project firechat-prod .* goes to firechat-staging/),
    ]);
  });
});

describe('App Check against the CSP', () => {
  const csp = hostingCsp(ROOT);
  const withAppCheck = (policy: string) =>
    Object.entries(APP_CHECK_CSP).reduce(
      (out, [directive, sources]) => out.replace(`${directive} `, `${directive} ${sources.join(' ')} `),
      policy,
    );

  it('passes a site key once the CSP allows what reCAPTCHA and the token exchange load, and not before', () => {
    expect(appCheckProblem({}, csp)).toBeNull();
    expect(appCheckProblem({ VITE_APPCHECK_SITE_KEY: '6Lc-check' }, csp)).toMatch(/^App Check is on/);
    expect(appCheckProblem({ VITE_APPCHECK_SITE_KEY: '6Lc-check' }, withAppCheck(csp))).toBeNull();
  });
});
