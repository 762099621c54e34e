/**
 * firestore.rules and shared/src/limits.ts state one contract: every bound the rules hold a
 * client to is a shared constant the client and the functions read, and this test reads the
 * rules file to check each one against it. A changed constant, or a changed number in the rules,
 * fails here instead of leaving a client that the server refuses. And every number in the rules
 * must be one of these bounds or a structural number listed below with its reason, so a new
 * bound cannot be written into the rules alone.
 *
 * Why checked rather than generated: the rules are a file the emulator, the coverage gate and
 * `firebase deploy` read as written, and reviewers read them as the security boundary. A test
 * keeps them hand-written and readable, and costs no build step.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as limits from '@chat/shared';
import { describe, expect, it } from 'vitest';

const RULES = readFileSync(join(import.meta.dirname, '../../firestore.rules'), 'utf8');
/** Comments blanked out (same length, so positions stay), since a comment states no bound. */
const CODE = RULES.replace(/\/\/[^\n]*/g, (c) => ' '.repeat(c.length));

type LimitName = {
  [K in keyof typeof limits]: (typeof limits)[K] extends number ? K : never;
}[keyof typeof limits];

interface Bound {
  /** the shared constant the rules must agree with */
  limit: LimitName;
  /** where the rules state it: each match's first group is the number (or a product such as 5 * 1024) */
  where: RegExp;
  /** how many places state it, at least */
  places?: number;
  /** rules units to the constant's (seconds or minutes to ms) */
  scale?: number;
  /** the constant minus this is what the rules write (the previous rate-limit slot, n + 9) */
  offset?: number;
}

