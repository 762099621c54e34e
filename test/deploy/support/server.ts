/**
 * Serves a built web app the way Hosting does for this check: every response carries the headers
 * firebase.json gives `**` (the production CSP among them), unknown paths get index.html, and
 * /__/firebase/init.json answers with the config Hosting would serve (or 404, as anywhere else).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { HostingHeaders } from './tools';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
};

export interface Served {
  origin: string;
  close(): Promise<void>;
}

export async function serveHosting(
  dir: string,
  headers: HostingHeaders[],
  initJson: Record<string, string> | null,
): Promise<Served> {
  const everywhere = headers.find((block) => block.source === '**')?.headers ?? [];
  const server: Server = createServer((request, response) => {
    for (const { key, value } of everywhere) response.setHeader(key, value);
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (path === '/__/firebase/init.json') {
      response.writeHead(initJson ? 200 : 404, { 'content-type': 'application/json' });
      response.end(initJson ? JSON.stringify(initJson) : '{}');
      return;
    }
    if (path === '/__probe') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><title>CSP probe</title>');
      return;
    }
    if (path.startsWith('/api/')) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"result":null}');
      return;
    }
    const file = normalize(join(dir, path));
    const target = file.startsWith(dir) && existsSync(file) && statSync(file).isFile() ? file : join(dir, 'index.html');
    response.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream' });
    response.end(readFileSync(target));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    // close() waits for every open connection: a page still loading from the site when the test
    // ends would keep one open, and the test hung until its 300 s timeout once in CI
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
