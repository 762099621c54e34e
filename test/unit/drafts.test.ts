import { describe, expect, it } from 'vitest';
import {
  draftKey,
  draftsKey,
  MAX_DRAFTS,
  parseDrafts,
  saveDraft,
  withDraft,
  type Draft,
} from '../../web/src/lib/drafts';

/** A Storage over a Map (what localStorage is to this code: strings under keys). */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, String(v)),
  };
}

const reply = { id: 'm1', authorName: 'Ana', excerpt: 'hello' };

describe('drafts', () => {
  it('keys a thread apart from its room', () => {
    expect(draftKey('r1', null)).toBe('r1');
    expect(draftKey('r1', 't1')).toBe('r1/t1');
  });

  it('keeps a draft per key and drops one emptied (text of spaces and no reply)', () => {
    let drafts = withDraft(new Map(), 'r1', { text: 'half a thought', replyTo: null, at: 1 });
    drafts = withDraft(drafts, 'r2', { text: '', replyTo: reply, at: 2 });
    expect([...drafts.keys()].sort()).toEqual(['r1', 'r2']);
    drafts = withDraft(drafts, 'r1', { text: '  \n', replyTo: null, at: 3 });
    expect([...drafts.keys()]).toEqual(['r2']);
  });

  it('forgets the drafts changed longest ago past the limit', () => {
    let drafts = new Map<string, Draft>();
    for (let i = 0; i <= MAX_DRAFTS; i++) drafts = withDraft(drafts, `r${i}`, { text: `t${i}`, replyTo: null, at: i });
    expect(drafts.size).toBe(MAX_DRAFTS);
    expect(drafts.has('r0')).toBe(false);
    expect(drafts.get(`r${MAX_DRAFTS}`)?.text).toBe(`t${MAX_DRAFTS}`);
  });

  it('reads what another tab stored before writing, so both tabs keep their drafts', () => {
    const storage = memoryStorage();
    saveDraft(storage, 'u', 'r1', { text: 'from tab one', replyTo: null, at: 1 });
    saveDraft(storage, 'u', 'r2', { text: 'from tab two', replyTo: reply, at: 2 });
    const stored = parseDrafts(storage.getItem(draftsKey('u')));
    expect(stored.get('r1')?.text).toBe('from tab one');
    expect(stored.get('r2')).toEqual({ text: 'from tab two', replyTo: reply, at: 2 });
    saveDraft(storage, 'u', 'r1', { text: '', replyTo: null, at: 3 });
    saveDraft(storage, 'u', 'r2', { text: '', replyTo: null, at: 4 });
    expect(storage.getItem(draftsKey('u'))).toBeNull();
  });

  it('drops what is malformed in storage (it is user-editable)', () => {
    expect(parseDrafts('not json').size).toBe(0);
    expect(parseDrafts('[1,2]').size).toBe(0);
    const drafts = parseDrafts(
      JSON.stringify({
        ok: { text: 'fine', replyTo: { id: 'x' }, at: 5 },
        noText: { replyTo: null, at: 1 },
        noTime: { text: 'x' },
        notObject: 'text',
      }),
    );
    expect([...drafts]).toEqual([['ok', { text: 'fine', replyTo: null, at: 5 }]]);
  });
});
