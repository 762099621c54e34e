// The rules coverage gate: after the rules tests, every condition in firestore.rules must have
// been evaluated both true and false, unless test/rules/coverage-exceptions.json says why not.
//
// The Firestore emulator reports, per project, each evaluated expression with its source span
// and the values it produced (GET /emulator/v1/projects/<id>:ruleCoverage). Expressions that
// never ran are absent, so the conditions are found in the rules source instead: each `allow`
// condition, each function's return expression, and every operand of &&, ||, ! and ?: inside
// them, down to the atoms. A condition is covered when the report shows it true and false.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Splits rules source into the spans that matter here, skipping comments and string contents. */
function scan(source) {
  const code = [...source];
  for (let i = 0; i < source.length; i++) {
    if (source[i] === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') code[i++] = ' ';
    } else if (source[i] === "'" || source[i] === '"') {
      const quote = source[i];
      for (i++; i < source.length && source[i] !== quote; i++) {
        if (source[i] === '\\') code[i++] = ' ';
        code[i] = ' ';
      }
    }
  }
  return code.join('');
}

/** Index just past the bracket that closes the one at `open`. */
function closing(code, open) {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if ('([{'.includes(code[i])) depth++;
    else if (')]}'.includes(code[i]) && --depth === 0) return i + 1;
  }
  throw new Error(`Unbalanced bracket at offset ${open} in the rules`);
}

/** Offsets of `token` at bracket depth 0 within [start, end). */
function topLevel(code, start, end, token) {
  const found = [];
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = code[i];
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (depth === 0 && code.startsWith(token, i)) {
      found.push(i);
      i += token.length - 1;
    }
  }
  return found;
}

function trim(code, start, end) {
  while (start < end && /\s/.test(code[start])) start++;
  while (end > start && /\s/.test(code[end - 1])) end--;
  return [start, end];
}

/** Records [start, end) and every sub-condition of it into `out`. */
function decompose(code, start, end, out) {
  [start, end] = trim(code, start, end);
  if (start >= end) return;
  if (code[start] === '(' && closing(code, start) === end) return decompose(code, start + 1, end - 1, out);
  out.push([start, end]);
  const question = topLevel(code, start, end, '?');
  if (question.length > 0) {
    const q = question[0];
    // the ':' that pairs with the first '?', skipping nested ternaries
    let pending = 0;
    let colon = -1;
    for (let i = q + 1, depth = 0; i < end && colon < 0; i++) {
      const c = code[i];
      if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c)) depth--;
      else if (depth === 0 && c === '?') pending++;
      else if (depth === 0 && c === ':') {
        if (pending === 0) colon = i;
        else pending--;
      }
    }
    decompose(code, start, q, out);
    decompose(code, q + 1, colon, out);
    decompose(code, colon + 1, end, out);
    return;
  }
  for (const op of ['||', '&&']) {
    const at = topLevel(code, start, end, op);
    if (at.length > 0) {
      let from = start;
      for (const i of at) {
        decompose(code, from, i, out);
        from = i + op.length;
      }
      decompose(code, from, end, out);
      return;
    }
  }
  if (code[start] === '!' && code[start + 1] !== '=') decompose(code, start + 1, end, out);
}

/** Every condition span in the rules, with where it sits (the rule or function it belongs to). */
export function conditionsOf(source) {
  const code = scan(source);
  const spans = [];
  const pattern = /\b(allow\s+[\w\s,]+:\s*if\b|function\s+(\w+)\s*\([^)]*\)\s*\{|return\b)/g;
  let fn = null;
  for (let m; (m = pattern.exec(code)); ) {
    if (m[2]) {
      fn = m[2];
      continue;
    }
    const start = m.index + m[0].length;
    const end = topLevel(code, start, code.length, ';')[0];
    const where = m[0].startsWith('allow') ? `${m[0].replace(/\s*:\s*if$/, '').replace(/\s+/g, ' ')} @ ${pathAt(code, m.index)}` : `function ${fn}`;
    const found = [];
    decompose(code, start, end, found);
    for (const [s, e] of found) spans.push({ start: s, end: e, where });
  }
  const unique = new Map();
  for (const span of spans) {
    const text = source.slice(span.start, span.end);
    if (/^('[^']*'|"[^"]*"|-?\d+(\.\d+)?|true|false|null)$/.test(text)) continue;
    const key = `${span.start}:${span.end}`;
    if (!unique.has(key)) unique.set(key, { ...span, text, ...lineColumn(source, span.start) });
  }
  return [...unique.values()];
}

/** The match path enclosing an offset, e.g. /rooms/{roomId}/messages/{messageId}. */
function pathAt(code, offset) {
  const stack = [];
  const pattern = /match\s+(\S+)\s*\{|[{}]/g;
  for (let m; (m = pattern.exec(code)) && m.index < offset; ) {
    if (m[1]) stack.push(m[1]);
    else if (m[0] === '{') stack.push(null);
    else stack.pop();
  }
  return stack.filter((p) => p && !p.startsWith('/databases')).join('') || '/';
}

function lineColumn(source, offset) {
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1).length + 1 };
}

