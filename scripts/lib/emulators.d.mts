import type { SpawnSyncOptions } from 'node:child_process';

export const ROOT: string;
export class StartError extends Error {}

export interface EmulatorPorts {
  auth: number;
  firestore: number;
  firestoreWs: number;
  functions: number;
  hosting: number;
  hub: number;
  logging: number;
  eventarc: number;
  tasks: number;
}

export interface FirebaseConfigOptions {
  connectSrc?: string[];
  hostingPublic?: string;
  singleProjectMode?: boolean;
  projectId?: string;
}

export function checkJava(): number;
export function emulatorProcessEnv(): Record<string, string>;
export function explainEmulatorFailure(log: string): string;
export const EMULATOR_NAMES: Record<keyof EmulatorPorts, string>;
export function portsFrom(base: number): EmulatorPorts;
export function configuredPorts(): EmulatorPorts;
export function checkPortsFree(ports: EmulatorPorts, extra?: Record<string, number>): Promise<void>;
export function claimSuitePorts(
  baseVariable: string,
  defaultBase: number,
): Promise<{ base: number; ports: EmulatorPorts }>;
export function writeFirebaseConfig(name: string, ports: EmulatorPorts, options?: FirebaseConfigOptions): string;
export function emulatorOrigins(ports: EmulatorPorts): string[];
export function webEmulatorEnv(ports: EmulatorPorts, projectId: string): Record<string, string>;
export function nodeEmulatorEnv(ports: EmulatorPorts, projectId: string): Record<string, string>;
export function firebaseBin(): string;
export function emulatorsExec(options: {
  name: string;
  ports: EmulatorPorts;
  projectId: string;
  only: string;
  command: string;
  config?: FirebaseConfigOptions;
  env?: Record<string, string>;
}): { config: string; args: string[]; env: NodeJS.ProcessEnv };
export function run(label: string, command: string, args: string[], options?: SpawnSyncOptions): void;
export function exitOnStartError(error: unknown): never;
