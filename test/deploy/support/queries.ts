/**
 * Reads the Firestore queries in the code with the TypeScript compiler, so the deploy check can
 * hold them against firestore.indexes.json (the emulator never asks for an index). It follows the
 * two ways the code writes queries:
 * - the web SDK's `query(base, where(…), orderBy(…), …)`, where `base` is `collection(…)`,
 *   `collectionGroup(…)`, a function returning one (`refs.messages(db, id)`), an earlier `query(…)`
 *   held in a variable, or either branch of `?:`;
 * - the Admin SDK's chains, `store.collection(path).where(…).orderBy(…)`, also through variables.
 * Every `where` and `orderBy` it meets must end up in a query it could read; the ones that do not
 * are returned as `unplaced`, so a new way of writing a query fails the check instead of escaping it.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export type Direction = 'asc' | 'desc';

export interface ReadQuery {
  /** file:line of the query */
  at: string;
  collection: string;
  group: boolean;
  filters: Array<{ field: string; op: string }>;
  orders: Array<{ field: string; direction: Direction }>;
}

export interface Reading {
  queries: ReadQuery[];
  unplaced: string[];
}

interface Partial {
  collection: string;
  group: boolean;
  filters: ReadQuery['filters'];
  orders: ReadQuery['orders'];
}

const IGNORED_WEB = new Set(['limit', 'limitToLast', 'startAt', 'startAfter', 'endAt', 'endBefore']);
const IGNORED_ADMIN = new Set([
  'limit',
  'limitToLast',
  'offset',
  'startAt',
  'startAfter',
  'endAt',
  'endBefore',
  'select',
  'withConverter',
  'count',
  'aggregate',
  'get',
  'stream',
  'onSnapshot',
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.d\.ts$/.test(entry.name) ? [path] : [];
  });
}

function unwrap(node: ts.Expression): ts.Expression {
  let at = node;
  while (
    ts.isParenthesizedExpression(at) ||
    ts.isAsExpression(at) ||
    ts.isNonNullExpression(at) ||
    ts.isSatisfiesExpression(at)
  ) {
    at = at.expression;
  }
  return at;
}

function literal(node: ts.Expression | undefined): string | null {
  if (!node) return null;
  const n = unwrap(node);
  return ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) ? n.text : null;
}

/** The last segment of a collection path: 'rooms', `rooms/${id}/messages` → 'messages'. */
function lastSegment(node: ts.Expression | undefined): string | null {
  if (!node) return null;
  const n = unwrap(node);
  const text = literal(n) ?? (ts.isTemplateExpression(n) ? (n.templateSpans.at(-1)?.literal.text ?? null) : null);
  if (text === null || (!text.includes('/') && !literal(n))) return null;
  const segment = text.split('/').at(-1);
  return segment ? segment : null;
}

