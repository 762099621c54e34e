/**
 * An HTTP proxy for a test browser (Chromium's --proxy-server; Playwright also sends loopback
 * through it) that can lose the answer to one Firestore write, the way production loses it when
 * a commit succeeds and the server's session dies before the acknowledgement arrives.
 *
 * The web SDK speaks to Firestore over WebChannel: each stream (Listen, Write) is a session
 * (`SID`) of forward POSTs carrying requests and a long-lived backchannel GET carrying answers.
 * Once a POST of the Write channel containing the marker has gone through, nothing more of that
 * session reaches the page; when the caller has seen the write land, the session's requests
 * are answered as by a server that has forgotten it ("Unknown SID"). WebChannel cannot resume such a session, so the SDK opens a new
 * Write stream and sends its unacknowledged write again. Everything else passes untouched.
 *
 * Written here rather than taken from a library: the few general proxies on npm forward whole
 * exchanges, and this needs to hold back part of a streaming answer by session.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const WRITE_CHANNEL = '/google.firestore.v1.Firestore/Write/channel';
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'transfer-encoding',
  'upgrade',
];

export interface LossyHttpProxy {
  /** for Playwright's `proxy.server` */
  server: string;
  /**
   * Arms the trap for the next Write-channel POST whose body contains `marker`: it is
   * forwarded, its session goes silent, `beforeCut` runs, then the session is dropped. Resolves
   * once it was.
   */
  loseWriteAnswerAfter(marker: string, beforeCut: () => Promise<void>): Promise<void>;
  /** Write-channel POSTs seen containing `marker` (the original and any resend) */
  writesContaining(marker: string): number;
  /** server answers on the Write channel, after the cut, that refused a write with PERMISSION_DENIED */
  refusals(): number;
  close(): Promise<void>;
}

function headersOf(message: IncomingMessage): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(message.headers)) {
    if (value !== undefined && !HOP_BY_HOP.includes(key)) out[key] = value;
  }
  return out;
}

/** What a server that no longer knows a WebChannel session answers; WebChannel then gives up on it at once. */
function unknownSession(req: IncomingMessage, res: ServerResponse): void {
  // the page reads it across origins, as it reads the emulator's own answers; WebChannel looks
  // for the words past the body's first character
  const cors = req.headers.origin
    ? { 'access-control-allow-origin': req.headers.origin, 'access-control-allow-credentials': 'true' }
    : {};
  res.writeHead(400, { 'content-type': 'text/html', ...cors }).end('<html><body>Unknown SID</body></html>');
}

export async function startLossyHttpProxy(): Promise<LossyHttpProxy> {
  let trap: { marker: string; beforeCut: () => Promise<void>; done: () => void; failed: (e: unknown) => void } | null =
    null;
  /** sessions gone silent (nothing more reaches the page) and sessions forgotten (cut) */
  const silent = new Set<string>();
  const forgotten = new Set<string>();
  /** per silent session: answers not begun (held whole) and answers under way (a backchannel) */
  const held = new Map<string, Set<[IncomingMessage, ServerResponse]>>();
  const streaming = new Map<string, Set<ServerResponse>>();
  const track = <T>(map: Map<string, Set<T>>, sid: string, res: ServerResponse, entry: T) => {
    let set = map.get(sid);
    if (!set) map.set(sid, (set = new Set()));
    set.add(entry);
    res.on('close', () => set.delete(entry));
  };
  const writeBodies: string[] = [];
  let refusals = 0;
  let cutDone = false;
  const t0 = Date.now();
  const log = (line: string) => {
    if (process.env.E2E_DEBUG) console.log(`[proxy ${Date.now() - t0} ms] ${line}`);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://invalid');
    const write = url.pathname.endsWith(WRITE_CHANNEL);
    const sid = write ? url.searchParams.get('SID') : null;
    if (write) log(`${req.method} SID=${sid} RID=${url.searchParams.get('RID')} TYPE=${url.searchParams.get('TYPE')}`);
    if (sid && forgotten.has(sid)) {
      log(`  -> Unknown SID`);
      unknownSession(req, res);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (write && req.method === 'POST') {
        const text = body.toString('utf8');
        writeBodies.push(text);
        const armed = trap;
        if (armed && sid && text.includes(armed.marker)) {
          // decided before the request goes on, so no answer to it can slip through
          trap = null;
          silent.add(sid);
          armed
            .beforeCut()
            .then(() => {
              log(`cut ${sid}: ${held.get(sid)?.size ?? 0} held, ${streaming.get(sid)?.size ?? 0} streaming`);
              forgotten.add(sid);
              cutDone = true;
              for (const [request, response] of held.get(sid) ?? []) unknownSession(request, response);
              // a backchannel ends as if the server had closed it; WebChannel's next request for
              // the session then learns that it is gone
              for (const response of streaming.get(sid) ?? []) response.end();
              armed.done();
            })
            .catch(armed.failed);
        }
      }
      const upstream = request(
        {
          host: url.hostname,
          port: url.port,
          method: req.method,
          path: `${url.pathname}${url.search}`,
          headers: headersOf(req),
          agent: false,
        },
        (answer) => {
          const muted = () => sid !== null && silent.has(sid);
          if (muted()) {
            track(held, sid!, res, [req, res] as [IncomingMessage, ServerResponse]);
            answer.resume();
            return;
          }
          res.writeHead(answer.statusCode ?? 502, headersOf(answer));
          if (sid) track(streaming, sid, res, res);
          answer.on('data', (chunk: Buffer) => {
            if (muted()) return;
            // counted once the cut is made: what the app refuses itself before (a presence write
            // inside the rules' throttle on navigation) is not the resent write this counts
            if (write && cutDone && chunk.includes('PERMISSION_DENIED')) refusals++;
            if (write)
              log(`  answer to ${req.method} ${sid}: ${chunk.toString('utf8').slice(0, 160).replace(/\s+/g, ' ')}`);
            res.write(chunk);
          });
          answer.on('end', () => {
            if (!muted()) res.end();
          });
          answer.on('error', () => res.destroy());
        },
      );
      upstream.on('error', () => res.destroy());
      res.on('close', () => upstream.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    loseWriteAnswerAfter(marker, beforeCut) {
      return new Promise<void>((done, failed) => {
        trap = { marker, beforeCut, done, failed };
      });
    },
    writesContaining: (marker) => writeBodies.filter((b) => b.includes(marker)).length,
    refusals: () => refusals,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
