/**
 * A TCP proxy between a client and the Firestore emulator that can lose an answer: the request
 * carrying a marker reaches the server, nothing the server says on that request's HTTP/2 stream
 * reaches the client (the client's other streams, its Listen stream among them, go on), and once
 * the caller has seen the write land the connection is cut. The client then meets what it meets
 * in production when a commit succeeds and its acknowledgement is lost on the way: a write left
 * waiting while the rest of the world carries on, a broken connection, a reconnect, and the SDK
 * sending the same write again. It can also break a stream as the emulator breaks a Listen
 * stream (firebase-tools#8654): one answer's gRPC length prefix made 3.4 GB.
 *
 * The Node SDK speaks gRPC over one HTTP/2 connection per Firestore instance, so the proxy reads
 * HTTP/2 frames (a 9-byte header: length, type, flags, stream) and drops only the DATA frames of
 * the marked stream, which leaves the connection's header compression in step; protobuf strings
 * (document names, field values) appear in a DATA frame as they are, since gRPC messages are not
 * compressed by default. A marker must fall within one DATA frame (a request of a few hundred bytes).
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

interface Trap {
  marker: Buffer;
  /** runs after the request went through and before the cut; the cut waits for it */
  beforeCut: () => Promise<void>;
  sprung: (connection: number) => void;
  failed: (error: unknown) => void;
}

/** the client's connection preface ("PRI * HTTP/2.0…"), sent before its first frame */
const CLIENT_PREFACE_BYTES = 24;
const FRAME_HEADER_BYTES = 9;
const DATA_FRAME = 0;

interface Frame {
  type: number;
  stream: number;
  bytes: Buffer;
}

/** Cuts one direction of an HTTP/2 connection into whole frames, as its bytes arrive. */
class FrameReader {
  private pending = Buffer.alloc(0);

  constructor(private skip: number) {}

  /** The whole frames completed by `chunk` (a skipped preface comes out as a frame of type -1). */
  push(chunk: Buffer): Frame[] {
    this.pending = Buffer.concat([this.pending, chunk]);
    const frames: Frame[] = [];
    if (this.skip > 0) {
      const bytes = this.pending.subarray(0, Math.min(this.skip, this.pending.length));
      frames.push({ type: -1, stream: 0, bytes });
      this.skip -= bytes.length;
      this.pending = this.pending.subarray(bytes.length);
    }
    while (this.pending.length >= FRAME_HEADER_BYTES) {
      const length = FRAME_HEADER_BYTES + this.pending.readUIntBE(0, 3);
      if (this.pending.length < length) break;
      const bytes = this.pending.subarray(0, length);
      frames.push({ type: bytes[3] ?? -1, stream: bytes.readUInt32BE(5) & 0x7fffffff, bytes });
      this.pending = this.pending.subarray(length);
    }
    return frames;
  }
}

export interface LossyProxy {
  /** the port clients connect to */
  port: number;
  /** connections opened so far (a reconnect after the cut is one more) */
  connections(): number;
  /**
   * Arms the trap for the next DATA frame from a client containing `marker`: it is forwarded,
   * the server's answers on its stream are swallowed, `beforeCut` runs, then both sides of that
   * connection are destroyed. Resolves with the connection's number once it was cut.
   */
  loseAnswerAfter(marker: string, beforeCut: () => Promise<void>): Promise<number>;
  /**
   * Breaks the stream of the next DATA frame from a client containing `marker` as the emulator
   * breaks a Listen stream (firebase-tools#8654): the server's next gRPC message on it reaches the
   * client with a length prefix of 3.4 GB, which the client refuses with RESOURCE_EXHAUSTED
   * "Received message larger than max". Resolves once that message was sent.
   */
  breakStreamAfter(marker: string): Promise<void>;
  close(): Promise<void>;
}

/** a gRPC message's prefix: a compression flag, then its length (4 bytes) */
const BOGUS_LENGTH = 0xcccccccc;

export async function startLossyProxy(target: { host: string; port: number }): Promise<LossyProxy> {
  let trap: Trap | null = null;
  let breaker: { marker: Buffer; broken: () => void } | null = null;
  let count = 0;
  const sockets = new Set<Socket>();

  const server: Server = createServer((client) => {
    const number = ++count;
    const upstream = connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    /** the stream whose answers are lost, once the trap has sprung on this connection */
    let swallowing: number | null = null;
    /** the stream whose next answer is corrupted, and who to tell */
    let breaking: { stream: number; broken: () => void } | null = null;
    const fromClient = new FrameReader(CLIENT_PREFACE_BYTES);
    const fromServer = new FrameReader(0);

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
      const kept = fromServer
        .push(chunk)
        .filter((frame) => frame.type !== DATA_FRAME || frame.stream !== swallowing)
        .map((frame) => {
          const target = breaking;
          // a DATA frame's payload opens with the gRPC prefix when it starts a message (a Listen
          // answer is a message of its own, a few hundred bytes)
          if (!target || frame.type !== DATA_FRAME || frame.stream !== target.stream) return frame.bytes;
          if (frame.bytes.length < FRAME_HEADER_BYTES + 5) return frame.bytes;
          breaking = null;
          const bytes = Buffer.from(frame.bytes);
          bytes.writeUInt32BE(BOGUS_LENGTH, FRAME_HEADER_BYTES + 1);
          setImmediate(target.broken);
          return bytes;
        });
      if (kept.length > 0) client.write(Buffer.concat(kept));
    });
    client.on('data', (chunk: Buffer) => {
      // what the client sends always goes through, also on the stream whose answers are lost
      upstream.write(chunk);
      // read on every chunk, armed or not, so frames stay aligned
      const frames = fromClient.push(chunk);
      const breakOn = breaker;
      if (breakOn && !breaking) {
        const carrier = frames.find((f) => f.type === DATA_FRAME && f.bytes.includes(breakOn.marker));
        if (carrier) {
          breaker = null;
          breaking = { stream: carrier.stream, broken: breakOn.broken };
        }
      }
      const armed = trap;
      if (!armed || swallowing !== null) return;
      const carrier = frames.find((f) => f.type === DATA_FRAME && f.bytes.includes(armed.marker));
      if (!carrier) return;
      trap = null;
      swallowing = carrier.stream;
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
    breakStreamAfter(marker) {
      return new Promise<void>((broken) => {
        breaker = { marker: Buffer.from(marker, 'utf8'), broken };
      });
    },
    async close() {
      trap = null;
      breaker = null;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A proxy in front of the Firestore emulator the suite runs against (FIRESTORE_EMULATOR_HOST). */
export function startEmulatorProxy(): Promise<LossyProxy> {
  const [host = '127.0.0.1', port = ''] = (process.env.FIRESTORE_EMULATOR_HOST ?? '').split(':');
  return startLossyProxy({ host, port: Number(port) });
}
