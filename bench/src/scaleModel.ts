/**
 * The scale model's arithmetic (issue #14), apart from the run that feeds it (bench/src/scale.ts):
 * what was written and delivered, document by document, in two phases of a mixed workload, turned
 * into the app-wide message rate, the one-room rate and the room size at which each kind of
 * document meets one of Firestore's published limits.
 *
 * - A document: at most 1 write a second sustained. Its rate is projected from the phase with the
 *   faster big room: if it grew with the room's rate between the phases (by more than the square
 *   root of the rate's rise: between bounded and proportional), it is taken as proportional (the room rate at which it reaches 1 a second); if it did not (a
 *   coalesced summary, a typist's document, a message), it is bounded, and holds while its
 *   measured rate does. A document of no room and no person is the app's: its writes per message
 *   of the whole app give the app-wide rate at which it reaches 1 a second.
 *   A document whose writes are capped by construction (`writeCeilings`: a message, whose
 *   summaries the server writes at most once a second) holds at any rate if its cap is within the
 *   limit and the run stayed within the cap: its writes follow what people do with it (joining
 *   members reacting to it), which two phases cannot tell from the room's rate.
 * - A sequential index range (a timestamp field that is indexed, in one collection, or in every
 *   collection of that id when a collection-group index covers it): at most 500 writes a second.
 *   A range inside a room grows with that room's rate; a range of a top-level collection or of a
 *   collection group with the app's. An index whose fields before the timestamp include a field
 *   that names one person, thread or word (`PARTITIONING`) splits the range by that value.
 * - A document's size and index entries (1 MiB, 40,000): measured in the big room at two member
 *   counts, and projected along the growth per member; a document kept only up to a number of
 *   members (`cappedAt`) is projected at that number.
 */

export const LIMITS = {
  writesPerDocPerSec: 1,
  writesPerRangePerSec: 500,
  docBytes: 1024 * 1024,
  indexEntries: 40_000,
} as const;

/** Index fields that split a sequential range into one range per value. */
export const PARTITIONING = new Set(['authorId', 'threadId', 'uid', 'words', 'roomId']);

/**
 * Fields the rules let only a create set (a message's or a room's creation time, a member's join):
 * their index entries are written when a document is created, not when it is updated.
 */
export const WRITE_ONCE = new Set(['createdAt', 'joinedAt']);

/**
 * Fields that hold a time to the hour (a room's activeHour, the hour of its last message): a
 * write that leaves the value as it was changes no index entry, so a document's entry changes at
 * most once an hour, however often the document is written. A phase of E seconds is counted as
 * E / 3600 of such a change for each document it wrote.
 */
export const HOURLY = new Set(['activeHour']);
const HOUR_SEC = 3600;

export type Scope = 'app' | 'room' | 'person' | 'event';

export interface Phase {
  /** how long the messages were sent for (the rates of messages are over this) */
  seconds: number;
  /** from the first send to the last write the phase caused (a rate of writes is over this) */
  elapsedSec: number;
  /** messages sent in the whole app, and in the big room */
  appMessages: number;
  roomMessages: number;
  /** messages sent in the quiet rooms (all but the big one) */
  quietMessages: number;
}

/** What one phase recorded: writes and deliveries per document path. */
export interface PhaseRecord {
  phase: Phase;
  writes: Map<string, number>;
  delivered: Map<string, number>;
}

export interface SizeSample {
  path: string;
  members: number;
  bytes: number;
  indexEntries: number;
}

export interface ScaleInput {
  phases: [PhaseRecord, PhaseRecord];
  /** the big room's id, the quiet rooms' ids, and the people's uids: what a path's scope is read from */
  bigRoom: string;
  quietRooms: string[];
  uids: string[];
  /** timestamp fields seen in each kind of document (`rooms/{roomId}/messages/{id}` → ['createdAt']) */
  timestampFields: Map<string, string[]>;
  indexes: IndexDefinitions;
  sizes: SizeSample[];
  /** kinds of document kept only up to a number of members (the receipts summary) */
  cappedAt: Record<string, number>;
  /**
   * kinds of document whose writes are capped by construction at this many a second, whatever
   * the room's rate (a message, whose summaries the server coalesces): projected against the cap,
   * not against the room's rate, which their writes do not follow
   */
  writeCeilings?: Record<string, number>;
  /** documents that existed before the first phase (seeded, joined): their writes are updates */
  existing: Set<string>;
}

