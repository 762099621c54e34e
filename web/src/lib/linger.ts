/**
 * How long a room's listeners stay open after the room is left. The SDK serves every listener of
 * one query from one target, so coming back within this time listens again at no cost: the
 * current view at once, and no target to allocate on entering and release on leaving. With the
 * persistent cache each of those is IndexedDB work on the SDK's single queue (about 20 ms here, 6
 * listeners a room): flipping through rooms queued it behind the room on screen, whose live
 * updates came 7 s late after a hundred quick switches (npm run bench, "listens done after the
 * last switch"). Billing is by documents delivered: a lingering listener costs the room's changes
 * meanwhile, and re-listening a query within 30 minutes costs its changes too.
 */
export const LINGER_MS = 10_000;

/** A listener's callbacks stop being called at once when `open` is false. */
export interface Gate {
  open: boolean;
}

/**
 * Starts a listener that lingers: stopping it closes its gate at once (its callbacks must check
 * it) and ends the listen LINGER_MS later.
 */
export function lingering(start: (gate: Gate) => () => void, ms = LINGER_MS): () => void {
  const gate: Gate = { open: true };
  const stop = start(gate);
  return () => {
    if (!gate.open) return;
    gate.open = false;
    setTimeout(stop, ms);
  };
}
