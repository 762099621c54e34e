/**
 * The load harness sends again only the emulator's refusal for a rules lookup it could not make
 * (test/robustness/load/emulatorRefusal.ts); every other refusal must still count as refused.
 * The wordings are the emulator's, recorded from clean-clone runs.
 */
import { describe, expect, it } from 'vitest';
import { EMULATOR_LOOKUP_TIMEOUT } from '../robustness/load/emulatorRefusal';

const lookupFailed = `FirebaseError: [code=permission-denied]: 7 PERMISSION_DENIED: 
evaluation error at L631:26 for 'create' @ L631, evaluation error at L659:26 for 'update' @ L659, evaluation error at L306:24 for 'create' @ L306, evaluation error at L308:24 for 'update' @ L308, Service call error. Function: [get], Argument: [path_value {
  segments {
    simple: "rooms"
  }
}
]. for 'create' @ L631`;

const refusals = {
  'a stale ledger number': `FirebaseError: [code=permission-denied]: 7 PERMISSION_DENIED: 
evaluation error at L631:26 for 'create' @ L631, evaluation error at L659:26 for 'update' @ L659, evaluation error at L306:24 for 'create' @ L306, evaluation error at L308:24 for 'update' @ L308, false for 'update' @ L308`,
  'a non-member': `FirebaseError: 7 PERMISSION_DENIED: 
evaluation error at L631:26 for 'create' @ L631, evaluation error at L659:26 for 'update' @ L659, evaluation error at L306:24 for 'create' @ L306, evaluation error at L308:24 for 'update' @ L308, false for 'create' @ L631`,
  'an aborted commit': 'FirebaseError: [code=aborted]: 10 ABORTED: Transaction lock timeout.',
};

describe("the emulator's refusal the load harness sends again", () => {
  it('is the failed lookup', () => {
    expect(lookupFailed).toMatch(EMULATOR_LOOKUP_TIMEOUT);
  });

  it.each(Object.entries(refusals))('is not %s', (_, refusal) => {
    expect(refusal).not.toMatch(EMULATOR_LOOKUP_TIMEOUT);
  });
});
