/**
 * JS after gzip per screen, from a Vite build's manifest: a screen loads the entry's static
 * import closure and the app's (the entry, web/src/boot.ts, imports the app as soon as it runs),
 * plus the closure of the route chunk it lazy-loads.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SourceMapConsumer } from 'source-map-js';

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

/** Where a screen's JS comes from: KB after gzip per package (`app` for the project's own code). */
export type Attribution = Array<{ from: string; kb: number }>;

export interface BundleFigures {
  signInKb: number;
  chatKb: number;
  floorKb: number;
  signInFiles: string[];
  chatFiles: string[];
  floorFiles: string[];
  /** the chat screen's JS by package, largest first (the builds' hidden source maps) */
  chatByPackage: Attribution;
  /** the floor app's, likewise */
  floorByPackage: Attribution;
}

/** The package a source belongs to (its scope kept), or `app` for the project's own code. */
function packageOf(source: string): string {
  const at = source.lastIndexOf('node_modules/');
  if (at < 0) return source.includes('/shared/') ? 'app (shared)' : 'app';
  const [first = '', second = ''] = source.slice(at + 'node_modules/'.length).split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

/**
 * Each file's gzip size shared among the packages its source map names, by the generated
 * characters mapped to each (a character belongs to the mapping before it on its line): a
 * treemap's figures, as a list. A file without a map counts as `unmapped`.
 */
function attribute(dist: string, files: Iterable<string>): Attribution {
  const kb = new Map<string, number>();
  const add = (from: string, bytes: number) => kb.set(from, (kb.get(from) ?? 0) + bytes / 1024);
  for (const file of files) {
    if (!file.endsWith('.js')) continue;
    const code = readFileSync(join(dist, file), 'utf8');
    const zipped = gzipSync(code, { level: 9 }).length;
    const mapPath = join(dist, `${file}.map`);
    if (!existsSync(mapPath)) {
      add('unmapped', zipped);
      continue;
    }
    const lines = code.split('\n');
    const chars = new Map<string, number>();
    let last: { line: number; column: number; from: string } | null = null;
    const close = (line: number, column: number) => {
      if (!last) return;
      // a mapping runs to the next one on its line, or to the line's end
      const end = line === last.line ? column : (lines[last.line - 1]?.length ?? 0);
      chars.set(last.from, (chars.get(last.from) ?? 0) + Math.max(0, end - last.column));
    };
    new SourceMapConsumer(JSON.parse(readFileSync(mapPath, 'utf8'))).eachMapping((m) => {
      close(m.generatedLine, m.generatedColumn);
      last = { line: m.generatedLine, column: m.generatedColumn, from: m.source ? packageOf(m.source) : 'unmapped' };
    });
    close(Number.POSITIVE_INFINITY, 0);
    const mapped = [...chars.values()].reduce((a, b) => a + b, 0);
    if (mapped === 0) add('unmapped', zipped);
    for (const [from, n] of chars) add(from, (zipped * n) / mapped);
  }
  return [...kb]
    .map(([from, size]) => ({ from, kb: Math.round(size * 10) / 10 }))
    .sort((a, b) => b.kb - a.kb);
}

/**
 * `routeSrc` is the chat screen's lazily loaded view, `appSrc` the app every screen loads (both as
 * the manifest names them).
 */
export function measureBundles(
  webDist: string,
  floorDist: string,
  routeSrc = 'src/views/ChatView.vue',
  appSrc = 'src/main.ts',
): BundleFigures {
  const web = readManifest(webDist);
  if (!web[appSrc]) throw new Error(`The web build has no chunk for ${appSrc}`);
  const signIn = closure(web, [entryKey(web), appSrc]);
  if (!web[routeSrc]) throw new Error(`The web build has no chunk for ${routeSrc}`);
  const chat = closure(web, [routeSrc], new Set(signIn));
  const floor = readManifest(floorDist);
  const floorFiles = closure(floor, [entryKey(floor)]);
  return {
    signInKb: gzipKb(webDist, signIn),
    chatKb: gzipKb(webDist, chat),
    floorKb: gzipKb(floorDist, floorFiles),
    signInFiles: [...signIn],
    chatFiles: [...chat],
    floorFiles: [...floorFiles],
    chatByPackage: attribute(webDist, chat),
    floorByPackage: attribute(floorDist, floorFiles),
  };
}
