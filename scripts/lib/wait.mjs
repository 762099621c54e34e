import { StartError } from './emulators.mjs';

/** Polls the emulator hub until every named emulator is listed, for at most `timeoutMs`. */
export async function waitForEmulators(ports, names, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${ports.hub}/emulators`);
      if (response.ok) {
        const running = await response.json();
        if (names.every((name) => name in running)) return running;
      }
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new StartError(`The emulators did not come up within ${timeoutMs / 1000} s (run with CHAT_VERBOSE=1 to see their log).`);
}
