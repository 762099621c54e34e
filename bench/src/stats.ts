import { cpus } from 'node:os';

/** Percentiles by nearest rank over a copy of the samples; NaN for no samples. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export const median = (samples: number[]): number => percentile(samples, 50);

export const round = (value: number, digits = 1): number =>
  Number.isFinite(value) ? Math.round(value * 10 ** digits) / 10 ** digits : value;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `check` is true or `timeoutMs` passes; returns whether it became true. */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 25,
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await check()) return true;
    await sleep(everyMs);
  }
  return check();
}

/** Runs `task` over `items`, `width` at a time. */
export async function inBatches<T, R>(
  items: T[],
  width: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += width) {
    results.push(...(await Promise.all(items.slice(i, i + width).map((item, j) => task(item, i + j)))));
  }
  return results;
}

/** Idle and total CPU time of all cores so far (ms); two readings give a period's idle share. */
export function cpuTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const { times } of cpus()) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  return { idle, total };
}

/** The share of CPU time all cores spent idle since `before` (a cpuTimes() reading); NaN for no time. */
export function idleShareSince(before: { idle: number; total: number }): number {
  const after = cpuTimes();
  const total = after.total - before.total;
  return total > 0 ? (after.idle - before.idle) / total : Number.NaN;
}

/**
 * Waits until the machine is quiet, so a run does not start on whatever is still at work (another
 * job on a shared machine, or work an earlier run set going, the Functions emulator runs on the
 * same CPUs as everything measured): until the CPUs were at least `minIdle` idle over a whole
 * second, or `timeoutMs` passes. Returns whether they were.
 */
export async function quiet(minIdle = 0.6, timeoutMs = 30_000): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const before = cpuTimes();
    await sleep(1000);
    if (idleShareSince(before) >= minIdle) return true;
  }
  return false;
}
