import { describe, expect, it } from 'vitest';
import { eventually, expenseRow, signUp, uniqueEmail, visibleCategories, waitForSynced } from './support/app-driver.js';
import { newContext, PHONE, screenshotPath } from './support/browser.js';
import { useServerAndBrowser } from './support/harness.js';

const env = useServerAndBrowser();

/** A calendar date `days` days from today in UTC: the test server's wallets fall due in UTC. */
function utcDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe('recurring expenses on a phone (Pixel 7, touch)', () => {
  it('adds a weekly rule whose past occurrences reach the history marked as recurring, then pauses it', async () => {
    const context = await newContext(env.browser, env.server.url, PHONE);
    const page = await context.newPage();
    await signUp(page, uniqueEmail('recurring'));
    const nav = page.getByRole('navigation', { name: 'Main' });

    await nav.getByRole('button', { name: 'Dashboard' }).tap();
    await page.getByRole('button', { name: 'Recurring', exact: true }).tap();
    await page.getByRole('heading', { name: 'Recurring', level: 1 }).waitFor();
    await page.getByText('No recurring expenses yet.').waitFor();
    await page.getByText('Due dates follow this wallet’s time zone: UTC.').waitFor();

    await page.getByRole('button', { name: 'Add recurring' }).tap();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'New recurring expense' }).waitFor();
    expect(await dialog.getByLabel('Amount').getAttribute('inputmode')).toBe('decimal');
    await dialog.getByLabel('Amount').fill('9,99');
    await dialog.getByLabel('Category', { exact: true }).fill('Streaming');
    await dialog.getByLabel('Note').fill('Family plan');
    await dialog.getByLabel('Repeat').selectOption('weekly');
    // Two weeks ago: that occurrence, last week's and today's are due at once.
    await dialog.getByLabel('First date').fill(utcDate(-14));
    await dialog.getByLabel('Ends').selectOption('count');
    await dialog.getByLabel('Number of times').fill('10');
    await page.screenshot({ path: screenshotPath('phone-recurring-1-dialog.png') });
    await dialog.getByRole('button', { name: 'Save' }).tap();
    await dialog.waitFor({ state: 'detached' });

    const row = page.locator('.rule-row', { hasText: 'Streaming' });
    await row.waitFor();
    expect(await row.innerText()).toContain('Every week, 10 times · Family plan');
    await row.getByText('Next:').waitFor();
    for (const button of await row.getByRole('button').all()) {
      expect((await button.boundingBox())?.height).toBeGreaterThanOrEqual(44);
    }
    await page.screenshot({ path: screenshotPath('phone-recurring-2-list.png') });

    await nav.getByRole('button', { name: 'History' }).tap();
    await waitForSynced(page);
    await eventually(async () => {
      expect(await visibleCategories(page)).toEqual(['Streaming', 'Streaming', 'Streaming']);
    });
    const marked = expenseRow(page, 'Streaming').filter({ hasText: '↻ Recurring' });
    expect(await marked.count()).toBe(3);
    expect(await expenseRow(page, 'Streaming').first().innerText()).toContain('€9.99');
    await page.screenshot({ path: screenshotPath('phone-recurring-3-history.png') });

    await nav.getByRole('button', { name: 'Dashboard' }).tap();
    await page.getByRole('button', { name: 'Recurring', exact: true }).tap();
    await page.getByRole('button', { name: 'Pause Streaming' }).tap();
    await row.getByText('Paused').waitFor();
    await page.getByRole('button', { name: 'Resume Streaming' }).waitFor();
    await context.close();
  });
});
