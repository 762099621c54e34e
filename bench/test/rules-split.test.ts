/**
 * The benchmark's rule sets (bench/src/rulesSplit): one side of the product's rules keeps its
 * conditions, the other is reduced to "signed in", and nothing else of the file changes; and the
 * send's rule without one kind of lookup, nothing else of the file changed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FLOOR_RULES } from '../src/delivery';
import { rulesWith, rulesWithout, SEND_LOOKUPS, withoutComments, type SendLookup } from '../src/rulesSplit';

const source = readFileSync('firestore.rules', 'utf8');
const statements = (rules: string) => [...rules.matchAll(/allow\s+([a-z,\s]+?)\s*:\s*if\b([\s\S]*?);/g)];
const isRead = (methods: string) => methods.split(',').every((m) => ['read', 'get', 'list'].includes(m.trim()));
const signedIn = (condition: string) => condition.trim() === 'request.auth != null';

describe('rules split', () => {
  it('keeps the read rules and reduces every write rule to "signed in"', () => {
    const out = statements(rulesWith(source, 'app-reads'));
    const original = statements(source);
    expect(out).toHaveLength(original.length);
    out.forEach(([, methods, condition], i) => {
      if (isRead(methods!)) expect(condition).toBe(original[i]![2]);
      else expect(signedIn(condition!)).toBe(true);
    });
    // both sides exist in the product's rules, so the split measures something
    expect(original.some(([, m]) => isRead(m!))).toBe(true);
    expect(original.some(([, m]) => !isRead(m!))).toBe(true);
  });

  it('keeps the write rules and reduces every read rule to "signed in"', () => {
    const out = statements(rulesWith(source, 'app-writes'));
    const original = statements(source);
    out.forEach(([, methods, condition], i) => {
      if (isRead(methods!)) expect(signedIn(condition!)).toBe(true);
      else expect(condition).toBe(original[i]![2]);
    });
    // functions, matches and everything between the statements are untouched
    expect(rulesWith(source, 'app-writes').replace(/allow[^;]*;/g, '')).toBe(source.replace(/allow[^;]*;/g, ''));
  });

  it('takes the floor and the product as they are, and refuses a statement that grants both sides', () => {
    expect(rulesWith(source, 'app')).toBe(source);
    expect(rulesWith(source, 'floor')).toBe(FLOOR_RULES);
    expect(() => rulesWith('match /a/{b} { allow read, write: if false; }', 'app-reads')).toThrow(
      /reads and writes at once/,
    );
  });

  it('reads a statement to its end past a comment that holds a semicolon, and past "//" in a string', () => {
    const rules = [
      'match /a/{b} {',
      '  allow create: if x // a comment; with a semicolon',
      "    && y.matches('https://[a-z]+');",
      '  allow get: if z;',
      '}',
    ].join('\n');
    expect(rulesWith(rules, 'app-reads')).toBe(
      ['match /a/{b} {', '  allow create: if request.auth != null;', '  allow get: if z;', '}'].join('\n'),
    );
  });

  it.each(Object.keys(SEND_LOOKUPS) as SendLookup[])(
    'takes the %s lookup out of the send, and only out of the send',
    (lookup) => {
      const out = rulesWith(source, `app-no-${lookup}`);
      // the rule ends at its first ';' outside comments (one of its comments holds a ';')
      const send = (rules: string) => {
        const code = withoutComments(rules);
        const start = code.indexOf('allow create:', code.indexOf('match /messages/{messageId}'));
        return { start, rule: rules.slice(start, code.indexOf(';', start)) };
      };
      const before = send(source);
      const after = send(out);
      expect(after.rule).not.toBe(before.rule);
      for (const [from, to] of SEND_LOOKUPS[lookup].replace) {
        expect(before.rule).toContain(from);
        expect(after.rule).not.toContain(from);
        expect(after.rule).toContain(to);
      }
      // the rest of the file is as it was
      expect(out.slice(0, after.start)).toBe(source.slice(0, before.start));
      expect(out.slice(after.start + after.rule.length)).toBe(source.slice(before.start + before.rule.length));
    },
  );

  it('refuses to measure a lookup the send no longer has', () => {
    const rules = 'match /messages/{messageId} {\n  allow create: if signedIn() && x;\n}';
    expect(() => rulesWithout(rules, 'profile')).toThrow(/no longer reads/);
  });
});
