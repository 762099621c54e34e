/**
 * Which index a query needs in production and whether firestore.indexes.json provides it, by
 * Firestore's documented rules: single-field indexes exist for every field of a collection unless a
 * field override says otherwise, and serve one range or sort field, or equality filters on any
 * number of fields (merged); a collection-group query has single-field indexes only where a field
 * override declares them; everything else (equality or array-contains with a sort or range on
 * another field, two sort or range fields) needs a composite index: the equality fields in any
 * order, then the sort fields in order and direction. Inequalities without a sort on their field
 * sort by it ascending, after the explicit sorts.
 */
import type { ReadQuery } from './queries';

export interface IndexField {
  fieldPath: string;
  order?: 'ASCENDING' | 'DESCENDING';
  arrayConfig?: 'CONTAINS';
}

export interface CompositeIndex {
  collectionGroup: string;
  queryScope: 'COLLECTION' | 'COLLECTION_GROUP';
  fields: IndexField[];
}

export interface FieldOverride {
  collectionGroup: string;
  fieldPath: string;
  indexes: Array<{ queryScope: 'COLLECTION' | 'COLLECTION_GROUP'; order?: string; arrayConfig?: string }>;
}

export interface IndexSpec {
  indexes: CompositeIndex[];
  fieldOverrides?: FieldOverride[];
}

const EQUALITY = new Set(['==', 'in', 'array-contains', 'array-contains-any']);
const ARRAY = new Set(['array-contains', 'array-contains-any']);

type Need =
  | { kind: 'none' }
  | { kind: 'single'; fields: IndexField[]; anyOrder: boolean }
  | { kind: 'composite'; equality: IndexField[]; sort: IndexField[] };

export function needOf(query: ReadQuery): Need {
  const filters = query.filters.filter((f) => f.field !== '__name__');
  const equality = filters.filter((f) => EQUALITY.has(f.op));
  const sorts = query.orders
    .filter((o) => o.field !== '__name__')
    .map((o) => ({ field: o.field, direction: o.direction }));
  const ranges = [...new Set(filters.filter((f) => !EQUALITY.has(f.op)).map((f) => f.field))].sort();
  for (const field of ranges) if (!sorts.some((s) => s.field === field)) sorts.push({ field, direction: 'asc' });
  const equalFields = new Set(equality.map((f) => f.field));
  const sort: IndexField[] = sorts
    .filter((s) => !equalFields.has(s.field))
    .map((s) => ({ fieldPath: s.field, order: s.direction === 'desc' ? 'DESCENDING' : 'ASCENDING' }));
  const equal: IndexField[] = [...new Map(equality.map((f) => [f.field, f])).values()].map((f) =>
    ARRAY.has(f.op) ? { fieldPath: f.field, arrayConfig: 'CONTAINS' } : { fieldPath: f.field, order: 'ASCENDING' },
  );
  // equality filters alone merge single-field indexes, whichever their direction
  if (sort.length === 0)
    return equal.length === 0 ? { kind: 'none' } : { kind: 'single', fields: equal, anyOrder: true };
  if (equal.length === 0 && sort.length === 1) return { kind: 'single', fields: sort, anyOrder: false };
  return { kind: 'composite', equality: equal, sort };
}

const sameField = (a: IndexField, b: IndexField, anyOrder: boolean) =>
  a.fieldPath === b.fieldPath &&
  (a.arrayConfig || b.arrayConfig ? a.arrayConfig === b.arrayConfig : anyOrder || a.order === b.order);

/** Whether the spec serves the query in production; null when it does, else what is missing. */
export function missingIndex(query: ReadQuery, spec: IndexSpec): string | null {
  const need = needOf(query);
  const scope = query.group ? 'COLLECTION_GROUP' : 'COLLECTION';
  if (need.kind === 'none') return null;
  if (need.kind === 'single') {
    const lacking = need.fields.filter((field) => {
      const override = spec.fieldOverrides?.find(
        (o) => o.collectionGroup === query.collection && o.fieldPath === field.fieldPath,
      );
      if (!override) return query.group; // automatic single-field indexes are collection-scoped only
      return !override.indexes.some(
        (i) =>
          i.queryScope === scope && sameField({ fieldPath: field.fieldPath, ...i } as IndexField, field, need.anyOrder),
      );
    });
    if (lacking.length === 0) return null;
    return `${scope === 'COLLECTION_GROUP' ? 'a collection-group' : 'a'} single-field index on ${query.collection}.${lacking
      .map((f) => `${f.fieldPath} ${f.arrayConfig ?? f.order}`)
      .join(', ')} (fieldOverrides, queryScope ${scope})`;
  }
  const served = spec.indexes.some((index) => {
    if (index.collectionGroup !== query.collection || index.queryScope !== scope) return false;
    const fields = index.fields.filter((f, i) => !(f.fieldPath === '__name__' && i === index.fields.length - 1));
    if (fields.length !== need.equality.length + need.sort.length) return false;
    const head = fields.slice(0, need.equality.length);
    const tail = fields.slice(need.equality.length);
    return (
      need.equality.every((e) => head.some((h) => sameField(h, e, true))) &&
      need.sort.every((s, i) => tail[i] !== undefined && sameField(tail[i]!, s, false))
    );
  });
  if (served) return null;
  const fields = [...need.equality, ...need.sort].map((f) => `${f.fieldPath} ${f.arrayConfig ?? f.order}`).join(', ');
  return `a composite index ${query.collection} (${fields}), queryScope ${scope}`;
}

/** Index entries that firebase-tools would send twice (after its own normalization). */
export function duplicates(spec: { indexes: object[]; fieldOverrides: object[] }): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const index of spec.indexes as CompositeIndex[]) {
    const fields = index.fields.map((f) => `${f.fieldPath} ${f.arrayConfig ?? f.order ?? ''}`.trim());
    const key = `${index.collectionGroup} (${fields.join(', ')}), queryScope ${index.queryScope}`;
    if (seen.has(key)) twice.push(key);
    seen.add(key);
  }
  const overrides = new Set<string>();
  for (const override of spec.fieldOverrides as FieldOverride[]) {
    const key = `${override.collectionGroup}.${override.fieldPath}`;
    if (overrides.has(key)) twice.push(`fieldOverrides ${key}`);
    overrides.add(key);
  }
  return twice;
}
