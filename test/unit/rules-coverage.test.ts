import { describe, expect, it } from 'vitest';
import { conditionsOf, judge } from '../../scripts/lib/rules-coverage.mjs';

const RULES = `service cloud.firestore {
  match /databases/{database}/documents {
    function signedIn() { return request.auth != null; }
    match /notes/{id} {
      // a comment with && and || in it
      allow get: if signedIn() && (resource.data.open == true || request.auth.uid == 'x');
      allow create: if !signedIn() ? false : request.resource.data.size() < 3;
    }
  }
}`;

/** A fake emulator report: `values` maps a condition's text to how often it was true and false. */
function report(values: Record<string, [number, number]>) {
  const nodes = Object.entries(values).map(([text, [t, f]]) => {
    const start = RULES.indexOf(text);
    return {
      sourcePosition: { currentOffset: start, endOffset: start + text.length - 1 },
      values: [
        ...(t ? [{ value: { boolValue: true }, count: t }] : []),
        ...(f ? [{ value: { boolValue: false }, count: f }] : []),
      ],
    };
  });
  return { report: nodes };
}

describe('rules coverage gate', () => {
  it('finds each allow condition, function result and operand of &&, ||, ! and ?:', () => {
    const texts = conditionsOf(RULES).map((c) => c.text);
    expect(texts).toEqual([
      'request.auth != null',
      "signedIn() && (resource.data.open == true || request.auth.uid == 'x')",
      'signedIn()',
      "resource.data.open == true || request.auth.uid == 'x'",
      'resource.data.open == true',
      "request.auth.uid == 'x'",
      '!signedIn() ? false : request.resource.data.size() < 3',
      '!signedIn()',
      'signedIn()',
      'request.resource.data.size() < 3',
    ]);
    expect(conditionsOf(RULES)[2]).toMatchObject({ line: 6, where: 'allow get @ /notes/{id}' });
  });

  it('passes a condition seen both ways, and names the way one was never seen', () => {
    const result = judge(RULES, [report({ 'request.auth != null': [3, 1], 'resource.data.open == true': [2, 0] })]);
    const status = Object.fromEntries(result.conditions.map((c) => [c.text, c.status]));
    expect(status['request.auth != null']).toBe('covered');
    expect(status['resource.data.open == true']).toBe('never false');
    expect(status["request.auth.uid == 'x'"]).toBe('never evaluated');
    expect(result.covered).toBe(1);
  });

  it('merges the reports of several projects', () => {
    const result = judge(RULES, [report({ '!signedIn()': [1, 0] }), report({ '!signedIn()': [0, 4] })]);
    expect(result.conditions.find((c) => c.text === '!signedIn()')?.status).toBe('covered');
  });

  it('excepts a listed condition with its reason, and reports exceptions that match nothing', () => {
    const result = judge(
      RULES,
      [report({ '!signedIn()': [1, 1] })],
      [
        { condition: "request.auth.uid  ==  'x'", reason: 'cannot happen here' },
        { condition: '!signedIn()', reason: 'already covered' },
      ],
    );
    expect(result.conditions.find((c) => c.text === "request.auth.uid == 'x'")).toMatchObject({
      status: 'excepted',
      reason: 'cannot happen here',
    });
    expect(result.unusedExceptions.map((e) => e.condition)).toEqual(['!signedIn()']);
  });
});
