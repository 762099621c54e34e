import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { uniqueId } from '../support/env';
import { seedRoom, signedInPerson } from './support/admin';
import { launchBrowser, openRoom } from './support/browser';

describe('typing', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows who is typing by name, two at once, and clears on send and on leaving the box', async () => {
    const [ana, ben, cy] = await Promise.all([
      signedInPerson(browser, 'Ana'),
      signedInPerson(browser, 'Ben'),
      signedInPerson(browser, 'Cy'),
    ]);
    const people = await Promise.all([ana, ben, cy].map(async (p) => p.person));
    const roomId = await seedRoom(people, 'typing');
    await Promise.all([ana, ben, cy].map((p) => openRoom(p.page, roomId)));
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
