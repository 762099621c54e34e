import { doc, getDoc, setDoc, type DocumentData } from 'firebase/firestore';
import { MAX_BLOCKLIST_TERMS, MAX_LINKS_LIMIT, MAX_MENTIONS, MAX_REPORT_THRESHOLD } from '@chat/shared';
import { describe, it } from 'vitest';
import { allowed, as, denied, moderationConfig, rulesSuite, seed } from './support';

const env = await rulesSuite('config');

const admin = () => as(env, 'root', { admin: true });

describe('config/moderation', () => {
  it('app admins read and write it', async () => {
    await allowed(setDoc(doc(admin(), 'config', 'moderation'), moderationConfig()));
    await allowed(setDoc(doc(admin(), 'config', 'moderation'), moderationConfig({ terms: [] })));
    await allowed(getDoc(doc(admin(), 'config', 'moderation')));
  });

  it('other users, signed out users and false claims do not', async () => {
    await seed(env, { 'config/moderation': moderationConfig() });
    for (const db of [as(env, 'ana'), as(env, null), as(env, 'eve', { admin: 'true' })]) {
      await denied(getDoc(doc(db, 'config', 'moderation')));
      await denied(setDoc(doc(db, 'config', 'moderation'), moderationConfig()));
    }
  });

  it.each<[string, DocumentData]>([
    ['terms not a list', moderationConfig({ terms: 'spam' })],
    [
      `more than ${MAX_BLOCKLIST_TERMS} terms`,
      moderationConfig({ terms: Array.from({ length: MAX_BLOCKLIST_TERMS + 1 }, (_, i) => ({ term: `t${i}`, severity: 'mask' })) }),
    ],
    ['a reportThreshold of 0', moderationConfig({ reportThreshold: 0 })],
    [`a reportThreshold over ${MAX_REPORT_THRESHOLD}`, moderationConfig({ reportThreshold: MAX_REPORT_THRESHOLD + 1 })],
    ['a reportThreshold that is not an int', moderationConfig({ reportThreshold: 2.5 })],
    [`maxLinks over ${MAX_LINKS_LIMIT}`, moderationConfig({ maxLinks: MAX_LINKS_LIMIT + 1 })],
    ['negative maxLinks', moderationConfig({ maxLinks: -1 })],
    [`maxMentions over ${MAX_MENTIONS}`, moderationConfig({ maxMentions: MAX_MENTIONS + 1 })],
    ['an extra field', moderationConfig({ enabled: true })],
  ])('an app admin cannot store %s', async (_case, data) => {
    await denied(setDoc(doc(admin(), 'config', 'moderation'), data));
  });

  it('no other config document exists', async () => {
    await denied(setDoc(doc(admin(), 'config', 'other'), moderationConfig()));
  });
});
