import { doc, getDoc, setDoc, type DocumentData } from 'firebase/firestore';
import { describe, it } from 'vitest';
import { allowed, as, denied, moderationConfig, rulesSuite, seed } from './support';

const env = await rulesSuite('config');

const admin = () => as(env, 'root', { admin: true });

describe('config/moderation', () => {
  it('app admins read and write it', async () => {
    await allowed(setDoc(doc(admin(), 'config', 'moderation'), moderationConfig()));
    await allowed(
      setDoc(
        doc(admin(), 'config', 'moderation'),
        moderationConfig({
          terms: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`${'t'.repeat(60)}${i}`, 'hide'])),
        }),
      ),
    );
    await allowed(setDoc(doc(admin(), 'config', 'moderation'), moderationConfig({ terms: {} })));
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
    ['terms not a map', moderationConfig({ terms: ['spam'] })],
    [
      'more than 500 terms',
      moderationConfig({ terms: Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`t${i}`, 'mask'])) }),
    ],
    ['an unknown setting', moderationConfig({ terms: { spam: 'ban' } })],
    ['a setting that is not a string', moderationConfig({ terms: { spam: { severity: 'hide' } } })],
    ['a term of 65 characters', moderationConfig({ terms: { ['t'.repeat(65)]: 'mask' } })],
    ['a term of 1,000 characters', moderationConfig({ terms: { ['t'.repeat(1000)]: 'hide' } })],
    ['a term over two lines', moderationConfig({ terms: { 'bad\nword': 'mask' } })],
    ['a reportThreshold of 0', moderationConfig({ reportThreshold: 0 })],
    ['a reportThreshold over 100', moderationConfig({ reportThreshold: 101 })],
    ['a reportThreshold that is not an int', moderationConfig({ reportThreshold: 2.5 })],
    ['maxLinks over 50', moderationConfig({ maxLinks: 51 })],
    ['negative maxLinks', moderationConfig({ maxLinks: -1 })],
    ['maxMentions over 20', moderationConfig({ maxMentions: 21 })],
    ['an extra field', moderationConfig({ enabled: true })],
  ])('an app admin cannot store %s', async (_case, data) => {
    await denied(setDoc(doc(admin(), 'config', 'moderation'), data));
  });

  it('no other config document exists', async () => {
    await denied(setDoc(doc(admin(), 'config', 'other'), moderationConfig()));
  });
});
