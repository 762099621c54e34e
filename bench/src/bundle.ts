/**
 * JS after gzip per screen, from a Vite build's manifest: a screen loads the entry's static
 * import closure, plus the closure of the route chunk it lazy-loads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
}

type Manifest = Record<string, ManifestChunk>;

function readManifest(dist: string): Manifest {
  return JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Manifest;
}

/** The files a chunk pulls in through static imports, itself included. */
function closure(manifest: Manifest, keys: string[], into = new Set<string>()): Set<string> {
  for (const key of keys) {
    const chunk = manifest[key];
    if (!chunk || into.has(chunk.file)) continue;
    into.add(chunk.file);
    closure(manifest, chunk.imports ?? [], into);
  }
  return into;
}

function gzipKb(dist: string, files: Iterable<string>): number {
  let bytes = 0;
  for (const file of files)
    if (file.endsWith('.js')) bytes += gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  return Math.round((bytes / 1024) * 10) / 10;
}

function entryKey(manifest: Manifest): string {
  const key = Object.keys(manifest).find((k) => manifest[k]?.isEntry);
  if (!key) throw new Error('The Vite manifest has no entry');
  return key;
}

export interface BundleFigures {
  signInKb: number;
  chatKb: number;
  floorKb: number;
  signInFiles: string[];
  chatFiles: string[];
}

/** `routeSrc` is the chat screen's lazily loaded view, as the manifest names it. */
export function measureBundles(webDist: string, floorDist: string, routeSrc = 'src/views/ChatView.vue'): BundleFigures {
  const web = readManifest(webDist);
  const signIn = closure(web, [entryKey(web)]);
  if (!web[routeSrc]) throw new Error(`The web build has no chunk for ${routeSrc}`);
  const chat = closure(web, [routeSrc], new Set(signIn));
  const floor = readManifest(floorDist);
  return {
    signInKb: gzipKb(webDist, signIn),
    chatKb: gzipKb(webDist, chat),
    floorKb: gzipKb(floorDist, closure(floor, [entryKey(floor)])),
    signInFiles: [...signIn],
    chatFiles: [...chat],
  };
}