/** Start offset with enclosing brackets and spaces skipped (the emulator's spans start at a '('). */
function normalizedStart(source, start) {
  while (/[\s(]/.test(source[start] ?? '')) start++;
  return start;
}

/** End offset with closing brackets and spaces dropped (the emulator's spans often stop short of them). */
function normalizedEnd(source, start, end) {
  while (end > start && /[\s)]/.test(source[end - 1])) end--;
  return end;
}

/** Every report node's values, merged over projects by span; node ends are loose by a character or two. */
function collectValues(source, nodes, into) {
  for (const node of nodes) {
    const { currentOffset, endOffset } = node.sourcePosition ?? {};
    if (currentOffset !== undefined) {
      const start = normalizedStart(source, currentOffset);
      const atStart = into.get(start) ?? [];
      const end = normalizedEnd(source, start, endOffset + 1);
      let entry = atStart.find((e) => e.end === end);
      if (!entry) atStart.push((entry = { end, true: 0, false: 0, other: 0, error: 0 }));
      for (const { value = {}, count = 0 } of node.values ?? []) {
        if ('boolValue' in value) entry[value.boolValue ? 'true' : 'false'] += count;
        else if ('undefined' in value || Object.keys(value).length === 0) entry.error += count;
        else entry.other += count;
      }
      into.set(start, atStart);
    }
    collectValues(source, node.children ?? [], into);
  }
}

const NOTHING = { true: 0, false: 0, other: 0, error: 0 };

/** The report node for a condition: same start, the nearest end within 2 characters. */
function valuesFor(source, values, condition) {
  const start = normalizedStart(source, condition.start);
  const end = normalizedEnd(source, start, condition.end);
  let best = null;
  for (const entry of values.get(start) ?? []) {
    const distance = Math.abs(entry.end - end);
    if (distance <= 2 && (!best || distance < Math.abs(best.end - end))) best = entry;
  }
  return best ?? NOTHING;
}

/**
 * Merges the reports of several projects (run on the same rules) and judges each condition.
 * Returns { conditions: [{...span, true, false, status}], covered, total }.
 */
export function judge(source, reports, exceptions = []) {
  // comments blanked, so a comment inside brackets does not shift a normalized span
  const code = scan(source);
  const values = new Map();
  for (const report of reports) collectValues(code, report.report ?? [], values);
  const squash = (text) => text.replace(/\s+/g, ' ').trim();
  const conditions = [];
  for (const condition of conditionsOf(source)) {
    const seen = valuesFor(code, values, condition);
    // evaluated, but to something other than a boolean: a value, not a condition
    if (seen.true + seen.false === 0 && seen.other > 0) continue;
    const exception = exceptions.find(
      (e) => squash(e.condition) === squash(condition.text) && (!e.where || e.where === condition.where),
    );
    const status =
      seen.true > 0 && seen.false > 0
        ? 'covered'
        : exception
          ? 'excepted'
          : seen.true + seen.false + seen.error === 0
            ? 'never evaluated'
            : seen.true === 0
              ? 'never true'
              : 'never false';
    conditions.push({ ...condition, true: seen.true, false: seen.false, errors: seen.error, status, reason: exception?.reason });
  }
  const unusedExceptions = exceptions.filter(
    (e) => !conditions.some((c) => c.status === 'excepted' && squash(e.condition) === squash(c.text)),
  );
  return {
    conditions,
    covered: conditions.filter((c) => c.status === 'covered').length,
    excepted: conditions.filter((c) => c.status === 'excepted').length,
    total: conditions.length,
    unusedExceptions,
  };
}