/** firestore.indexes.json, the parts the model reads. */
export interface IndexDefinitions {
  indexes: { collectionGroup: string; queryScope: string; fields: { fieldPath: string }[] }[];
  fieldOverrides: { collectionGroup: string; fieldPath: string; ttl?: boolean; indexes: { queryScope: string }[] }[];
}

export interface DocumentRow {
  document: string;
  scope: Scope;
  /** the busiest document of the kind, writes a second in phase 1 and phase 2 */
  hottest: [number, number];
  /** all documents of the kind, per message of the app, in phase 2 */
  writesPerMessage: number;
  deliveredPerMessage: number;
  /** proportional to the room's (or the app's) rate, or bounded whatever the rate */
  grows: boolean;
  /** the most writes a second one document of the kind can take by construction, where capped */
  ceiling: number | null;
  /** the projected maxima: app-wide messages a second, messages a second in one room (null: no limit met) */
  maxAppRate: number | null;
  maxRoomRate: number | null;
}

export interface RangeRow {
  range: string;
  scope: 'app' | 'room';
  /** writes a second into the busiest instance of the range in phase 2, and per message of its scope */
  writesPerSec: number;
  writesPerMessage: number;
  maxAppRate: number | null;
  maxRoomRate: number | null;
}

export interface SizeRow {
  document: string;
  membersMeasured: [number, number];
  bytes: [number, number];
  indexEntries: [number, number];
  cappedAt: number | null;
  maxMembers: number | null;
}

export interface Limiter {
  value: number | null;
  by: string;
}

export interface ScaleProjection {
  documents: DocumentRow[];
  ranges: RangeRow[];
  sizes: SizeRow[];
  maxAppRate: Limiter;
  maxRoomRate: Limiter;
  maxMembers: Limiter;
  /** kinds of document of the app's scope written at least once per two messages of the app */
  everyMessageDocuments: string[];
}

/** Names for the ids of a path, by the collection they are in; a short lowercase word is a fixed id (summary). */
const ID_NAMES: Record<string, string> = {
  rooms: 'roomId',
  users: 'uid',
  members: 'uid',
  presence: 'uid',
  ledgers: 'uid',
  roomLedgers: 'uid',
  nameLedgers: 'uid',
  userLimits: 'uid',
  typing: 'uid',
  slowMode: 'uid',
  reads: 'roomId',
  messages: 'messageId',
  reactions: 'uid',
  processedEvents: 'event',
  coalesce: 'key',
  pending: 'mark',
  claims: 'writtenAt',
  stats: 'day',
};

/** `rooms/abc/messages/xyz` → `rooms/{roomId}/messages/{messageId}` */
export function kindOf(path: string): string {
  return path
    .split('/')
    .map((segment, i, all) => {
      if (i % 2 === 0) return segment;
      if (/^[a-z]{1,12}$/.test(segment)) return segment;
      return `{${ID_NAMES[all[i - 1]!] ?? 'id'}}`;
    })
    .join('/');
}

/** The collection a document is in (`rooms/abc/messages`), and that collection's id (`messages`). */
const parentOf = (path: string) => path.split('/').slice(0, -1).join('/');
const collectionId = (path: string) => path.split('/').at(-2)!;

/**
 * The deletes that Firestore's TTL policies will make of what was written: one per distinct
 * document written into a collection group with a TTL policy (each is deleted once when it
 * expires, and a TTL delete is billed as a delete). A write to such a document after its creation
 * adds none.
 */
export function ttlDeletes(paths: Iterable<string>, indexes: IndexDefinitions): number {
  const groups = new Set(indexes.fieldOverrides.filter((o) => o.ttl).map((o) => o.collectionGroup));
  const expiring = new Set<string>();
  for (const path of paths) if (groups.has(collectionId(path))) expiring.add(path);
  return expiring.size;
}

/** What drives a document's writes, from its path: one of the run's rooms, one of its people, or the app. */
export function scopeOf(path: string, input: Pick<ScaleInput, 'bigRoom' | 'quietRooms' | 'uids'>): Scope {
  if ([input.bigRoom, ...input.quietRooms].some((r) => path.includes(r))) return 'room';
  if (input.uids.some((u) => path.includes(u))) return 'person';
  return 'app';
}

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;
const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

/**
 * The rate (messages a second) at which a count that was `w1` and `w2` a second at rates `r1` and
 * `r2` reaches `limit`: null when it did not grow with the rate (bounded) and stays within the limit.
 */
export function projectRate(w1: number, w2: number, r1: number, r2: number, limit: number): number | null {
  if (w2 <= 0 || (!growsWith(w1, w2, r1, r2) && w2 <= limit)) return null;
  // proportional, or bounded above the limit already: met at the measured rate's share
  return r2 * (limit / w2);
}

