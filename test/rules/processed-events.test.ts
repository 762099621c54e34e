import { collection, doc, getDoc, setDoc } from 'firebase/firestore';
import { describe, it } from 'vitest';
import { as, at, denied, list, rulesSuite, seed } from './support';

const env = await rulesSuite('processed-events');

describe('processedEvents/{eventId} and unknown paths', () => {
  it('nobody reads or writes the idempotency ledger, not even an app admin', async () => {
    await seed(env, { 'processedEvents/e1': { fn: 'onMessageCreated', at: at(-1000) } });
    for (const db of [as(env, 'ana'), as(env, 'root', { admin: true })]) {
      await denied(getDoc(doc(db, 'processedEvents', 'e1')));
      await denied(list(collection(db, 'processedEvents'), 1));
      await denied(setDoc(doc(db, 'processedEvents', 'e2'), { fn: 'x', at: at(0) }));
    }
  });

  it('paths the data model does not list are denied', async () => {
    await denied(setDoc(doc(as(env, 'ana'), 'anything', 'x'), { a: 1 }));
    await denied(getDoc(doc(as(env, 'root', { admin: true }), 'anything', 'x')));
  });
});
