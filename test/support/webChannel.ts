/**
 * The Firestore SDK's requests as a page sends them. Writes and listens travel as WebChannel
 * POSTs to `…/google.firestore.v1.Firestore/Write/channel` and `…/Listen/channel`, whose form
 * fields `reqN___data__` each hold one JSON request: a WriteRequest with `writes` is one commit,
 * a ListenRequest adds or removes one target. Read by the browser tests (test/e2e/support/commits.ts)
 * and the benchmark's meter (bench/src/browser.ts), so both count a request the same way.
 */

export interface ChannelRequest {
  stream: 'write' | 'listen';
  /**
   * The request's place in its stream (session and offset), or null before the stream has a
   * session: WebChannel sends a forward POST again when it is not sure it arrived, with the same
   * place, so a place seen before is a retransmission.
   */
  id: string | null;
  /** a POST without a session id opens a new stream */
  opensStream: boolean;
  payload: Record<string, unknown>;
}

/** The SDK requests one POST carries, in the order it sends them; none for anything else. */
export function channelRequests(method: string, url: string, body: string | null): ChannelRequest[] {
  if (method !== 'POST' || !body) return [];
  const stream = url.includes('/google.firestore.v1.Firestore/Write/')
    ? 'write'
    : url.includes('/google.firestore.v1.Firestore/Listen/')
      ? 'listen'
      : null;
  if (!stream) return [];
  const session = new URL(url).searchParams.get('SID');
  const form = new URLSearchParams(body);
  const ofs = form.get('ofs');
  const offset = ofs === null ? null : Number(ofs);
  const requests: ChannelRequest[] = [];
  for (const [key, value] of form) {
    const index = /^req(\d+)___data__$/.exec(key)?.[1];
    if (index === undefined) continue;
    requests.push({
      stream,
      id: session === null || offset === null ? null : `${stream} ${session} ${offset + Number(index)}`,
      opensStream: session === null,
      payload: JSON.parse(value) as Record<string, unknown>,
    });
  }
  return requests;
}

/** One document a commit writes (its path under the database, e.g. rooms/r1/typing/u1). */
export interface CommittedWrite {
  path: string;
  deleted: boolean;
}

/** The documents a write request commits, in its order; empty for a stream's handshake. */
export function committedWrites(payload: Record<string, unknown>): CommittedWrite[] {
  const writes = payload.writes as Array<Record<string, unknown>> | undefined;
  return (writes ?? []).map((w) => {
    const name =
      (w.update as { name?: string } | undefined)?.name ??
      (w.delete as string | undefined) ??
      (w.transform as { document?: string } | undefined)?.document ??
      '';
    return {
      path: name.replace(/^projects\/[^/]+\/databases\/[^/]+\/documents\//, ''),
      deleted: w.delete !== undefined,
    };
  });
}