/**
 * Whether a count followed the rate that drives it between two phases: it rose by at least the
 * geometric mean of 1 (bounded) and the rate's own rise (proportional).
 */
function growsWith(w1: number, w2: number, r1: number, r2: number): boolean {
  return w2 > 0 && (w1 <= 0 || w2 / w1 >= Math.sqrt(r2 / r1));
}

function documentRows(input: ScaleInput): DocumentRow[] {
  const [p1, p2] = input.phases;
  const kinds = new Map<string, Set<string>>();
  for (const record of input.phases)
    for (const path of [...record.writes.keys(), ...record.delivered.keys()]) {
      const kind = kindOf(path);
      kinds.set(kind, (kinds.get(kind) ?? new Set()).add(path));
    }
  const rows: DocumentRow[] = [];
  for (const [kind, paths] of kinds) {
    const writes2 = [...paths].map((p) => p2.writes.get(p) ?? 0);
    const writes1 = [...paths].map((p) => p1.writes.get(p) ?? 0);
    const first = [...paths][0]!;
    let scope = scopeOf(first, input);
    // a kind whose every document was written once at most is per event (a message, a claim)
    if (scope !== 'room' && Math.max(...writes1, ...writes2) <= 1) scope = 'event';
    // the busiest document: for a room's, the big room's busiest (its rate is the one projected)
    const candidates = scope === 'room' ? [...paths].filter((p) => p.includes(input.bigRoom)) : [...paths];
    const busiest = (record: PhaseRecord) =>
      Math.max(0, ...candidates.map((p) => record.writes.get(p) ?? 0)) / record.phase.elapsedSec;
    const hottest: [number, number] = [round(busiest(p1)), round(busiest(p2))];
    const writesPerMessage = sum(writes2) / p2.phase.appMessages;
    const delivered = sum([...paths].map((p) => p2.delivered.get(p) ?? 0)) / p2.phase.appMessages;
    const rate = (record: PhaseRecord) =>
      (scope === 'room' ? record.phase.roomMessages : record.phase.appMessages) / record.phase.seconds;
    let maxRoomRate: number | null = null;
    let maxAppRate: number | null = null;
    // capped by construction within the limit, and measured within the cap: it holds at any rate
    // (a cap above the limit, or one the run broke, says nothing: projected as any other)
    const cap = input.writeCeilings?.[kind] ?? null;
    const ceiling = cap !== null && cap <= LIMITS.writesPerDocPerSec && hottest[1] <= cap ? cap : null;
    const projected =
      ceiling === null ? projectRate(hottest[0], hottest[1], rate(p1), rate(p2), LIMITS.writesPerDocPerSec) : null;
    if (scope === 'room') maxRoomRate = projected;
    else if (scope === 'app') maxAppRate = projected;
    const grows = ceiling === null && growsWith(hottest[0], hottest[1], rate(p1), rate(p2));
    rows.push({
      document: kind,
      scope,
      hottest,
      writesPerMessage: round(writesPerMessage, 3),
      deliveredPerMessage: round(delivered, 3),
      grows,
      ceiling,
      maxAppRate: maxAppRate === null ? null : round(maxAppRate, 1),
      maxRoomRate: maxRoomRate === null ? null : round(maxRoomRate, 1),
    });
  }
  return rows.sort((a, b) => a.document.localeCompare(b.document));
}

/** Whether `field` of the collection `group` is indexed, and in which scopes. */
function indexScopes(indexes: IndexDefinitions, group: string, field: string): { collection: boolean; group: boolean } {
  const override = indexes.fieldOverrides.find((o) => o.collectionGroup === group && o.fieldPath === field);
  // without an override every field has Firestore's automatic single-field index, collection scope
  let collection = override ? override.indexes.some((i) => i.queryScope === 'COLLECTION') : true;
  let inGroup = override ? override.indexes.some((i) => i.queryScope === 'COLLECTION_GROUP') : false;
  for (const index of indexes.indexes) {
    if (index.collectionGroup !== group) continue;
    const at = index.fields.findIndex((f) => f.fieldPath === field);
    if (at === -1) continue;
    // a field before the timestamp that names a person, a thread or a word splits the range
    if (index.fields.slice(0, at).some((f) => PARTITIONING.has(f.fieldPath))) continue;
    if (index.queryScope === 'COLLECTION_GROUP') inGroup = true;
    else collection = true;
  }
  return { collection, group: inGroup };
}

