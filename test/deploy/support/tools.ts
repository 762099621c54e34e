/**
 * firebase-tools' own deploy code, used by the deploy-readiness check so it builds, packs, discovers
 * and validates exactly as `firebase deploy` does. These are internals of the pinned 14.18.0 (the
 * package has no exports map), typed here only as far as the check uses them.
 */
import { createRequire } from 'node:module';
import { ROOT } from '../../../scripts/lib/emulators.mjs';
import { shellEnv } from '../../support/shell';

const require = createRequire(import.meta.url);
const lib = <T>(path: string): T => require(`firebase-tools/lib/${path}`) as T;

export { ROOT, shellEnv };

/** A project id that looks real (deploys refuse demo ids) and that nothing here ever contacts. */
export const CHECK_PROJECT = 'firechat-deploy-check';

export interface FirebaseConfig {
  src: {
    functions: unknown;
    hosting: { public: string; ignore?: string[]; rewrites?: HostingRewrite[]; headers?: HostingHeaders[] };
  };
  path(relative: string): string;
  projectDir: string;
}

export interface HostingRewrite {
  source: string;
  destination?: string;
  function?: { functionId: string; region?: string };
}

export interface HostingHeaders {
  source: string;
  headers: Array<{ key: string; value: string }>;
}

export interface FunctionsCodebaseConfig {
  source: string;
  codebase: string;
  ignore?: string[];
  predeploy?: string[];
}

export interface Endpoint {
  id: string;
  region: string;
  platform: 'gcfv1' | 'gcfv2' | 'run';
  maxInstances?: number | null;
  eventTrigger?: { eventType: string; retry: boolean; eventFilterPathPatterns?: Record<string, string> };
  callableTrigger?: object;
  httpsTrigger?: object;
  scheduleTrigger?: { schedule: string; retryConfig?: { retryCount?: number | null } | null };
  taskQueueTrigger?: { retryConfig?: { maxAttempts?: number | null } | null };
}

export interface Backend {
  endpoints: Record<string, Record<string, Endpoint>>;
}

interface Build {
  params: unknown[];
}

interface Delegate {
  runtime: string;
  validate(): Promise<void>;
  discoverBuild(runtimeConfig: Record<string, unknown>, env: Record<string, string>): Promise<Build>;
}

const { Config } = lib<{ Config: { load(options: { cwd: string; configPath: string }): FirebaseConfig } }>('config');
const { lifecycleHooks } = lib<{
  lifecycleHooks(target: string, hook: string): (context: object, options: object) => Promise<void>;
}>('deploy/lifecycleHooks');
const projectConfig = lib<{
  normalizeAndValidate(config: unknown): unknown;
  configForCodebase(config: unknown, codebase: string): FunctionsCodebaseConfig;
}>('functions/projectConfig');
const { prepareFunctionsUpload } = lib<{
  prepareFunctionsUpload(
    sourceDir: string,
    config: FunctionsCodebaseConfig,
    runtimeConfig?: Record<string, unknown>,
  ): Promise<{ pathToSource: string }>;
}>('deploy/functions/prepareFunctionsUpload');
const runtimes = lib<{ getRuntimeDelegate(context: object): Promise<Delegate> }>('deploy/functions/runtimes');
const build = lib<{
  resolveBackend(options: object): Promise<{ backend: Backend }>;
}>('deploy/functions/build');
const functionsEnv = lib<{
  loadFirebaseEnvs(firebaseConfig: object, projectId: string): Record<string, string>;
  loadUserEnvs(options: { functionsSource: string; projectId: string }): Record<string, string>;
}>('functions/env');
const backendLib = lib<{ allEndpoints(backend: Backend): Endpoint[] }>('deploy/functions/backend');
const prepare = lib<{ resolveCpuAndConcurrency(backend: Backend): void }>('deploy/functions/prepare');
const validate = lib<{ endpointsAreValid(backend: Backend): void }>('deploy/functions/validate');
const convertConfig = lib<{
  findEndpointForRewrite(site: string, backend: Backend, id: string, region?: string): { matchingEndpoint?: Endpoint };
}>('deploy/hosting/convertConfig');
const { listFiles } = lib<{ listFiles(cwd: string, ignore?: string[]): string[] }>('listFiles');
const firestoreApi = lib<{
  FirestoreApi: {
    new (): {
      validateSpec(spec: object): void;
      upgradeOldSpec(spec: object): { indexes: object[]; fieldOverrides: object[] };
    };
    processIndex<T extends object>(index: T): T;
  };
}>('firestore/api');

