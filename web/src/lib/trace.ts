/** What starts every line the app itself logs: a test's or the bench's account tells it from the SDK's. */
export const TRACE_PREFIX = 'firechat:';

/**
 * A line in the console for what the app recovers from on its own (a listener that failed, a read
 * cursor refused): where a browser test's or the bench's account of a page shows it.
 */
export function trace(line: string): void {
  console.warn(`${TRACE_PREFIX} ${line}`);
}
