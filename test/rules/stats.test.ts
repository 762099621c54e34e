import { collection, doc, getDoc, getDocs, limit, query, setDoc } from 'firebase/firestore';
import { MAX_QUERY_LIMIT } from '@chat/shared';
import { describe, it } from 'vitest';
import { allowed, as, denied, rulesSuite, seed } from './support';

const env = await rulesSuite('stats');

const day = { messages: 3, messagesByRoom: { general: 3 }, activeUsers: 2, reports: 0, moderationActions: 0 };

describe('stats/{day}', () => {
  it('app admins read the daily figures, listing with a limit', async () => {
    await seed(env, { 'stats/2026-01-01': day });
    const admin = as(env, 'root', { admin: true });
    await allowed(getDoc(doc(admin, 'stats', '2026-01-01')));
    await allowed(getDocs(query(collection(admin, 'stats'), limit(31))));
    await denied(getDocs(query(collection(admin, 'stats'), limit(MAX_QUERY_LIMIT + 1))));
  });

  it('nobody else reads them, and nobody writes them', async () => {
    await seed(env, { 'stats/2026-01-01': day });
    await denied(getDoc(doc(as(env, 'ana'), 'stats', '2026-01-01')));
    await denied(getDocs(query(collection(as(env, 'ana'), 'stats'), limit(10))));
    await denied(setDoc(doc(as(env, 'root', { admin: true }), 'stats', '2026-01-02'), day));
  });
});