export function loadFirebaseJson(): FirebaseConfig {
  return Config.load({ cwd: ROOT, configPath: 'firebase.json' });
}

/**
 * Runs a target's predeploy commands the way `firebase deploy --project CHECK_PROJECT` does (the
 * CLI's lifecycle hooks, which give them GCLOUD_PROJECT, PROJECT_DIR and RESOURCE_DIR), in the
 * environment of a shell that never ran the tests.
 */
export async function runPredeploy(target: 'hosting' | 'functions', env: Record<string, string>): Promise<void> {
  const config = loadFirebaseJson();
  const saved = process.env;
  process.env = env;
  try {
    await lifecycleHooks(target, 'predeploy')({}, { config, project: CHECK_PROJECT, projectRoot: ROOT, only: target });
  } finally {
    process.env = saved;
  }
}

/** The default codebase's config as firebase-tools normalizes it. */
export function functionsCodebase(): FunctionsCodebaseConfig {
  return projectConfig.configForCodebase(
    projectConfig.normalizeAndValidate(loadFirebaseJson().src.functions),
    'default',
  );
}

/**
 * Zips the functions source as `firebase deploy` uploads it (honouring `ignore`); with 1st-gen
 * functions present the CLI packs the runtime config with it, as here.
 */
export async function packFunctions(): Promise<string> {
  const codebase = functionsCodebase();
  const packed = await prepareFunctionsUpload(loadFirebaseJson().path(codebase.source), codebase, {
    firebase: { projectId: CHECK_PROJECT },
  });
  return packed.pathToSource;
}

/**
 * What `firebase deploy` would create: the manifest discovered from the (installed) source by the
 * CLI's runtime delegate, which runs the functions SDK serving __/functions.yaml, then params
 * resolved from the source's .env files, CPU and concurrency defaults applied, and validated.
 */
export async function discoverBackend(
  sourceDir: string,
): Promise<{ runtime: string; endpoints: Endpoint[]; backend: Backend }> {
  const delegate = await runtimes.getRuntimeDelegate({ projectId: CHECK_PROJECT, sourceDir, projectDir: ROOT });
  await delegate.validate();
  const firebaseConfig = { projectId: CHECK_PROJECT, storageBucket: `${CHECK_PROJECT}.appspot.com` };
  const firebaseEnvs = functionsEnv.loadFirebaseEnvs(firebaseConfig, CHECK_PROJECT);
  const discovered = await delegate.discoverBuild(
    { firebase: firebaseConfig },
    { ...firebaseEnvs, GOOGLE_CLOUD_QUOTA_PROJECT: CHECK_PROJECT },
  );
  const userEnvs = functionsEnv.loadUserEnvs({ functionsSource: sourceDir, projectId: CHECK_PROJECT });
  const { backend } = await build.resolveBackend({
    build: discovered,
    firebaseConfig,
    userEnvs,
    nonInteractive: true,
    isEmulator: false,
  });
  prepare.resolveCpuAndConcurrency(backend);
  validate.endpointsAreValid(backend);
  return { runtime: delegate.runtime, endpoints: backendLib.allEndpoints(backend), backend };
}

/** The endpoint a Hosting rewrite to a function would be bound to at deploy, if any. */
export function rewriteTarget(backend: Backend, functionId: string, region?: string): Endpoint | undefined {
  return convertConfig.findEndpointForRewrite(CHECK_PROJECT, backend, functionId, region).matchingEndpoint;
}

/** The files `firebase deploy` uploads from the hosting public dir (relative paths). */
export function hostingFiles(): { dir: string; files: string[] } {
  const config = loadFirebaseJson();
  const dir = config.path(config.src.hosting.public);
  return { dir, files: listFiles(dir, config.src.hosting.ignore) };
}

/** firestore.indexes.json validated and normalized as `firebase deploy` does before sending it. */
export function firestoreIndexSpec(spec: object): { indexes: object[]; fieldOverrides: object[] } {
  const api = new firestoreApi.FirestoreApi();
  const upgraded = api.upgradeOldSpec(spec);
  api.validateSpec(upgraded);
  return {
    ...upgraded,
    indexes: upgraded.indexes.map((index) => firestoreApi.FirestoreApi.processIndex(structuredClone(index))),
  };
}