const BOUNDS: Bound[] = [
  { limit: 'MAX_MESSAGE_LENGTH', where: /d\.text\.size\(\) <= (\d+)/g },
  // the profile's; a member document and a typing indicator carry that very name, not a bound of their own
  { limit: 'MAX_DISPLAY_NAME', where: /(?:str|plainText)\([\w.]*displayName, 1, (\d+)\)/g, places: 1 },
  { limit: 'MAX_ROOM_NAME', where: /plainText\((?:d|request\.resource\.data)\.name, 1, (\d+)\)/g, places: 2 },
  { limit: 'MAX_TOPIC', where: /plainText\(d\.topic, 0, (\d+)\)/g },
  { limit: 'MAX_MENTIONS', where: /uidList\(request\.resource\.data\.mentions, (\d+)\)/g },
  { limit: 'MAX_MENTIONS', where: /intIn\(d\.maxMentions, 0, (\d+)\)/g },
  { limit: 'MAX_WORDS', where: /words\.size\(\) <= (\d+)/g },
  { limit: 'MAX_WORD_LENGTH', where: /\[\^\\\\s\]\{1,(\d+)\}/g, places: 2 },
  {
    limit: 'RATE_LIMIT_COUNT',
    where:
      /validSend\(request\.resource\.data\)\s*&& ringAdvances\(resource\.data, request\.resource\.data, (\d+), \d+\)/g,
  },
  {
    limit: 'RATE_LIMIT_WINDOW_MS',
    where:
      /validSend\(request\.resource\.data\)\s*&& ringAdvances\(resource\.data, request\.resource\.data, \d+, (\d+)\)/g,
    scale: 1000,
  },
  {
    limit: 'ROOM_CREATE_COUNT',
    where:
      /validCreation\(request\.resource\.data\)\s*&& ringAdvances\(resource\.data, request\.resource\.data, (\d+), \d+\)/g,
  },
  {
    limit: 'ROOM_CREATE_WINDOW_MS',
    where:
      /validCreation\(request\.resource\.data\)\s*&& ringAdvances\(resource\.data, request\.resource\.data, \d+, (\d+)\)/g,
    scale: 1000,
  },
  {
    limit: 'RENAME_COUNT',
    where:
      /exactKeys\(request\.resource\.data, \['n', 'at'\]\)\s*&& ringAdvances\(resource\.data, request\.resource\.data, (\d+), \d+\)/g,
  },
  // the rename's rule finds the ledger's newest slot by the same ring size
  { limit: 'RENAME_COUNT', where: /ledger\.at\[string\(\(ledger\.n - 1\) % (\d+)\)\]/g },
  {
    limit: 'RENAME_WINDOW_MS',
    where:
      /exactKeys\(request\.resource\.data, \['n', 'at'\]\)\s*&& ringAdvances\(resource\.data, request\.resource\.data, \d+, (\d+)\)/g,
    scale: 1000,
  },
  {
    limit: 'ROOM_RENAME_COUNT',
    where:
      /validRoomRename\(request\.resource\.data\)\s*&& ringAdvances\(resource\.data, request\.resource\.data, (\d+), \d+\)/g,
  },
  { limit: 'ROOM_RENAME_COUNT', where: /tally\.at\[string\(\(tally\.n - 1\) % (\d+)\)\]/g },
  {
    limit: 'ROOM_RENAME_WINDOW_MS',
    where:
      /validRoomRename\(request\.resource\.data\)\s*&& ringAdvances\(resource\.data, request\.resource\.data, \d+, (\d+)\)/g,
    scale: 1000,
  },
  {
    limit: 'EDIT_RATE_COUNT',
    where:
      /validEditEntry\(request\.resource\.data\)\s*&& ringAdvances\(resource\.data, request\.resource\.data, (\d+), \d+\)/g,
  },
  { limit: 'EDIT_RATE_COUNT', where: /counted\.at\[string\(\(counted\.n - 1\) % (\d+)\)\]/g },
  {
    limit: 'EDIT_RATE_WINDOW_MS',
    where:
      /validEditEntry\(request\.resource\.data\)\s*&& ringAdvances\(resource\.data, request\.resource\.data, \d+, (\d+)\)/g,
    scale: 1000,
  },
  { limit: 'UPLOAD_BYTES', where: /next\.bytes <= (\d+)/g },
  { limit: 'UPLOAD_WINDOW_MS', where: /old\.since \+ duration\.value\((\d+), 's'\)/g, scale: 1000 },
  { limit: 'EDIT_WINDOW_MS', where: /createdAt \+ duration\.value\((\d+), 'm'\)/g, scale: 60_000 },
  { limit: 'READ_CURSOR_MIN_GAP_MS', where: /updatedAt \+ duration\.value\((\d+), 's'\)/g, scale: 1000 },
  { limit: 'TYPING_MIN_GAP_MS', where: /resource\.data\.at \+ duration\.value\((\d+), 's'\)/g, scale: 1000, places: 2 },
  {
    limit: 'PRESENCE_HEARTBEAT_MIN_GAP_MS',
    where: /state == resource\.data\.state \? (\d+) : \d+, 's'\)/g,
    scale: 1000,
  },
  { limit: 'PRESENCE_CHANGE_MIN_GAP_MS', where: /state == resource\.data\.state \? \d+ : (\d+), 's'\)/g, scale: 1000 },
  { limit: 'MAX_ATTACHMENT_BYTES', where: /function attMaxBytes\(\) \{ return ([\d *]+); \}/g },
  { limit: 'ATTACHMENT_CHUNK_BYTES', where: /function attChunkBytes\(\) \{ return ([\d *]+); \}/g },
  { limit: 'MAX_ID_LENGTH', where: /str\((?:d\.lastReadId|a\.id), 1, (\d+)\)/g, places: 2 },
  {
    limit: 'MAX_ID_LENGTH',
    where: /'\[A-Za-z0-9_-\]\{1,(\d+)\}(?:'|\( \[A-Za-z0-9_-\]\{1,\d+\}\)\*'\) && keys)/g,
    places: 2,
  },
  { limit: 'MAX_ID_LENGTH', where: /\( \[A-Za-z0-9_-\]\{1,(\d+)\}\)\*'\) && keys/g },
  { limit: 'MAX_FILE_NAME', where: /str\(a\.name, 1, (\d+)\)/g },
  { limit: 'MAX_FILE_NAME', where: /plainText\(name, 1, (\d+)\)/g },
  { limit: 'MAX_IMAGE_DIMENSION', where: /intIn\(a\.(?:width|height), 1, (\d+)\)/g, places: 2 },
  { limit: 'MAX_REASON', where: /\.reason, 0, (\d+)\)/g, places: 2 },
  { limit: 'MAX_PHOTO_URL', where: /str\(d\.photoURL, 1, (\d+)\)/g },
  { limit: 'MAX_SLOW_MODE_SEC', where: /intIn\(d\.slowModeSec, 0, (\d+)\)/g },
  { limit: 'MAX_NOTIFICATION_ROOMS', where: /\.rooms\.size\(\) <= (\d+)/g },
  { limit: 'MAX_STARRED_ROOMS', where: /\.starred\.size\(\) <= (\d+)/g },
  { limit: 'MAX_BLOCKLIST_TERMS', where: /d\.terms\.size\(\) <= (\d+)/g },
  { limit: 'MAX_BLOCKLIST_TERM', where: /\[\^\\\\n\]\{1,(\d+)\}/g, places: 2 },
  { limit: 'MAX_REPORT_THRESHOLD', where: /intIn\(d\.reportThreshold, 1, (\d+)\)/g },
  { limit: 'MAX_LINKS_LIMIT', where: /intIn\(d\.maxLinks, 0, (\d+)\)/g },
  { limit: 'MIN_INVITE_CODE', where: /code\.matches\('\[A-Za-z0-9_-\]\{(\d+),\d+\}'\)/g },
  { limit: 'MAX_INVITE_CODE', where: /code\.matches\('\[A-Za-z0-9_-\]\{\d+,(\d+)\}'\)/g },
  { limit: 'MAX_REACTION_EMOJIS', where: /emojis\.size\(\) <= (\d+)/g },
  { limit: 'MAX_REACTION_KEY', where: /key\.size\(\) <= (\d+)/g },
];

