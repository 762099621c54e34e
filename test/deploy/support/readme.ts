/** What README's Deploy section documents about the functions, read so the check and the docs cannot drift. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './tools';

export interface FunctionRow {
  function: string;
  trigger: string;
  retry: string;
  maxInstances: string;
}

function readme(): string {
  return readFileSync(join(ROOT, 'README.md'), 'utf8');
}

/** The table between <!-- deploy:functions:start --> and <!-- deploy:functions:end -->. */
export function documentedFunctions(): FunctionRow[] {
  const text = readme();
  const match = /<!-- deploy:functions:start -->\n([\s\S]*?)<!-- deploy:functions:end -->/.exec(text);
  if (!match?.[1]) throw new Error('README.md has no deploy:functions table');
  const rows = match[1]
    .trim()
    .split('\n')
    .slice(2)
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  return rows.map(([name = '', trigger = '', retry = '', maxInstances = '']) => ({
    function: name.replace(/`/g, ''),
    trigger,
    retry,
    maxInstances,
  }));
}

/** The region the README says the functions run in ("Region: `…`"). */
export function documentedRegion(): string {
  const region = /Region: `([a-z0-9-]+)`/.exec(readme())?.[1];
  if (!region) throw new Error('README.md states no "Region: `…`"');
  return region;
}
