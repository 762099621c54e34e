/**
 * Number types, spoken over REST because the JS SDK cannot say them: a double that equals an int
 * (8.0 == 8 in the rules, but string(8.0) is '8.0', a slot that does not exist), integers past
 * what a double holds, NaN and infinities, other types where a number belongs. Every field the
 * data model calls an int must be refused in any other form.
 */
import { describe, expect, it } from 'vitest';
import { rulesSuite } from '../support';
import { REQUEST_TIME, commit, v, type Plain, type Transform, type Write } from './rest';
import { nextSend, restMessage, restRefused, seedWorld } from './world';

const env = await rulesSuite('attacks-numbers', seedWorld);

/** The attacker's send number 8 (n 7 -> 8, slot '7'), with the ledger fields replaced. */
const send = (
  ledger: Record<string, Plain>,
  transforms: Write['transforms'] = [{ field: ['at', '7'], requestTime: true }],
): Write[] => [
  { op: 'set', path: 'rooms/pub/messages/n1', data: restMessage() },
  {
    op: 'merge',
    path: 'ledgers/mal',
    data: { n: 8, roomId: 'pub', messageId: 'n1', ...ledger },
    transforms,
    mask: [
      ['n'],
      ['roomId'],
      ['messageId'],
      ...Object.keys(ledger)
        .filter((k) => !['n', 'roomId', 'messageId'].includes(k))
        .map((k) => [k]),
    ],
  },
];

/** The same send with the ledger counter left out of the data and moved by `transform` instead. */
const counterBy = (transform: Omit<Transform, 'field'>): Write[] =>
  send({}, [
    { field: ['at', '7'], requestTime: true },
    { field: ['n'], ...transform },
  ]).map((w) =>
    w.path === 'ledgers/mal'
      ? { ...w, data: { roomId: 'pub', messageId: 'n1' }, mask: [['roomId'], ['messageId']] }
      : w,
  );

