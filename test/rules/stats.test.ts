import { collection, doc, getDoc, setDoc } from 'firebase/firestore';
import { MAX_QUERY_LIMIT } from '@chat/shared';
import { describe, it } from 'vitest';
import { allowed, as, denied, list, rulesSuite, seed } from './support';

const env = await rulesSuite('stats');

const day = {
  messages: 3,
  activeUsers: 2,
  busiestRooms: [{ roomId: 'general', name: 'general', messages: 3 }],
  reports: 0,
  moderationActions: 0,
};

describe('stats/{day}', () => {
  it('app admins read the daily figures, listing with a limit', async () => {
    await seed(env, { 'stats/2026-01-01': day });
    const admin = as(env, 'root', { admin: true });
    await allowed(getDoc(doc(admin, 'stats', '2026-01-01')));
    await allowed(list(collection(admin, 'stats'), 31));
    await denied(list(collection(admin, 'stats'), MAX_QUERY_LIMIT + 1));
  });

  it('nobody else reads them, and nobody writes them', async () => {
    await seed(env, { 'stats/2026-01-01': day });
    await denied(getDoc(doc(as(env, 'ana'), 'stats', '2026-01-01')));
    await denied(list(collection(as(env, 'ana'), 'stats'), 10));
    await denied(setDoc(doc(as(env, 'root', { admin: true }), 'stats', '2026-01-02'), day));
  });
});
