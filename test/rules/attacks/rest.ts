/**
 * The emulator's REST API, spoken the way a hostile client speaks it: raw Firestore values and
 * transforms the JS SDK never produces (a double 8.0 where the SDK sends the int 8, integers past
 * 2^53, NaN, increments of a double, array transforms on any field), under an ID token of our
 * own making. Every write goes through the same security rules as the SDK's.
 */
type Value =
  | { nullValue: null }
  | { booleanValue: boolean }
  | { integerValue: string }
  | { doubleValue: number | string }
  | { stringValue: string }
  | { timestampValue: string }
  | { bytesValue: string }
  | { referenceValue: string }
  | { geoPointValue: { latitude: number; longitude: number } }
  | { arrayValue: { values?: Value[] } }
  | { mapValue: { fields?: Record<string, Value> } };

export type { Value };

/** A server timestamp: a field path whose value the commit sets to the request time. */
export const REQUEST_TIME = Symbol('request time');

export type Plain =
  null | boolean | string | number | Date | typeof REQUEST_TIME | Value | Plain[] | { [key: string]: Plain };

/** Raw value constructors for what plain JS cannot say. */
export const v = {
  int: (n: number | bigint | string): Value => ({ integerValue: String(n) }),
  double: (n: number): Value => ({ doubleValue: Number.isFinite(n) ? n : String(n) }),
  bytes: (base64: string): Value => ({ bytesValue: base64 }),
  ref: (projectId: string, path: string): Value => ({
    referenceValue: `projects/${projectId}/databases/(default)/documents/${path}`,
  }),
  geo: (latitude: number, longitude: number): Value => ({ geoPointValue: { latitude, longitude } }),
  time: (ms: number): Value => ({ timestampValue: new Date(ms).toISOString() }),
};

const VALUE_KEYS = new Set([
  'nullValue',
  'booleanValue',
  'integerValue',
  'doubleValue',
  'stringValue',
  'timestampValue',
  'bytesValue',
  'referenceValue',
  'geoPointValue',
  'arrayValue',
  'mapValue',
]);

function isValue(x: object): x is Value {
  const keys = Object.keys(x);
  return keys.length === 1 && VALUE_KEYS.has(keys[0]!);
}

/** Plain data to Firestore values; numbers as JS would send them (ints as integerValue). */
export function encode(x: Plain, path: string[] = [], serverTimes: string[][] = []): Value | undefined {
  if (x === REQUEST_TIME) {
    serverTimes.push(path);
    return undefined;
  }
  if (x === null) return { nullValue: null };
  if (typeof x === 'boolean') return { booleanValue: x };
  if (typeof x === 'string') return { stringValue: x };
  if (typeof x === 'number') return Number.isInteger(x) ? { integerValue: String(x) } : v.double(x);
  if (x instanceof Date) return { timestampValue: x.toISOString() };
  if (Array.isArray(x)) {
    return { arrayValue: { values: x.map((e, i) => encode(e, [...path, String(i)], serverTimes)!) } };
  }
  if (isValue(x)) return x;
  const fields: Record<string, Value> = {};
  for (const [key, value] of Object.entries(x)) {
    const encoded = encode(value, [...path, key], serverTimes);
    if (encoded !== undefined) fields[key] = encoded;
  }
  return { mapValue: { fields } };
}

/** A field path in the REST syntax: every segment quoted with backticks. */
export const fieldPath = (segments: string[]) =>
  segments.map((s) => '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`').join('.');

export interface Transform {
  field: string[];
  increment?: Value;
  maximum?: Value;
  minimum?: Value;
  appendMissingElements?: Plain[];
  removeAllFromArray?: Plain[];
  requestTime?: true;
}

export interface Write {
  /** 'set' replaces the document; 'merge' writes only the given top-level fields */
  op: 'set' | 'merge' | 'delete';
  path: string;
  data?: Record<string, Plain>;
  transforms?: Transform[];
  /** for 'merge': the field paths to write (default: the data's top-level keys) */
  mask?: string[][];
}