describe('attack: numbers the SDK never sends', () => {
  it('control: the same REST send with an int n is accepted', async () => {
    const result = await commit(env.projectId, 'mal', nextSend('pub', 'n1', restMessage()));
    expect(result.status, JSON.stringify(result.body)).toBe(200);
  });

  it.each<[string, Write[]]>([
    ['the ledger counter as the double 8.0 (slot "7.0" then "8.0")', send({ n: v.double(8) })],
    ['the ledger counter as 8.5', send({ n: 8.5 })],
    ['the ledger counter as the string "8"', send({ n: '8' })],
    ['the ledger counter as 2^63 - 1', send({ n: v.int('9223372036854775807') })],
    ['the ledger counter as NaN', send({ n: v.double(Number.NaN) })],
    ['the ledger counter as +Infinity', send({ n: v.double(Number.POSITIVE_INFINITY) })],
    ['the ledger counter as a timestamp', send({ n: new Date() })],
    ['the ledger counter moved by an increment of the double 1.0', counterBy({ increment: v.double(1) })],
    ['the ledger counter raised by a maximum transform', counterBy({ maximum: v.int(1000) })],
    [
      'a slot time written as an integer',
      send({}, []).map((w) =>
        w.path === 'ledgers/mal'
          ? { ...w, data: { ...w.data, at: { '7': 1 } }, mask: [['n'], ['roomId'], ['messageId'], ['at', '7']] }
          : w,
      ),
    ],
    ['a slot named "8.0"', send({}, [{ field: ['at', '8.0'], requestTime: true }])],
  ])('refused: a send with %s', async (_case, writes) => {
    await restRefused(env, 'mal', writes);
  });

  it('refused: advancing a ledger stored with a double counter (it names slots like "7.0")', async () => {
    await commit(env.projectId, 'owner', [
      { op: 'set', path: 'ledgers/mal', data: { n: v.double(7), at: {}, roomId: 'pub', messageId: 'byMal' } },
    ]);
    await restRefused(env, 'mal', nextSend('pub', 'n1', restMessage()));
  });

  it('refused: a first ledger whose n is the double 1.0', async () => {
    await restRefused(env, 'vic', [
      { op: 'set', path: 'rooms/pub/messages/v1', data: { ...restMessage(), authorId: 'vic', authorName: 'Name vic' } },
      {
        op: 'set',
        path: 'ledgers/vic',
        data: { n: v.double(1), at: { '0': REQUEST_TIME }, roomId: 'pub', messageId: 'v1' },
      },
    ]);
  });

  const room = (extra: Record<string, Plain>): Write[] => [
    {
      op: 'set',
      path: 'rooms/newroom',
      data: {
        kind: 'public',
        name: 'new',
        topic: '',
        createdBy: 'mal',
        createdAt: REQUEST_TIME,
        memberCount: 1,
        slowModeSec: 0,
        lastMessage: null,
        lastMessageAt: null,
        activeHour: null,
        messageCount: 0,
        ...extra,
      },
    },
    {
      op: 'set',
      path: 'rooms/newroom/members/mal',
      data: {
        uid: 'mal',
        role: 'owner',
        displayName: 'Name mal',
        nameLower: 'name mal',
        joinedAt: REQUEST_TIME,
        mutedUntil: null,
      },
    },
    { op: 'set', path: 'users/mal/rooms/newroom', data: { joinedAt: REQUEST_TIME } },
    { op: 'set', path: 'roomLedgers/mal', data: { n: 1, at: { '0': REQUEST_TIME }, roomId: 'newroom' } },
  ];

  it('control: the same REST room creation with ints is accepted', async () => {
    const result = await commit(env.projectId, 'mal', room({}));
    expect(result.status, JSON.stringify(result.body)).toBe(200);
  });

  it.each<[string, Write[]]>([
    ['a messageCount of 0.0', room({ messageCount: v.double(0) })],
    ['a messageCount of -0.0', room({ messageCount: v.double(-0) })],
    ['a slow mode of 0.0 seconds', room({ slowModeSec: v.double(0) })],
    ['a slow mode of NaN', room({ slowModeSec: v.double(Number.NaN) })],
    [
      'a room-creation count of 1.0',
      room({}).map((w) => (w.path === 'roomLedgers/mal' ? { ...w, data: { ...w.data, n: v.double(1) } } : w)),
    ],
    ['a memberCount of 1.0', room({ memberCount: v.double(1) })],
    ['memberIds (only a direct room holds them), with an entry that is a number', room({ memberIds: [7] })],
  ])('refused: a room created with %s', async (_case, writes) => {
    await restRefused(env, 'mal', writes);
  });

  it.each<[string, Plain]>([
    ['3600.0', v.double(3600)],
    ['a 64-bit overflow', v.int('18446744073709551615'.slice(0, 19))],
    ['a string', '60'],
  ])('refused: the owner setting slow mode to %s', async (_case, value) => {
    await restRefused(env, 'own', [{ op: 'merge', path: 'rooms/pub', data: { slowModeSec: value } }]);
  });

  // the file's meta with its count in the uploader's upload ledger, as the client writes them
  const meta = (extra: Record<string, Plain>): Write[] => [
    {
      op: 'set',
      path: 'uploadLedgers/mal',
      data: { since: REQUEST_TIME, bytes: extra.size ?? 1234, at: REQUEST_TIME, roomId: 'pub', attachmentId: 'a1' },
    },
    {
      op: 'set',
      path: 'rooms/pub/attachments/a1',
      data: {
        uploaderId: 'mal',
        messageId: 'm9',
        name: 'cat.png',
        contentType: 'image/png',
        size: 1234,
        sha256: 'a'.repeat(64),
        chunkCount: 1,
        complete: false,
        createdAt: REQUEST_TIME,
        ...extra,
      },
    },
  ];

  it('control: the same REST upload with ints is accepted', async () => {
    const result = await commit(env.projectId, 'mal', meta({}));
    expect(result.status, JSON.stringify(result.body)).toBe(200);
  });

  it.each<[string, Write[]]>([
    ['a size of 1234.0', meta({ size: v.double(1234) })],
    ['a chunk count of 1.0', meta({ chunkCount: v.double(1) })],
    ['a size past 2^53', meta({ size: v.int('9007199254740993'), chunkCount: 1 })],
    ['a size of -1', meta({ size: -1, chunkCount: 0 })],
  ])('refused: an upload with %s', async (_case, writes) => {
    await restRefused(env, 'mal', writes);
  });

  it('refused: a chunk whose index is 0.0 (names the slot "0.0")', async () => {
    await commit(
      env.projectId,
      'owner',
      meta({})
        .filter((w) => w.path.startsWith('rooms/'))
        .map((w) => ({ ...w, data: { ...w.data, createdAt: new Date() } })),
    );
    await restRefused(env, 'mal', [
      {
        op: 'set',
        path: 'rooms/pub/attachments/a1/chunks/0',
        data: { index: v.double(0), data: v.bytes(Buffer.alloc(1234).toString('base64')) },
      },
    ]);
  });

  it.each<[string, Plain]>([
    ['3.0', v.double(3)],
    ['NaN', v.double(Number.NaN)],
    ['Infinity', v.double(Number.POSITIVE_INFINITY)],
  ])('refused: an app admin setting the report threshold to %s', async (_case, value) => {
    const writes: Write[] = [
      {
        op: 'set',
        path: 'config/moderation',
        data: { terms: {}, reportThreshold: value, maxLinks: 5, maxMentions: 10 },
      },
    ];
    const result = await commit(env.projectId, 'root', writes, { admin: true });
    expect(result.status, JSON.stringify(result.body)).toBe(403);
  });

  it.each<[string, string, Plain]>([
    ['a message time', 'createdAt', 1_700_000_000_000],
    ['an edit time', 'editedAt', v.int(1)],
    ['a text', 'text', v.double(1)],
    ['an author', 'authorId', v.ref('demo-rules-attacks-numbers', 'users/mal')],
    ['a name', 'authorName', v.bytes(Buffer.from('Name mal').toString('base64'))],
    ['words', 'words', v.geo(1, 2)],
  ])('refused: %s of another type', async (_case, field, value) => {
    await restRefused(env, 'mal', nextSend('pub', 'n2', { ...restMessage(), [field]: value }));
  });

  it.each<[string, Plain]>([
    ['an integer', 4_102_444_800_000],
    ['a far-future time', v.time(Date.now() + 365 * 86_400_000)],
  ])('refused: a read cursor whose time is %s', async (_case, lastReadAt) => {
    await restRefused(env, 'mal', [
      { op: 'set', path: 'users/mal/reads/pub', data: { lastReadAt, lastReadId: 'byVic', updatedAt: REQUEST_TIME } },
    ]);
  });

  it.each<[string, Plain]>([
    ['an integer', 4_102_444_800_000],
    ['a string', 'tomorrow'],
  ])('refused: an invite that expires at %s', async (_case, expiresAt) => {
    await restRefused(env, 'own', [
      {
        op: 'set',
        path: 'rooms/priv/invites/abcdefghijklmnop',
        data: { createdBy: 'own', createdAt: REQUEST_TIME, expiresAt, revoked: false },
      },
    ]);
  });
});