/** Numbers that are the rules' own structure, not a bound a client must know. */
const STRUCTURAL: { where: RegExp; why: string }[] = [
  { where: /\b[012]\b/g, why: 'ranks (owner 2, admin 1, member 0), empty or single lists, first and last positions' },
  { where: /\{(64)\}/g, why: 'a SHA-256 digest is 64 hex characters' },
  {
    where: /\\\\x\{([0-9A-F]+)\}/g,
    why: 'Unicode code points in a character class (invisible and direction characters, emoji ranges)',
  },
  { where: /\[#\*0-(9)\]/g, why: 'the digits of a keycap emoji' },
  { where: /\{1,(128)\}/g, why: 'a Firebase Auth uid is at most 128 characters (Firebase, not ours)' },
  {
    where: /limited\((\d+)\)/g,
    why: "list queries: MAX_QUERY_LIMIT, one person's room list, or one attachment's chunks (checked below)",
  },
];

function lineOf(at: number): string {
  const start = RULES.lastIndexOf('\n', at) + 1;
  const end = RULES.indexOf('\n', at);
  return `line ${RULES.slice(0, at).split('\n').length}: ${RULES.slice(start, end).trim()}`;
}

/** Each match of `where` in the rules' code: its first group's text and where that stands. */
function groups(where: RegExp): { text: string; at: number; line: string }[] {
  const re = new RegExp(where.source, where.flags.includes('d') ? where.flags : `${where.flags}d`);
  return [...CODE.matchAll(re)].map((m) => {
    const [start] = m.indices![1]!;
    return { text: m[1]!, at: start, line: lineOf(start) };
  });
}

const evaluate = (text: string) => text.split('*').reduce((product, n) => product * Number(n.trim()), 1);

describe('limits: firestore.rules states the bounds of shared/src/limits.ts', () => {
  it.each(BOUNDS.map((b) => [b.limit, b.where.source, b] as const))('%s (%s)', (_name, _where, bound) => {
    const found = groups(bound.where);
    expect(found.length, `where the rules state ${bound.limit}`).toBeGreaterThanOrEqual(bound.places ?? 1);
    const expected = limits[bound.limit] - (bound.offset ?? 0);
    for (const place of found) expect(evaluate(place.text) * (bound.scale ?? 1), place.line).toBe(expected);
  });

  it("the query limits are MAX_QUERY_LIMIT, but for one person's room list and the chunks of one attachment", () => {
    const values = new Set(groups(/limited\((\d+)\)/g).map((g) => Number(g.text)));
    expect(values).toEqual(
      new Set([
        limits.MAX_QUERY_LIMIT,
        limits.MY_ROOMS_LIMIT,
        limits.MAX_ATTACHMENT_BYTES / limits.ATTACHMENT_CHUNK_BYTES,
      ]),
    );
  });

  it('a reaction write checks only the one emoji it may add, never each of MAX_REACTION_EMOJIS', () => {
    // isEmoji's one use (beside its definition): on the one emoji a write may add, never per
    // position of MAX_REACTION_EMOJIS (which rules could only write out: they cannot loop)
    expect([...CODE.matchAll(/isEmoji\(([^)]*)\)/g)].map((m) => m[1]).sort()).toEqual(['added[0]', 'key']);
    expect(CODE).toMatch(/let added = emojis\.removeAll\(before\);\s*return emojis is list && emojis\.size\(\) <= \d+/);
    expect(CODE).toMatch(/&& added\.size\(\) <= 1 && \(added\.size\(\) == 0 \|\| isEmoji\(added\[0\]\)\)/);
    // a create holds at most one (it adds to nothing), an update adds at most one to what is stored
    expect(CODE).toMatch(/validEmojis\(request\.resource\.data\.emojis, \[\]\)/);
    expect(CODE).toMatch(/validEmojis\(request\.resource\.data\.emojis, resource\.data\.emojis\)/);
    // no client writes the message's reactions any more (the server counts them)
    expect(CODE).not.toMatch(/onlyChanged\(\[[^\]]*'reaction/);
  });

  it('refuses in names and titles the characters HIDDEN_CHARACTERS names', () => {
    const [, ruleClass] = /function plainText[\s\S]*?value\.matches\('\[\^([^\]]+)\]\*'\)/.exec(CODE) ?? [];
    // the rules escape for a string literal and write code points as \x{…}; JavaScript as \u…
    const asJs = ruleClass?.replaceAll('\\\\', '\\').replace(/\\x\{([0-9A-F]{4})\}/g, '\\u$1');
    expect(asJs).toBe(limits.HIDDEN_CHARACTERS.source.slice(1, -1));
  });

  it("takes as an emoji's characters exactly Unicode's Extended_Pictographic and the emoji components", () => {
    const [, ruleClass] = /function isEmoji[\s\S]*?key\.matches\('\[([^\]]+)\]\+'\)/.exec(CODE) ?? [];
    // the rules escape for a string literal and write code points as \x{…}; JavaScript as \u{…}
    const asJs = (ruleClass ?? '').replaceAll('\\\\', '\\').replace(/\\x\{([0-9A-F]+)\}/g, '\\u{$1}');
    const inRule = new RegExp(`^[${asJs}]$`, 'u');
    // components: variation selector, joiner, skin tones, regional indicators, tags, keycap parts
    // (tested one code point at a time, so the class lists characters, never sequences)
    const components = String.raw`\uFE0F\u200D\u{1F3FB}-\u{1F3FF}\u{1F1E6}-\u{1F1FF}\u{E0020}-\u{E007F}#*0-9\u20E3`;
    // eslint-disable-next-line no-misleading-character-class -- one code point at a time (above)
    const emojiCharacter = new RegExp(`^(?:\\p{Extended_Pictographic}|[${components}])$`, 'u');
    const differ: string[] = [];
    for (let c = 0; c <= 0x10ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCodePoint(c);
      if (inRule.test(ch) !== emojiCharacter.test(ch)) differ.push(c.toString(16));
    }
    expect(ruleClass).toBeDefined();
    expect(differ).toEqual([]);
  });

  it('has no other number: each is a shared bound or listed as structure', () => {
    const covered = new Set<number>();
    for (const { where } of [...BOUNDS, ...STRUCTURAL]) {
      const re = new RegExp(where.source, 'gd');
      for (const m of CODE.matchAll(re)) {
        const [start, end] = m.indices![1] ?? m.indices![0]!;
        for (let i = start; i < end; i++) covered.add(i);
      }
    }
    const loose = [...CODE.matchAll(/\b\d+\b/g)]
      .filter((m) => !covered.has(m.index))
      .map((m) => `${m[0]} at ${lineOf(m.index)}`);
    expect(
      loose,
      'a number in firestore.rules that no shared constant states: put it in shared/src/limits.ts and BOUNDS here (or, if it is structure, in STRUCTURAL with why)',
    ).toEqual([]);
  });
});