function emulator(): string {
  const host = process.env.FIRESTORE_EMULATOR_HOST;
  if (!host) throw new Error('FIRESTORE_EMULATOR_HOST is not set: run the tests with `npm test`.');
  return `http://${host}`;
}

const b64url = (s: string) => Buffer.from(s).toString('base64url');

/**
 * An unsigned ID token the emulator accepts for `uid` (it does not check signatures), with
 * extra claims (e.g. `admin: true`) as an attacker would forge them; production rejects it.
 */
export function idToken(projectId: string, uid: string, claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'none', type: 'JWT' };
  const payload = {
    iss: `https://securetoken.google.com/${projectId}`,
    aud: projectId,
    iat: now,
    exp: now + 3600,
    auth_time: now,
    sub: uid,
    user_id: uid,
    firebase: { sign_in_provider: 'password', identities: {} },
    ...claims,
  };
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.`;
}

export interface RestResult {
  status: number;
  body: unknown;
}

function documentName(projectId: string, path: string) {
  return `projects/${projectId}/databases/(default)/documents/${path}`;
}

const arrayOf = (elements: Plain[]) => (encode(elements) as { arrayValue: { values?: Value[] } }).arrayValue;

function toRestWrite(projectId: string, w: Write): object {
  const name = documentName(projectId, w.path);
  if (w.op === 'delete') return { delete: name };
  const serverTimes: string[][] = [];
  const fields = (encode(w.data ?? {}, [], serverTimes) as { mapValue: { fields?: Record<string, Value> } }).mapValue
    .fields;
  const transforms = [
    ...serverTimes.map((field) => ({ fieldPath: fieldPath(field), setToServerValue: 'REQUEST_TIME' })),
    ...(w.transforms ?? []).map((t) => ({
      fieldPath: fieldPath(t.field),
      ...(t.requestTime ? { setToServerValue: 'REQUEST_TIME' } : {}),
      ...(t.increment ? { increment: t.increment } : {}),
      ...(t.maximum ? { maximum: t.maximum } : {}),
      ...(t.minimum ? { minimum: t.minimum } : {}),
      // an ArrayValue ({values}), not a Value
      ...(t.appendMissingElements ? { appendMissingElements: arrayOf(t.appendMissingElements) } : {}),
      ...(t.removeAllFromArray ? { removeAllFromArray: arrayOf(t.removeAllFromArray) } : {}),
    })),
  ];
  const out: Record<string, unknown> = { update: { name, fields } };
  if (w.op === 'merge') {
    const mask =
      w.mask ??
      Object.keys(w.data ?? {})
        .filter((k) => !serverTimes.some((p) => p[0] === k))
        .map((k) => [k]);
    out.updateMask = { fieldPaths: mask.map(fieldPath) };
  }
  if (transforms.length > 0) out.updateTransforms = transforms;
  return out;
}

/** Commits writes in one request (a batch) as `uid` (null: signed out; 'owner': past the rules). */
export async function commit(
  projectId: string,
  uid: string | null,
  writes: Write[],
  claims?: Record<string, unknown>,
): Promise<RestResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (uid === 'owner') headers.authorization = 'Bearer owner';
  else if (uid !== null) headers.authorization = `Bearer ${idToken(projectId, uid, claims)}`;
  const response = await fetch(`${emulator()}/v1/projects/${projectId}/databases/(default)/documents:commit`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ writes: writes.map((w) => toRestWrite(projectId, w)) }),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/** Reads one document as `uid`. */
export async function getDocument(projectId: string, uid: string | null, path: string): Promise<RestResult> {
  const headers: Record<string, string> = {};
  if (uid !== null) headers.authorization = `Bearer ${idToken(projectId, uid)}`;
  const response = await fetch(`${emulator()}/v1/${documentName(projectId, path)}`, { headers });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/**
 * A refusal by the security rules: 403 PERMISSION_DENIED. Anything else (a 400 for a malformed
 * request, a 500) would prove nothing about the rules, so it fails the assertion.
 */
export function isRefusal(result: RestResult): boolean {
  const status = (result.body as { error?: { status?: string } } | null)?.error?.status;
  return result.status === 403 && status === 'PERMISSION_DENIED';
}