export function readQueries(root: string, dirs: string[]): Reading {
  const files = dirs.flatMap((dir) => sourceFiles(join(root, dir)));
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const queries: ReadQuery[] = [];
  const placed = new Set<ts.Node>();
  const unreadable: string[] = [];
  const sites: ts.CallExpression[] = [];
  const chains = new Set<ts.Expression>();

  const where = (node: ts.Node) => {
    const file = node.getSourceFile();
    return `${relative(root, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  };

  const symbolOf = (node: ts.Node): ts.Symbol | undefined => {
    const symbol = checker.getSymbolAtLocation(node);
    return symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  };

  /** The name a web SDK function was imported under from firebase/firestore, or null. */
  const webImport = (callee: ts.Expression): string | null => {
    if (!ts.isIdentifier(callee)) return null;
    const local = checker.getSymbolAtLocation(callee);
    const declaration = local?.declarations?.[0];
    if (!declaration || !ts.isImportSpecifier(declaration)) return null;
    const from = declaration.parent.parent.parent.moduleSpecifier;
    if (!ts.isStringLiteral(from) || !/^firebase\/firestore(\/lite)?$/.test(from.text)) return null;
    return (declaration.propertyName ?? declaration.name).text;
  };

  /** Expressions a function-like declaration returns (an arrow's body, or its return statements). */
  const returned = (declaration: ts.Declaration): ts.Expression[] => {
    let fn: ts.Node | undefined = declaration;
    if (ts.isPropertyAssignment(declaration) || ts.isVariableDeclaration(declaration)) fn = declaration.initializer;
    if (
      !fn ||
      !(
        ts.isArrowFunction(fn) ||
        ts.isFunctionExpression(fn) ||
        ts.isFunctionDeclaration(fn) ||
        ts.isMethodDeclaration(fn)
      )
    ) {
      return [];
    }
    if (fn.body && !ts.isBlock(fn.body)) return [fn.body];
    const out: ts.Expression[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isReturnStatement(node) && node.expression) out.push(node.expression);
      else if (!ts.isFunctionLike(node)) ts.forEachChild(node, visit);
    };
    if (fn.body) ts.forEachChild(fn.body, visit);
    return out;
  };

  const field = (node: ts.Expression | undefined): string | null => {
    if (!node) return null;
    const n = unwrap(node);
    if (
      ts.isCallExpression(n) &&
      (webImport(n.expression) === 'documentId' || n.getText().endsWith('FieldPath.documentId()'))
    ) {
      return '__name__';
    }
    return literal(n);
  };

  /** Web SDK: the queries an expression may stand for, or null when it is none the reader can follow. */
  const web = (node: ts.Expression, depth = 0): Partial[] | null => {
    if (depth > 20) return null;
    const n = unwrap(node);
    if (ts.isConditionalExpression(n)) {
      const both = [web(n.whenTrue, depth + 1), web(n.whenFalse, depth + 1)].filter((x): x is Partial[] => x !== null);
      return both.length ? both.flat() : null;
    }
    if (ts.isIdentifier(n)) {
      const declaration = symbolOf(n)?.declarations?.[0];
      return declaration && ts.isVariableDeclaration(declaration) && declaration.initializer
        ? web(declaration.initializer, depth + 1)
        : null;
    }
    if (!ts.isCallExpression(n)) return null;
    const imported = webImport(n.expression);
    if (imported === 'collection' || imported === 'collectionGroup') {
      const collection = literal(n.arguments.at(-1));
      return collection ? [{ collection, group: imported === 'collectionGroup', filters: [], orders: [] }] : null;
    }
    if (imported === 'query') {
      const [base, ...constraints] = n.arguments;
      const bases = base ? web(base, depth + 1) : null;
      if (!bases) return null;
      const filters: Partial['filters'] = [];
      const orders: Partial['orders'] = [];
      for (const constraint of constraints) {
        const c = unwrap(constraint);
        const name = ts.isCallExpression(c) ? webImport(c.expression) : null;
        if (ts.isCallExpression(c) && name === 'where') {
          const [f, op] = [field(c.arguments[0]), literal(c.arguments[1])];
          if (f && op) {
            filters.push({ field: f, op });
            placed.add(c);
          }
        } else if (ts.isCallExpression(c) && name === 'orderBy') {
          const f = field(c.arguments[0]);
          if (f) {
            orders.push({ field: f, direction: literal(c.arguments[1]) === 'desc' ? 'desc' : 'asc' });
            placed.add(c);
          }
        } else if (!name || !IGNORED_WEB.has(name)) {
          unreadable.push(`${where(c)}: a query constraint the check cannot read (${c.getText().slice(0, 60)})`);
        }
      }
      return bases.map((b) => ({ ...b, filters: [...b.filters, ...filters], orders: [...b.orders, ...orders] }));
    }
    const callee = ts.isPropertyAccessExpression(n.expression) ? n.expression : null;
    if (callee?.name.text === 'withConverter') return web(callee.expression, depth + 1);
    const declaration = symbolOf(callee ? callee.name : n.expression)?.declarations?.[0];
    if (!declaration) return null;
    const results = returned(declaration)
      .map((expression) => web(expression, depth + 1))
      .filter((x): x is Partial[] => x !== null);
    return results.length ? results.flat() : null;
  };

  /** Whether a query() call only serves as the base of other query() calls (not run as itself). */
  const onlyABase = (call: ts.CallExpression): boolean => {
    let parent = call.parent;
    while (ts.isParenthesizedExpression(parent)) parent = parent.parent;
    if (
      ts.isCallExpression(parent) &&
      webImport(parent.expression) === 'query' &&
      unwrap(parent.arguments[0]!) === call
    )
      return true;
    if (!ts.isVariableDeclaration(parent) || !ts.isIdentifier(parent.name)) return false;
    const symbol = checker.getSymbolAtLocation(parent.name);
    const uses: ts.Identifier[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isIdentifier(node) && node !== parent.name && checker.getSymbolAtLocation(node) === symbol)
        uses.push(node);
      ts.forEachChild(node, visit);
    };
    visit(call.getSourceFile());
    return (
      uses.length > 0 &&
      uses.every((use) => {
        let at: ts.Node = use;
        while (ts.isParenthesizedExpression(at.parent)) at = at.parent;
        return (
          ts.isCallExpression(at.parent) && webImport(at.parent.expression) === 'query' && at.parent.arguments[0] === at
        );
      })
    );
  };

  /**
   * `refs.name(...)`: the chain the arrow function in an object literal's property returns (the
   * Functions' typed references, functions/src/lib/typed.ts), or null.
   */
  const helperChain = (call: ts.CallExpression): ts.Expression | null => {
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression)) return null;
    const declaration = symbolOf(callee.expression)?.declarations?.[0];
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return null;
    const object = unwrap(declaration.initializer);
    if (!ts.isObjectLiteralExpression(object)) return null;
    const property = object.properties.find(
      (p): p is ts.PropertyAssignment =>
        ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === callee.name.text,
    );
    const fn = property && unwrap(property.initializer);
    return fn && ts.isArrowFunction(fn) && !ts.isBlock(fn.body) ? fn.body : null;
  };

  /**
   * Admin SDK: the query a method chain ending at `top` builds, or null. Its where/orderBy calls
   * count as placed only when the chain reaches a collection the check can read: a chain on a
   * root it cannot follow (a helper returning a reference) leaves them unplaced, and the check
   * says so, rather than dropping the query unseen.
   */
  const admin = (top: ts.Expression, depth = 0): Partial | null => {
    if (depth > 20) return null;
    const filters: Partial['filters'] = [];
    const orders: Partial['orders'] = [];
    const sitesHere: ts.Node[] = [];
    const resolved = (query: Partial): Partial => {
      for (const site of sitesHere) placed.add(site);
      return query;
    };
    /** this chain's filters and orders on top of the query its root builds */
    const under = (inner: Partial): Partial =>
      resolved({
        ...inner,
        filters: [...inner.filters, ...filters.reverse()],
        orders: [...inner.orders, ...orders.reverse()],
      });
    let at = unwrap(top);
    for (;;) {
      if (ts.isIdentifier(at)) {
        const declaration = symbolOf(at)?.declarations?.[0];
        if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return null;
        const inner = admin(declaration.initializer, depth + 1);
        return inner && under(inner);
      }
      if (!ts.isCallExpression(at) || !ts.isPropertyAccessExpression(at.expression)) return null;
      const method = at.expression.name.text;
      const chain = helperChain(at);
      if (chain) {
        const inner = admin(chain, depth + 1);
        return inner && under(inner);
      }
      if (method === 'collection' || method === 'collectionGroup') {
        const collection = method === 'collection' ? lastSegment(at.arguments[0]) : literal(at.arguments[0]);
        if (!collection) return null;
        return resolved({
          collection,
          group: method === 'collectionGroup',
          filters: filters.reverse(),
          orders: orders.reverse(),
        });
      }
      if (method === 'where') {
        const [f, op] = [field(at.arguments[0]), literal(at.arguments[1])];
        if (!f || !op) return null;
        filters.push({ field: f, op });
        sitesHere.push(at);
      } else if (method === 'orderBy') {
        const f = field(at.arguments[0]);
        if (!f) return null;
        orders.push({ field: f, direction: literal(at.arguments[1]) === 'desc' ? 'desc' : 'asc' });
        sitesHere.push(at);
      } else if (!IGNORED_ADMIN.has(method)) return null;
      at = unwrap(at.expression.expression);
    }
  };

  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || !files.includes(file.fileName)) continue;
    const isWeb = relative(root, file.fileName).startsWith('web/');
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node)) {
        const imported = webImport(node.expression);
        if (imported === 'where' || imported === 'orderBy') sites.push(node);
        if (imported === 'query' && !onlyABase(node)) {
          for (const q of web(node) ?? []) queries.push({ at: where(node), ...q });
        }
        if (
          !isWeb &&
          ts.isPropertyAccessExpression(node.expression) &&
          ['where', 'orderBy'].includes(node.expression.name.text)
        ) {
          sites.push(node);
          // the outermost call of this chain is the query as it is run
          let top: ts.Expression = node;
          while (
            ts.isPropertyAccessExpression(top.parent) &&
            top.parent.expression === top &&
            ts.isCallExpression(top.parent.parent) &&
            top.parent.parent.expression === top.parent
          ) {
            top = top.parent.parent;
          }
          chains.add(top);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }

  for (const top of chains) {
    const q = admin(top);
    if (q) queries.push({ at: where(top), ...q });
  }

  const unplaced = [
    ...unreadable,
    ...sites
      .filter((site) => !placed.has(site))
      .map((site) => `${where(site)}: ${site.getText().slice(0, 60)} is in no query the check can read`),
  ];
  return { queries, unplaced: [...new Set(unplaced)] };
}