function rangeRows(input: ScaleInput): RangeRow[] {
  const [p1, p2] = input.phases;
  const rows: RangeRow[] = [];
  const allPaths = new Set(input.phases.flatMap((r) => [...r.writes.keys()]));
  for (const [kind, fields] of input.timestampFields) {
    const paths = [...allPaths].filter((p) => kindOf(p) === kind);
    if (paths.length === 0) continue;
    const group = collectionId(paths[0]!);
    const topLevel = paths[0]!.split('/').length === 2;
    for (const field of fields) {
      const scopes = indexScopes(input.indexes, group, field);
      if (!scopes.collection && !scopes.group) continue;
      const range = `${kind.split('/').slice(0, -1).join('/')}.${field}${scopes.group ? ' (collection group)' : ''}`;
      // a write-once field's entries are written by the creates alone: a document first written in that phase
      const created = (record: PhaseRecord, path: string) =>
        !input.existing.has(path) && (record === p1 || !p1.writes.has(path)) && record.writes.has(path) ? 1 : 0;
      // an hourly field's entry changes once an hour per document written
      const hourly = (record: PhaseRecord, path: string) =>
        record.writes.has(path) ? Math.min(1, record.phase.elapsedSec / HOUR_SEC) : 0;
      const writesIn = (record: PhaseRecord, filter: (p: string) => boolean) =>
        sum(
          paths
            .filter(filter)
            .map((p) =>
              WRITE_ONCE.has(field)
                ? created(record, p)
                : HOURLY.has(field)
                  ? hourly(record, p)
                  : (record.writes.get(p) ?? 0),
            ),
        );
      if (scopes.group || topLevel) {
        // one range for the whole app: its writes per message of the app, and per message of the
        // quiet rooms alone (a world of quiet rooms writes their summaries once per message)
        const perMessage = writesIn(p2, () => true) / p2.phase.appMessages;
        const quiet =
          p2.phase.quietMessages > 0
            ? writesIn(p2, (p) => input.quietRooms.some((r) => p.includes(r))) / p2.phase.quietMessages
            : 0;
        const worst = Math.max(perMessage, quiet);
        rows.push({
          range,
          scope: 'app',
          writesPerSec: round(writesIn(p2, () => true) / p2.phase.elapsedSec),
          writesPerMessage: round(worst, 3),
          maxAppRate: worst > 0 ? round(LIMITS.writesPerRangePerSec / worst, 1) : null,
          maxRoomRate: null,
        });
      } else {
        // one range per parent (a room's messages): the big room's, against its own rate
        const big = (p: string) => parentOf(p).includes(input.bigRoom);
        const w = (record: PhaseRecord) => writesIn(record, big) / record.phase.elapsedSec;
        const roomRate = (record: PhaseRecord) => record.phase.roomMessages / record.phase.seconds;
        const inRoom = paths.some(big);
        if (!inRoom) continue;
        const max = projectRate(w(p1), w(p2), roomRate(p1), roomRate(p2), LIMITS.writesPerRangePerSec);
        rows.push({
          range,
          scope: 'room',
          writesPerSec: round(w(p2)),
          writesPerMessage: round(writesIn(p2, big) / Math.max(1, p2.phase.roomMessages), 3),
          maxAppRate: null,
          maxRoomRate: max === null ? null : round(max, 1),
        });
      }
    }
  }
  return rows.sort((a, b) => a.range.localeCompare(b.range));
}

/** Members at which a size that was `s1` at `n1` members and `s2` at `n2` reaches `limit` (null: it does not grow). */
export function projectMembers(n1: number, s1: number, n2: number, s2: number, limit: number): number | null {
  if (n2 <= n1 || s2 <= s1) return s2 >= limit ? n2 : null;
  return Math.floor(n2 + (limit - s2) / ((s2 - s1) / (n2 - n1)));
}

function sizeRows(input: ScaleInput): SizeRow[] {
  const byKind = new Map<string, SizeSample[]>();
  for (const sample of input.sizes)
    byKind.set(kindOf(sample.path), [...(byKind.get(kindOf(sample.path)) ?? []), sample]);
  const rows: SizeRow[] = [];
  for (const [kind, samples] of byKind) {
    const counts = [...new Set(samples.map((s) => s.members))].sort((a, b) => a - b);
    if (counts.length < 2) continue;
    const at = (n: number) => samples.filter((s) => s.members === n);
    const [n1, n2] = [counts[0]!, counts.at(-1)!];
    const largest = (n: number, key: 'bytes' | 'indexEntries') => Math.max(0, ...at(n).map((s) => s[key]));
    const bytes: [number, number] = [largest(n1, 'bytes'), largest(n2, 'bytes')];
    const entries: [number, number] = [largest(n1, 'indexEntries'), largest(n2, 'indexEntries')];
    const cap = input.cappedAt[kind] ?? null;
    let max = minOf(
      projectMembers(n1, bytes[0], n2, bytes[1], LIMITS.docBytes),
      projectMembers(n1, entries[0], n2, entries[1], LIMITS.indexEntries),
    );
    // kept only up to `cap` members: it holds if it is within the limits there
    if (cap !== null && max !== null && max > cap) max = null;
    rows.push({
      document: kind,
      membersMeasured: [n1, n2],
      bytes,
      indexEntries: entries,
      cappedAt: cap,
      maxMembers: max,
    });
  }
  return rows.sort((a, b) => a.document.localeCompare(b.document));
}

