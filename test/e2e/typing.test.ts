import type { Locator } from 'playwright-core';
import { describe, it } from 'vitest';
import { uniqueId } from '../support/env';
import { peopleInRoom } from './support/admin';
import { suiteBrowser } from './support/browser';

const browser = await suiteBrowser();

/**
 * Keeps typing into a box, a key a second, until `seen` resolves: a person typing refreshes their
 * signal, which otherwise fades TYPING_VISIBLE_MS after its last write. One burst of keys and a
 * wait would race that fade on a busy machine, where the second person's signal can take longer
 * than that to reach the reader.
 */
async function keepTyping<T>(box: Locator, seen: Promise<T>): Promise<T> {
  let done = false;
  const typing = (async () => {
    while (!done) {
      await box.press('.');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  })();
  try {
    return await seen;
  } finally {
    done = true;
    await typing;
  }
}

describe('typing', () => {
  it('shows who is typing by name, two at once, and clears on send and on leaving the box', async () => {
    const {
      people: [ana, ben, cy],
    } = await peopleInRoom(browser, ['Ana', 'Ben', 'Cy'], 'typing');
    const box = (p: typeof ana) => p.page.getByRole('textbox', { name: /^Message / });

    await box(ben).pressSequentially('hello the');
    await ana.page.getByText(`${ben.user.name} is typing`).waitFor();
    await box(cy).pressSequentially('me too');
    // both keep typing until the reader sees them together; names in alphabetical order: Ben before Cy
    await keepTyping(
      box(ben),
      keepTyping(box(cy), ana.page.getByText(`${ben.user.name} and ${cy.user.name} are typing`).waitFor()),
    );

    await box(ben).pressSequentially(` re ${uniqueId()}`);
    await box(ben).press('Enter');
    // Ben's send clears his signal; Cy, still typing, stays
    await keepTyping(box(cy), ana.page.getByText(`${cy.user.name} is typing`).waitFor());

    await box(cy).blur();
    await ana.page.getByText(/is typing|are typing/).waitFor({ state: 'detached' });
    await Promise.all([ana, ben, cy].map((p) => p.context.close()));
  });
});
