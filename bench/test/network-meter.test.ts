/**
 * The browser scenarios' NetworkMeter counts a page's listeners from its Listen WebChannel
 * POSTs: targets added and not removed, on the current stream only.
 */
import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { NetworkMeter } from '../src/browser';

const CHANNEL = 'http://127.0.0.1:8080/google.firestore.v1.Firestore/Listen/channel?VER=8&database=x';

/** A page that only emits the requests given to `post`. */
function fakePage() {
  let onRequest: (request: Request) => void = () => {};
  const page = { on: (_event: string, handler: (request: Request) => void) => (onRequest = handler) };
  const post = (sid: string | null, ...payloads: object[]) => postAt(sid, null, ...payloads);
  /** `ofs`: the place of the first request in its session, as WebChannel sends it */
  const postAt = (sid: string | null, ofs: number | null, ...payloads: object[]) => {
    const body = new URLSearchParams([
      ...(ofs === null ? [] : [['ofs', String(ofs)]]),
      ...payloads.map((p, i) => [`req${i}___data__`, JSON.stringify(p)]),
    ]);
    const url = sid === null ? CHANNEL : `${CHANNEL}&SID=${sid}&RID=1`;
    onRequest({ method: () => 'POST', url: () => url, postData: () => body.toString() } as unknown as Request);
  };
  return { page: page as unknown as Page, post, postAt };
}

describe('NetworkMeter', () => {
  it('counts the targets added and not removed', () => {
    const { page, post } = fakePage();
    const meter = new NetworkMeter(page);
    post(null, { addTarget: { targetId: 2 } });
    post('s1', { addTarget: { targetId: 4 } }, { addTarget: { targetId: 6 } });
    post('s1', { removeTarget: 4 });
    expect(meter.activeTargets).toBe(2);
  });

  it('counts a request WebChannel sent again once: its place in the session is its offset', () => {
    const { page, postAt } = fakePage();
    const meter = new NetworkMeter(page);
    postAt('s1', 0, { addTarget: { targetId: 2 } });
    postAt('s1', 1, { addTarget: { targetId: 4 } }, { removeTarget: 2 });
    // the second POST retried: the same requests at the same place
    postAt('s1', 1, { addTarget: { targetId: 4 } }, { removeTarget: 2 });
    postAt('s1', 3, { addTarget: { targetId: 6 } });
    expect(meter.activeTargets).toBe(2);
    expect(meter.retransmitted).toBe(2);
  });

  it('starts again with a new stream: a target removed while the old one was down is not left over', () => {
    const { page, post } = fakePage();
    const meter = new NetworkMeter(page);
    post(null, { addTarget: { targetId: 2 } });
    post('s1', { addTarget: { targetId: 4 } });
    // the stream broke; target 4 went meanwhile; the SDK opens a new one with the listeners it has
    post(null, { addTarget: { targetId: 2 } });
    expect(meter.activeTargets).toBe(1);
  });

  it('keeps every target a new stream opens with, however many its first POST carries', () => {
    const { page, post } = fakePage();
    const meter = new NetworkMeter(page);
    post(null, { addTarget: { targetId: 2 } }, { addTarget: { targetId: 4 } }, { addTarget: { targetId: 6 } });
    expect(meter.activeTargets).toBe(3);
  });
});
