import { describe, it } from 'vitest';
import { uniqueId } from '../support/env';
import { peopleInRoom } from './support/admin';
import { suiteBrowser } from './support/browser';

const browser = await suiteBrowser();

describe('typing', () => {
  it('shows who is typing by name, two at once, and clears on send and on leaving the box', async () => {
    const {
      people: [ana, ben, cy],
    } = await peopleInRoom(browser, ['Ana', 'Ben', 'Cy'], 'typing');
    const box = (p: typeof ana) => p.page.getByRole('textbox', { name: /^Message / });

    await box(ben).pressSequentially('hello the');
    await ana.page.getByText(`${ben.user.name} is typing`).waitFor();
    await box(cy).pressSequentially('me too');
    // names are listed in alphabetical order: Ben before Cy
    await ana.page.getByText(`${ben.user.name} and ${cy.user.name} are typing`).waitFor();

    await box(ben).pressSequentially(` re ${uniqueId()}`);
    await box(ben).press('Enter');
    await ana.page.getByText(`${cy.user.name} is typing`).waitFor();

    await box(cy).blur();
    await ana.page.getByText(/is typing|are typing/).waitFor({ state: 'detached' });
    await Promise.all([ana, ben, cy].map((p) => p.context.close()));
  });
});
