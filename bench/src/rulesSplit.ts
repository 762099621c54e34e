/**
 * Where the app's delivery time goes, rules by rules: the same app traffic (the app's data code,
 * its listeners and its send batch, no Cloud Functions) at a low rate that leaves the machine
 * idle, under four rule sets side by side, each in a project of its own on the same emulator:
 *
 * - the floor's rules (anyone signed in may read and write),
 * - the app's read rules with every write rule reduced to "signed in",
 * - the app's write rules with every read rule reduced to "signed in",
 * - the app's rules as shipped.
 *
 * On the emulator, read rules are evaluated for each listener on each update and write rules
 * (with their document lookups) for each commit, so the split tells which side costs the time.
 * Then the write side lookup by lookup: the app's rules with one kind of document lookup taken
 * out of the send's rule (the message's `allow create`) in turn, each in a project of its own
 * too: whatever a variant saves over the full rules is what that lookup costs a send.
 * The runs alternate variant by variant, so a slow moment of a shared machine falls on all four,
 * and each run reports how idle the CPUs were: a figure from a saturated machine measures the queue.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { closeAdmin, newAdmin, type Admin } from './clients';
import {
  appTransport,
  FLOOR_RULES,
  loadRules,
  measureOnce,
  openAppRoom,
  summarize,
  type DeliveryFigures,
  type AppRoom,
  type DeliveryOptions,
  type RunFigures,
  type Transport,
} from './delivery';
import type { BenchEnv } from './env';
import { sleep } from './stats';

/**
 * The document lookups of the send's rule, by what they read, and how each is taken out: the
 * condition that reads it becomes one that reads nothing (or the lookup-free part of it). Every
 * `from` must be found in the rule (rulesWithout throws otherwise), so a change to the rules that
 * moves a lookup stops the benchmark instead of measuring an unchanged rule. `plain`: whether a
 * text in a group room without mentions takes it (the blocks are read only for mentions or in a
 * direct room).
 */
export const SEND_LOOKUPS = {
  member: {
    reads: 'my member document (membership, and the room mute it mirrors)',
    plain: true,
    replace: [
      ['if isMember(roomId)', 'if signedIn()'],
      [
        'notMuted(getAfter(ledgerPath()))',
        "(getAfter(ledgerPath()).data.get('mutedUntil', null) == null || getAfter(ledgerPath()).data.mutedUntil <= request.time)",
      ],
    ],
  },
  profile: {
    // only while my member document's name is behind my profile's (a rename the server has not
    // copied onto it yet): the name is checked against the member document first
    reads: 'my profile (myName), after a rename only',
    plain: false,
    replace: [
      [
        'isMyName(request.resource.data.authorName)',
        'request.resource.data.authorName == get(memberPath(roomId, request.auth.uid)).data.displayName',
      ],
    ],
  },
  blocks: {
    reads: 'blockedBy/{me}, and in a direct room my block of the other',
    plain: false,
    replace: [
      ['!request.resource.data.mentions.hasAny(blockersOf(request.auth.uid))', 'true'],
      ['directAllowed(get(roomPath(roomId)).data)', 'true'],
    ],
  },
  room: {
    reads: 'the room (held messages, direct, slow mode)',
    plain: true,
    replace: [
      ['holdsMessages()', 'false'],
      ['directAllowed(get(roomPath(roomId)).data)', 'true'],
      ['(get(roomPath(roomId)).data.slowModeSec == 0 || getAfter(slowModePath()).data.messageId == messageId)', 'true'],
    ],
  },
  ledger: {
    reads: 'my ledger after the batch (getAfter)',
    plain: true,
    replace: [
      ['notMuted(getAfter(ledgerPath()))', 'notMutedIn(roomId)'],
      ['getAfter(ledgerPath()).data.roomId == roomId', 'true'],
      ['getAfter(ledgerPath()).data.messageId == messageId', 'true'],
    ],
  },
} satisfies Record<string, { reads: string; plain: boolean; replace: [string, string][] }>;
export type SendLookup = keyof typeof SEND_LOOKUPS;

/** Which statements of the product's rules keep their conditions. */
export type RulesVariant = 'floor' | 'app-reads' | 'app-writes' | 'app' | `app-no-${SendLookup}`;

export const RULES_VARIANTS: { variant: RulesVariant; name: string }[] = [
  { variant: 'floor', name: 'floor rules (signed in only)' },
  { variant: 'app-reads', name: "app's read rules, writes signed in only" },
  { variant: 'app-writes', name: "app's write rules, reads signed in only" },
  { variant: 'app', name: "app's rules" },
  ...(Object.keys(SEND_LOOKUPS) as SendLookup[]).map((lookup) => ({
    variant: `app-no-${lookup}` as const,
    name: `app's rules, the send without ${lookup} (${SEND_LOOKUPS[lookup].reads})`,
  })),
];

const READS = new Set(['read', 'get', 'list']);
const WRITES = new Set(['write', 'create', 'update', 'delete']);

/** The rules with every `//` comment (outside a string) blanked out, same length, so offsets still match. */
export function withoutComments(source: string): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (quote) {
      out += ch;
      if (ch === '\\') out += source[++i] ?? '';
      else if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i);
      const stop = end < 0 ? source.length : end;
      out += ' '.repeat(stop - i);
      i = stop - 1;
    } else out += ch;
  }
  return out;
}

