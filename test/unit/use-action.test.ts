import { describe, expect, it } from 'vitest';
import { useAction } from '../../web/src/composables/useAction';
import { UserError } from '../../web/src/lib/errors';

describe('useAction (a component-started action: busy, and its failure in words)', () => {
  it('is busy while the action runs and hands back its result', async () => {
    const { busy, error, run } = useAction();
    let release!: (value: string) => void;
    const running = run(() => new Promise<string>((resolve) => (release = resolve)), 'Could not.');
    expect(busy.value).toBe(true);
    release('room-1');
    expect(await running).toBe('room-1');
    expect(busy.value).toBe(false);
    expect(error.value).toBe('');
  });

  it("says a failure in the fallback's words, or the UserError's own, and clears it on the next run", async () => {
    const { busy, error, run } = useAction();
    expect(
      await run(() => Promise.reject(new Error('internal detail')), 'The room could not be created.'),
    ).toBeUndefined();
    expect(error.value).toBe('The room could not be created.');
    expect(busy.value).toBe(false);
    await run(() => Promise.reject(new UserError('Give the room a name.')), 'The room could not be created.');
    expect(error.value).toBe('Give the room a name.');
    await run(() => Promise.resolve(), 'The room could not be created.');
    expect(error.value).toBe('');
  });
});
