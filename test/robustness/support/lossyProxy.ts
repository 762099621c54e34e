/**
 * A TCP proxy between a client and the Firestore emulator that can lose an answer: the request
 * carrying a marker reaches the server, nothing the server says after it reaches the client, and
 * once the caller has seen the write land the connection is cut. The client then meets what it
 * meets in production when a commit succeeds and its acknowledgement is lost on the way: a
 * broken stream, a reconnect, and the SDK sending the same write again.
 *
 * The Node SDK speaks gRPC over one HTTP/2 connection per Firestore instance, so a byte-level
 * proxy suffices; protobuf strings (document names, field values) appear in the bytes as they
 * are, since gRPC messages are not compressed by default.
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

interface Trap {
  marker: Buffer;
  /** runs after the request went through and before the cut; the cut waits for it */
  beforeCut: () => Promise<void>;
  sprung: (connection: number) => void;
  failed: (error: unknown) => void;
}

export interface LossyProxy {
  /** the port clients connect to */
  port: number;
  /** connections opened so far (a reconnect after the cut is one more) */
  connections(): number;
  /**
   * Arms the trap for the next client bytes containing `marker` (checked across chunk
   * boundaries): those bytes are forwarded, the server's answers on that connection are
   * swallowed, `beforeCut` runs, then both sides of that connection are destroyed. Resolves with
   * the connection's number once it was cut.
   */
  loseAnswerAfter(marker: string, beforeCut: () => Promise<void>): Promise<number>;
  close(): Promise<void>;
}

export async function startLossyProxy(target: { host: string; port: number }): Promise<LossyProxy> {
  let trap: Trap | null = null;
  let count = 0;
  const sockets = new Set<Socket>();

  const server: Server = createServer((client) => {
    const number = ++count;
    const upstream = connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    let swallowing = false;
    // the tail of what the client sent, so a marker split across two chunks is still found
    let tail = Buffer.alloc(0);

    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', cut);
    upstream.on('error', cut);
    client.on('close', () => {
      sockets.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });

    upstream.on('data', (chunk: Buffer) => {
      if (!swallowing) client.write(chunk);
    });
    client.on('data', (chunk: Buffer) => {
      const armed = trap;
      if (armed && !swallowing) {
        const seen = Buffer.concat([tail, chunk]);
        if (seen.includes(armed.marker)) {
          trap = null;
          // from here on the server's answers are lost; what the client sends still goes through
          swallowing = true;
          upstream.write(chunk);
          armed
            .beforeCut()
            .then(() => {
              cut();
              armed.sprung(number);
            })
            .catch((error: unknown) => {
              cut();
              armed.failed(error);
            });
          return;
        }
        tail = seen.subarray(Math.max(0, seen.length - armed.marker.length));
      }
      upstream.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.address() as AddressInfo).port,
    connections: () => count,
    loseAnswerAfter(marker, beforeCut) {
      return new Promise<number>((sprung, failed) => {
        trap = { marker: Buffer.from(marker, 'utf8'), beforeCut, sprung, failed };
      });
    },
    async close() {
      trap = null;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
