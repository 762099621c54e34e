/**
 * The benchmark's rule sets (bench/src/rulesSplit): one side of the product's rules keeps its
 * conditions, the other is reduced to "signed in", and nothing else of the file changes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FLOOR_RULES } from '../src/delivery';
import { rulesWith } from '../src/rulesSplit';

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
});
