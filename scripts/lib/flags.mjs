// Whole-number flags (`--name N`) for the scripts that take sizes (soak, listen-breaks).
import { StartError } from './emulators.mjs';

/** `defaults` with each `--name N` in `args` applied; an unknown flag or a value below `min` is a StartError. */
export function numberFlags(args, defaults, { min = 0 } = {}) {
  const flags = { ...defaults };
  for (let i = 0; i < args.length; i++) {
    const name = args[i].replace(/^--/, '');
    if (!(name in defaults)) {
      const known = Object.keys(defaults).map((f) => `--${f}`);
      throw new StartError(`Unknown flag ${args[i]}; known: ${known.join(', ')}.`);
    }
    const value = Number(args[++i]);
    if (!Number.isInteger(value) || value < min) {
      throw new StartError(`--${name} needs a whole number${min > 0 ? ` of at least ${min}` : ''}.`);
    }
    flags[name] = value;
  }
  return flags;
}
