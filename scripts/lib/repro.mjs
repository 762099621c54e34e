// The launcher the emulator reproductions share (`npm run listen-breaks`, `npm run listen-race`):
// the script runs itself again with `--child` inside `firebase emulators:exec`, the Firestore
// emulator alone, on ports from CHAT_REPRO_PORT_BASE (else `defaultBase`).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { claimSuitePorts, emulatorsExec, exitOnStartError, firebaseBin, ROOT } from './emulators.mjs';
import { numberFlags } from './flags.mjs';

/**
 * Reads the whole-number flags (`defaults` names them) and, in the child, hands them to `child`;
 * in the parent, starts the emulator around the child and exits with its status.
 */
export function runRepro(script, defaults, child, defaultBase) {
  const main = async () => {
    const flags = numberFlags(
      process.argv.slice(2).filter((a) => a !== '--child'),
      defaults,
    );
    if (process.argv.includes('--child')) return child(flags);
    const { base, ports } = await claimSuitePorts('CHAT_REPRO_PORT_BASE', defaultBase);
    const args = process.argv.slice(2).join(' ');
    const exec = emulatorsExec({
      name: `repro-${base}`,
      ports,
      projectId: 'demo-firechat-repro',
      only: 'firestore',
      command: `node ${script} --child ${args}`,
      config: { singleProjectMode: false },
    });
    const result = spawnSync(firebaseBin(), exec.args, { cwd: ROOT, stdio: 'inherit', env: exec.env });
    rmSync(exec.config, { force: true });
    process.exit(result.status ?? 1);
  };
  main().catch(exitOnStartError);
}