function lowest(rows: { value: number | null; by: string }[]): Limiter {
  const limited = rows.filter((r): r is { value: number; by: string } => r.value !== null);
  if (limited.length === 0) return { value: null, by: 'no limit met' };
  return limited.reduce((a, b) => (b.value < a.value ? b : a));
}

export function projectScale(input: ScaleInput): ScaleProjection {
  const documents = documentRows(input);
  const ranges = rangeRows(input);
  const sizes = sizeRows(input);
  return {
    documents,
    ranges,
    sizes,
    maxAppRate: lowest([
      ...documents.map((d) => ({ value: d.maxAppRate, by: d.document })),
      ...ranges.map((r) => ({ value: r.maxAppRate, by: `${r.range} (index range)` })),
    ]),
    maxRoomRate: lowest([
      ...documents.map((d) => ({ value: d.maxRoomRate, by: d.document })),
      ...ranges.map((r) => ({ value: r.maxRoomRate, by: `${r.range} (index range)` })),
    ]),
    maxMembers: lowest(sizes.map((s) => ({ value: s.maxMembers, by: s.document }))),
    everyMessageDocuments: documents
      .filter((d) => d.scope === 'app' && d.writesPerMessage >= 0.5)
      .map((d) => d.document),
  };
}

/** Firestore's size of a value (its storage-size rules: strings and names + 1, numbers 8, ...). */
export function valueSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'number') return 8;
  if (typeof value === 'string') return Buffer.byteLength(value) + 1;
  if (Array.isArray(value)) return sum(value.map(valueSize));
  if (isTimestamp(value)) return 8;
  if (typeof value === 'object') return mapSize(value as Record<string, unknown>);
  return 8;
}

const isTimestamp = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && typeof (v as { toMillis?: unknown }).toMillis === 'function';

function mapSize(map: Record<string, unknown>): number {
  return sum(Object.entries(map).map(([k, v]) => Buffer.byteLength(k) + 1 + valueSize(v)));
}

/** A document's size: its name (each segment + 1, and 16) and its fields, and 32. */
export function documentSize(path: string, data: Record<string, unknown>): number {
  const name = sum(path.split('/').map((s) => Buffer.byteLength(s) + 1)) + 16;
  return name + mapSize(data) + 32;
}

/**
 * A document's single-field index entries: two per indexed value (ascending, descending), one
 * per element of an indexed array (array-contains), a map's fields each in turn; exempted fields
 * (an override with no indexes for the collection) count none.
 */
export function indexEntries(group: string, data: Record<string, unknown>, indexes: IndexDefinitions): number {
  const exempt = (field: string) =>
    indexes.fieldOverrides.some(
      (o) =>
        o.collectionGroup === group &&
        (field === o.fieldPath || field.startsWith(`${o.fieldPath}.`)) &&
        o.indexes.length === 0,
    );
  const count = (prefix: string, value: unknown): number => {
    if (exempt(prefix)) return 0;
    if (Array.isArray(value)) return value.length;
    if (typeof value === 'object' && value !== null && !isTimestamp(value))
      return sum(Object.entries(value as Record<string, unknown>).map(([k, v]) => count(`${prefix}.${k}`, v)));
    return 2;
  };
  return sum(Object.entries(data).map(([k, v]) => count(k, v)));
}

/**
 * The fields of a document that hold a timestamp, at the top or one level down in a map or an
 * array (a ledger's ring `at`): a field override covers the whole of such a field.
 */
export function timestampFieldsOf(data: Record<string, unknown>): string[] {
  return Object.entries(data)
    .filter(
      ([, v]) =>
        isTimestamp(v) ||
        (typeof v === 'object' && v !== null && Object.values(v as Record<string, unknown>).some(isTimestamp)),
    )
    .map(([k]) => k);
}