/**
 * The product's rules with the conditions of one side's statements replaced by "signed in". Every
 * `allow` statement of firestore.rules grants reads only or writes only (checked here: a mixed one
 * throws) and ends at its first `;` outside comments (an expression never holds one; the emulator
 * refuses the result if that ever changes, so a wrong cut cannot pass unnoticed).
 */
export function rulesWith(source: string, variant: RulesVariant): string {
  if (variant === 'floor') return FLOOR_RULES;
  if (variant === 'app') return source;
  if (variant.startsWith('app-no-')) return rulesWithout(source, variant.slice('app-no-'.length) as SendLookup);
  const relaxed = variant === 'app-reads' ? WRITES : READS;
  const code = withoutComments(source);
  let out = '';
  let from = 0;
  for (const match of code.matchAll(/allow\s+([a-z,\s]+?)\s*:\s*if\b[^;]*;/g)) {
    const list = match[1]!.split(',').map((m) => m.trim());
    const inSide = list.filter((m) => relaxed.has(m)).length;
    if (inSide !== 0 && inSide !== list.length) throw new Error(`a rule grants reads and writes at once: ${match[0]}`);
    if (inSide === 0) continue;
    out += `${source.slice(from, match.index)}allow ${list.join(', ')}: if request.auth != null;`;
    from = match.index + match[0].length;
  }
  if (from === 0) throw new Error('no allow statement of that side found in the rules');
  return out + source.slice(from);
}

/** The product's rules with one kind of lookup taken out of the message's `allow create` (SEND_LOOKUPS). */
export function rulesWithout(source: string, lookup: SendLookup): string {
  const code = withoutComments(source);
  const block = code.indexOf('match /messages/{messageId}');
  const start = code.indexOf('allow create:', block);
  const end = code.indexOf(';', start);
  if (block < 0 || start < 0 || end < 0) throw new Error("the message's allow create was not found in the rules");
  let rule = source.slice(start, end);
  for (const [from, to] of SEND_LOOKUPS[lookup].replace) {
    if (!rule.includes(from)) throw new Error(`the send's rule no longer reads "${from}" (lookup ${lookup})`);
    rule = rule.replaceAll(from, to);
  }
  return source.slice(0, start) + rule + source.slice(end);
}

export interface RulesSplitFigures extends DeliveryFigures {
  variant: RulesVariant;
  name: string;
}

/** The four rule sets of the split without the lookup-by-lookup ones: which side costs the time. */
export const SIDE_VARIANTS = RULES_VARIANTS.filter((v) => !v.variant.startsWith('app-no-'));

/**
 * The split: `variants` (every rule set, or the sides alone) each in a project of its own, named
 * by `tag` (so a second split in the same run does not reuse the first's projects and rooms).
 */
export async function measureRulesSplit(
  env: BenchEnv,
  options: DeliveryOptions,
  log: (line: string) => void = () => undefined,
  variants: readonly { variant: RulesVariant; name: string }[] = RULES_VARIANTS,
  tag = 'rules',
): Promise<{ variants: RulesSplitFigures[]; errors: string[] }> {
  const source = readFileSync(resolve(process.cwd(), 'firestore.rules'), 'utf8');
  const setups: {
    variant: RulesVariant;
    name: string;
    admin: Admin;
    room: AppRoom;
    transport: Transport;
  }[] = [];
  for (const [i, { variant, name }] of variants.entries()) {
    const projectId = `${env.projectId}-${tag}${i}`;
    await loadRules(env, projectId, rulesWith(source, variant));
    const admin = newAdmin(projectId, `bench-admin-${tag}${i}-${env.runId}`);
    const room = await openAppRoom(env, admin, projectId, options.readers, options.senders, `${tag}${i}`);
    setups.push({ variant, name, admin, room, transport: appTransport(room, admin, false) });
  }
  try {
    const runs = new Map<RulesVariant, RunFigures[]>(setups.map((s) => [s.variant, []]));
    const measure = async (s: (typeof setups)[number], messages: number) => {
      const figures = await measureOnce(s.transport, messages, options.ratePerSec);
      await s.transport.drain?.();
      await sleep(300);
      return figures;
    };
    for (const s of setups) await measure(s, options.warmupMessages);
    for (let run = 0; run < options.runs; run++) {
      for (const s of setups) {
        const r = await measure(s, options.messages);
        runs.get(s.variant)!.push(r);
        log(
          `▸   run ${run + 1}/${options.runs} ${s.name}: p50 ${r.p50} ms, p99 ${r.p99} ms, lost ${r.lost}, CPU idle ${Math.round(r.cpuIdle * 100)}%`,
        );
      }
    }
    return {
      variants: setups.map((s) => ({ variant: s.variant, name: s.name, ...summarize(runs.get(s.variant)!) })),
      errors: setups.flatMap((s) => s.transport.errors.map((e) => `${s.name}: ${e}`)),
    };
  } finally {
    for (const s of setups) {
      await s.transport.close();
      await s.room.close();
      await closeAdmin(s.admin);
    }
  }
}
