import { collection, doc, getDoc, setDoc } from 'firebase/firestore';
import { describe, it } from 'vitest';
import { allowed, as, at, denied, list, rulesSuite, seed } from './support';

const env = await rulesSuite('restrictions');

describe('restrictions/{uid}', () => {
  it('the user sees their own restriction; nobody else, and nobody lists them', async () => {
    await seed(env, { 'restrictions/ana': { mutedUntil: at(60_000), strikes: 1, reason: 'flood' } });
    await allowed(getDoc(doc(as(env, 'ana'), 'restrictions', 'ana')));
    await denied(getDoc(doc(as(env, 'ben'), 'restrictions', 'ana')));
    await denied(getDoc(doc(as(env, null), 'restrictions', 'ana')));
    await denied(list(collection(as(env, 'ana'), 'restrictions'), 10));
  });

  it('is server-owned: nobody writes it, not even the user or an app admin', async () => {
    await denied(setDoc(doc(as(env, 'ana'), 'restrictions', 'ana'), { mutedUntil: at(-1), strikes: 0, reason: '' }));
    await denied(
      setDoc(doc(as(env, 'root', { admin: true }), 'restrictions', 'ana'), {
        mutedUntil: at(1),
        strikes: 9,
        reason: '',
      }),
    );
  });
});
