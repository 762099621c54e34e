// Checks on a built web app before it may be deployed (the hosting predeploy and test/deploy).
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';

const TEXT = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.webmanifest']);

// Loopback hosts, with or without a port. The Auth SDK's own `http://localhost` (a placeholder
// OAuth requestUri it sends for non-web platforms, never a host it calls) is the one exception.
const EMULATOR_HOST = /(?:127\.0\.0\.1|\[::1\]|0\.0\.0\.0|localhost)(?::\d+)?/g;
const SDK_PLACEHOLDER = /^http:\/\/localhost["'`]/;

/**
 * Every loopback host in the build's code and pages (source maps, which only a debugger reads and
 * which quote the SDKs' comments, are skipped), as `file: match`.
 */
export function emulatorHostsIn(dir) {
  const found = [];
  const walk = (at) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (TEXT.has(extname(entry.name))) {
        const text = readFileSync(path, 'utf8');
        for (const match of text.matchAll(EMULATOR_HOST)) {
          const start = match.index - 'http://'.length;
          if (match[0] === 'localhost' && SDK_PLACEHOLDER.test(text.slice(start, start + 'http://localhost'.length + 1))) continue;
          found.push(`${relative(dir, path)}: ${match[0]}`);
        }
      }
    }
  };
  walk(dir);
  return found;
}
