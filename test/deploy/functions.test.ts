/**
 * The functions as `firebase deploy` ships them: predeploy, packed by firebase-tools (honouring
 * functions.ignore), installed in a folder of their own the way the cloud build does it, loaded,
 * and their manifest discovered by firebase-tools and compared with what the README documents.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionsRegion } from '../../scripts/lib/web-config.mjs';
import { documentedFunctions, documentedRegion, type FunctionRow } from './support/readme';
import {
  CHECK_PROJECT,
  ROOT,
  discoverBackend,
  loadFirebaseJson,
  packFunctions,
  rewriteTarget,
  runPredeploy,
  shellEnv,
  type Backend,
  type Endpoint,
} from './support/tools';
import { unzip } from './support/zip';

/** How the README writes a trigger, from the endpoint firebase-tools would deploy. */
function describeTrigger(endpoint: Endpoint): string {
  const event = endpoint.eventTrigger;
  const firestore = /^google\.cloud\.firestore\.document\.v1\.(created|updated|deleted|written)$/.exec(
    event?.eventType ?? '',
  );
  if (firestore) return `\`${event?.eventFilterPathPatterns?.document}\` ${firestore[1]}`;
  if (event?.eventType === 'providers/firebase.auth/eventTypes/user.create') return 'Auth user created (1st gen)';
  if (endpoint.callableTrigger) return `callable at \`/api/${endpoint.id}\``;
  if (endpoint.scheduleTrigger) return `schedule \`${endpoint.scheduleTrigger.schedule}\``;
  if (endpoint.taskQueueTrigger) return 'task queue (Cloud Tasks)';
  return `unknown trigger ${JSON.stringify(event ?? endpoint)}`;
}

function retries(endpoint: Endpoint): boolean {
  return (
    endpoint.eventTrigger?.retry === true ||
    (endpoint.scheduleTrigger?.retryConfig?.retryCount ?? 0) > 0 ||
    (endpoint.taskQueueTrigger?.retryConfig?.maxAttempts ?? 1) > 1
  );
}

function asRow(endpoint: Endpoint): FunctionRow {
  return {
    function: endpoint.id,
    trigger: describeTrigger(endpoint),
    retry: retries(endpoint) ? 'yes' : 'no',
    maxInstances: String(endpoint.maxInstances ?? 'no cap'),
  };
}

const byName = (a: FunctionRow, b: FunctionRow) => a.function.localeCompare(b.function);

/** npm as the cloud build runs it: in the copy, with no workspace, settings or emulator around it. */
function npm(cwd: string, args: string[]) {
  const result = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd,
    env: shellEnv(),
    encoding: 'utf8',
  });
  const errors = `${result.stderr}`.split('\n').filter((line) => /npm error/.test(line));
  return { ok: result.status === 0, output: errors.slice(0, 6).join('\n') || result.stderr.slice(-2000) };
}

describe('functions as firebase deploy uploads and the cloud build installs them', () => {
  let copy: string;
  let packed: string[];
  let installed = false;
  let backend: { runtime: string; endpoints: Endpoint[]; backend: Backend } | undefined;

  beforeAll(async () => {
    await runPredeploy('functions', shellEnv());
    copy = mkdtempSync(join(tmpdir(), 'firechat-functions-upload-'));
    packed = unzip(await packFunctions(), copy);
  });
  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it('uploads the bundle and its manifest, not the sources or node_modules', () => {
    expect(packed).toContain('package.json');
    expect(packed).toContain('lib/index.js');
    expect(packed.filter((name) => /^(src|node_modules)\//.test(name) || name === 'build.mjs')).toEqual([]);
  });

  it('names in package.json only packages the registry has, never a workspace of this repository', () => {
    const manifest = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string>
    >;
    const named = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
    const workspaces = root.workspaces.map(
      (dir) => (JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as { name: string }).name,
    );
    expect(named.filter((name) => workspaces.includes(name))).toEqual([]);
  });

  it('installs from its own package.json: a lockfile made from the registry, then production dependencies only', () => {
    const lock = npm(copy, ['install', '--package-lock-only']);
    expect(lock.ok, `npm install --package-lock-only in the uploaded functions failed:\n${lock.output}`).toBe(true);
    const install = npm(copy, ['ci', '--omit=dev']);
    expect(install.ok, `npm ci --omit=dev in the uploaded functions failed:\n${install.output}`).toBe(true);
    installed = true;
  }, 300_000);

  it('loads lib/index.js with nothing but its production dependencies', () => {
    expect(installed, 'the install above failed').toBe(true);
    const load = spawnSync(
      process.execPath,
      ['-e', "console.log(JSON.stringify(Object.keys(require('./lib/index.js')).sort()))"],
      { cwd: copy, env: { ...shellEnv(), GCLOUD_PROJECT: CHECK_PROJECT }, encoding: 'utf8' },
    );
    expect(load.status, load.stderr).toBe(0);
    const exported = JSON.parse(load.stdout) as string[];
    expect(exported).toEqual(
      documentedFunctions()
        .map((row) => row.function)
        .sort(),
    );
  });

  it('deploys the functions, triggers, retries and instance caps the README documents', async () => {
    expect(installed, 'the install above failed').toBe(true);
    backend = await discoverBackend(copy);
    expect(backend.runtime).toBe('nodejs22');
    expect(backend.endpoints.map(asRow).sort(byName)).toEqual(documentedFunctions().sort(byName));
  }, 120_000);

  it("starts no function on a room document's updates: the summary every message writes there", () => {
    expect(backend, 'discovery above failed').toBeDefined();
    const onRoomWrites = backend!.endpoints
      .map(asRow)
      .filter((row) => /^`rooms\/\{roomId\}` (updated|written)$/.test(row.trigger));
    expect(onRoomWrites.map((row) => row.function)).toEqual([]);
  });

  it('deploys every function to the region README and functions/.env name', () => {
    expect(backend, 'discovery above failed').toBeDefined();
    const region = functionsRegion(join(ROOT, 'functions'), CHECK_PROJECT);
    expect(region).toBe(documentedRegion());
    expect(backend!.endpoints.filter((e) => e.region !== region).map((e) => `${e.id}: ${e.region}`)).toEqual([]);
  });

  it('serves every callable through a Hosting rewrite that binds to it at deploy', () => {
    expect(backend, 'discovery above failed').toBeDefined();
    const rewrites = loadFirebaseJson().src.hosting.rewrites ?? [];
    const callables = backend!.endpoints.filter((e) => e.callableTrigger).map((e) => e.id);
    const rewritten = rewrites.filter((r) => r.function).map((r) => r.function!.functionId);
    expect(rewritten.sort()).toEqual(callables.sort());
    for (const rewrite of rewrites.filter((r) => r.function)) {
      const id = rewrite.function!.functionId;
      expect(rewrite.source, `the rewrite to ${id}`).toBe(`/api/${id}`);
      expect(
        rewriteTarget(backend!.backend, id, rewrite.function!.region),
        `no deployed endpoint for the rewrite to ${id}`,
      ).toBeDefined();
    }
    // rewrites apply in order: a catch-all before them would serve index.html instead
    const catchAll = rewrites.findIndex((r) => r.source === '**');
    expect(rewrites.findIndex((r) => r.function)).toBeLessThan(catchAll);
  });
});