/** The report with each non-boolean value reduced to its type: the raw values (request maps) run to 100 MB. */
function compact(nodes) {
  return nodes.map(({ values = [], children = [], ...node }) => ({
    ...node,
    values: values.map(({ value = {}, count }) => ({
      // errors keep the emulator's own shape ({ undefined: {} }), so judging a compacted report is the same
      value: 'boolValue' in value ? value : 'undefined' in value || Object.keys(value).length === 0 ? { undefined: {} } : { type: Object.keys(value)[0] },
      count,
    })),
    children: compact(children),
  }));
}

const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function html(result, projects) {
  const rows = result.conditions
    .map(
      (c) =>
        `<tr class="${c.status.replace(/ /g, '-')}"><td>${c.line}:${c.column}</td><td>${escape(c.where)}</td>` +
        `<td><code>${escape(c.text.replace(/\s+/g, ' '))}</code></td><td>${c.true}</td><td>${c.false}</td>` +
        `<td>${escape(c.status)}${c.reason ? `: ${escape(c.reason)}` : ''}</td></tr>`,
    )
    .join('\n');
  const links = projects.map((p) => `<a href="rules-coverage/${p}.html">${p}</a>`).join(', ');
  return `<!doctype html><meta charset="utf-8"><title>Rules coverage</title>
<style>body{font:14px system-ui;margin:2em}td{padding:2px 8px;vertical-align:top}code{white-space:pre-wrap}
.covered{color:#276738}.excepted{color:#8a6d00}.never-true,.never-false,.never-evaluated{color:#b00020;font-weight:bold}</style>
<h1>firestore.rules coverage</h1>
<p>${result.covered} of ${result.total} conditions evaluated both true and false; ${result.excepted} excepted
(test/rules/coverage-exceptions.json). The emulator's own reports per project: ${links}.</p>
<table><tr><th>line:col</th><th>where</th><th>condition</th><th>true</th><th>false</th><th>status</th></tr>
${rows}</table>`;
}

/**
 * Fetches the coverage of every project the rules tests registered, writes
 * test-results/rules-coverage.{json,html}, and returns the lines to fail with (empty: pass).
 */
export async function rulesCoverageGate({ root, firestorePort }) {
  const source = readFileSync(join(root, 'firestore.rules'), 'utf8');
  const exceptions = JSON.parse(readFileSync(join(root, 'test', 'rules', 'coverage-exceptions.json'), 'utf8'));
  const projectsDir = join(root, 'test-results', 'rules-projects', String(firestorePort));
  const projects = readdirSync(projectsDir).sort();
  if (projects.length === 0) return { problems: ['no rules test registered a project (test/rules/support.ts rulesEnv)'], result: null };
  const outDir = join(root, 'test-results', 'rules-coverage');
  mkdirSync(outDir, { recursive: true });
  const reports = [];
  const problems = [];
  for (const project of projects) {
    const base = `http://127.0.0.1:${firestorePort}/emulator/v1/projects/${project}:ruleCoverage`;
    const response = await fetch(base);
    if (!response.ok) throw new Error(`${base} answered ${response.status}`);
    const report = await response.json();
    const content = report.rules?.files?.[0]?.content;
    if (content !== source) {
      problems.push(`project ${project} ran other rules than firestore.rules; its coverage is not counted`);
      continue;
    }
    reports.push({ project, report: compact(report.report ?? []) });
    writeFileSync(join(outDir, `${project}.html`), await (await fetch(`${base}.html`)).text());
  }
  const result = judge(source, reports, exceptions);
  writeFileSync(
    join(root, 'test-results', 'rules-coverage.json'),
    `${JSON.stringify({ projects, covered: result.covered, excepted: result.excepted, total: result.total, conditions: result.conditions, reports }, null, 1)}\n`,
  );
  writeFileSync(join(root, 'test-results', 'rules-coverage.html'), html(result, projects));
  for (const c of result.conditions) {
    if (c.status === 'covered' || c.status === 'excepted') continue;
    problems.push(`firestore.rules:${c.line}:${c.column} ${c.status} (true ${c.true}, false ${c.false}) in ${c.where}: ${c.text.replace(/\s+/g, ' ')}`);
  }
  for (const e of result.unusedExceptions) problems.push(`coverage exception matches no uncovered condition, remove it: ${e.condition}`);
  return { problems, result };
}
