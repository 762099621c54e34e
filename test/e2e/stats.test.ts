import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/env';
import { adminAuth, adminDb, createPerson, signInThroughUi } from './support/admin';
import { newPage, suiteBrowser } from './support/browser';

/**
 * The app admins' daily figures at /admin, as the dailyStats function leaves them (schedules do
 * not run on the emulator: test/functions/stats.test.ts runs its handler): the busiest rooms by
 * name and the time the figures are as of.
 */
const browser = await suiteBrowser();

describe('daily statistics', () => {
  it("shows an app admin today's figures, the busiest rooms by name, and when they were refreshed", async () => {
    const { user, person } = await createPerson('Root');
    await adminAuth().setCustomUserClaims(person.uid, { admin: true });
    const day = new Date().toISOString().slice(0, 10);
    const plants = `Plants ${uniqueId().slice(-6)}`;
    const refreshed = new Date();
    // other files' messages count into today's figures too: this one's are set, not added to
    await adminDb()
      .doc(`stats/${day}`)
      .set(
        {
          messages: 4321,
          activeUsers: 87,
          busiestRooms: [
            { roomId: 'plants', name: plants, messages: 1200 },
            { roomId: 'team', name: 'Team', messages: 300 },
          ],
          updatedAt: Timestamp.fromDate(refreshed),
        },
        { merge: true },
      );
    const { context, page } = await newPage(browser);
    await signInThroughUi(page, user);
    await page.goto('/admin');
    const panel = page.getByRole('region', { name: 'Daily statistics' });
    const todayRow = panel.getByRole('row', { name: new RegExp(`^${day}`) });
    await todayRow.getByRole('cell', { name: '4321' }).waitFor();
    await todayRow.getByRole('cell', { name: '87' }).waitFor();
    const busiest = panel.getByRole('list', { name: 'Busiest rooms' }).getByRole('listitem');
    expect(await busiest.allTextContents()).toEqual([`${plants}: 1200 messages`, 'Team: 300 messages']);
    // in the page's own language and time zone
    const asOf = await page.evaluate(
      (ms) => new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(new Date(ms)),
      refreshed.getTime(),
    );
    await panel.getByText(`as of ${asOf}, refreshed every 10 minutes`).waitFor();
    await context.close();
  });
});
