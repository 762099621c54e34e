export function emulatorHostsIn(dir: string): string[];
