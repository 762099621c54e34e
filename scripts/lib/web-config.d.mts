export const WEB_CONFIG_KEYS: string[];
export const EMULATOR_BUILD_KEYS: string[];
export function withoutEmulatorEnv<T extends Record<string, string | undefined>>(env: T): Record<string, string | undefined>;
export function webConfigProblem(env: Record<string, string | undefined>, options?: { project?: string }): string | null;
export function functionsRegion(functionsDir: string, project: string, options?: { emulator?: boolean }): string | null;
export function regionForDatabase(locationId: string): string;
export const APP_CHECK_CSP: Record<'script-src' | 'frame-src' | 'connect-src', string[]>;
export function hostingCsp(root: string): string;
export function appCheckProblem(env: Record<string, string | undefined>, csp: string): string | null;
