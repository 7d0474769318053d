import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addExpense, eventually, history, signIn, uniqueEmail, visibleCategories } from './support/app-driver.js';
import { useServerAndBrowser } from './support/harness.js';
import { seriousViolations } from './support/axe-check.js';
import { DESKTOP, newContext, PHONE, screenshotPath } from './support/browser.js';
import { apiAs, registerThroughApi } from './support/api.js';

const env = useServerAndBrowser();

/** Today in the browser's time zone (the contexts run in Europe/Berlin). */
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
const THIS_MONTH = TODAY.slice(0, 7);

function shiftMonth(month: string, delta: number): string {
  const total = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + delta;
  return `${String(Math.floor(total / 12))}-${String((total % 12) + 1).padStart(2, '0')}`;
}

function monthName(month: string): string {
  return new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}

const LAST_MONTH = shiftMonth(THIS_MONTH, -1);

/** A user with expenses spread over the last year, written through the real API. */
async function seedUser(email: string): Promise<void> {
  const call = apiAs(env.server.app, await registerThroughApi(env.server.app, email));
  const expenses = [
    // Awkward amounts: 0.10 + 0.20 must come out as exactly 0.30.
    { amount: '0.10', category: 'Groceries', date: `${THIS_MONTH}-01`, note: 'Gum' },
    { amount: '0.20', category: 'Groceries', date: `${THIS_MONTH}-01`, note: 'Mints' },
    { amount: '12.50', category: 'Transport', date: `${THIS_MONTH}-01`, note: 'Bus pass' },
    { amount: '40.00', category: 'Dining out', date: `${THIS_MONTH}-01`, note: 'Pizza night' },
    { amount: '100.00', category: 'Groceries', date: `${LAST_MONTH}-15`, note: 'Big shop' },
    { amount: '800.00', category: 'Rent', date: `${LAST_MONTH}-01`, note: 'Flat' },
    { amount: '25.05', category: 'Health', date: `${shiftMonth(THIS_MONTH, -3)}-10`, note: 'Pharmacy' },
    { amount: '9.99', category: 'Books', date: `${shiftMonth(THIS_MONTH, -11)}-20`, note: 'Paperback' },
  ];
  for (const payload of expenses) {
    expect((await call('POST', '/api/v1/expenses', payload)).statusCode).toBe(201);
  }
}

async function openDashboard(page: Page, monthTotal = '€52.80'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dashboard' }).click();
  await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  await eventually(async () => {
    expect(await page.getByTestId('month-total').innerText()).toBe(monthTotal);
  });
  await page.locator('.donut-slice').first().waitFor();
}

/** The screens scroll inside the shell, so a full-page shot needs a viewport as tall as the content. */
async function screenshotWhole(page: Page, selector: string, name: string): Promise<void> {
  const viewport = page.viewportSize();
  if (!viewport) throw new Error('no viewport');
  const overflow = await page.evaluate((sel) => {
    const element = document.querySelector(sel);
    return element ? element.scrollHeight - element.clientHeight : 0;
  }, selector);
  await page.setViewportSize({ width: viewport.width, height: viewport.height + Math.max(0, overflow) });
  await page.screenshot({ path: screenshotPath(name) });
  await page.setViewportSize(viewport);
}

describe('dashboard', () => {
  it('shows exact totals, a 12-month chart with a text alternative, and a tap opens the filtered history', async () => {
    const email = uniqueEmail('dash');
    await seedUser(email);
    const context = await newContext(env.browser, env.server.url, { ...DESKTOP, bypassCSP: true });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('Email').waitFor();
    await signIn(page, email);
    await openDashboard(page);

    // Twelve months, zero months included, oldest first, in a table screen readers can read.
    const rows = page.getByTestId('monthly-table').locator('tbody tr');
    expect(await rows.count()).toBe(12);
    expect(await rows.first().locator('th').innerText()).toBe(monthName(shiftMonth(THIS_MONTH, -11)));
    expect(await rows.first().locator('td').first().innerText()).toBe('€9.99');
    expect(await rows.nth(10).locator('td').allInnerTexts()).toEqual(['€900.00', '2', '€0.00', '-€900.00']);
    expect(await rows.nth(9).locator('td').allInnerTexts()).toEqual(['€0.00', '0', '€0.00', '€0.00']);
    expect(await rows.last().locator('td').allInnerTexts()).toEqual(['€52.80', '4', '€0.00', '-€52.80']);

    // Every bar is a button that says its figures.
    const lastMonthBar = page.getByRole('button', { name: `${monthName(LAST_MONTH)}: €900.00, 2 expenses` });
    expect(await lastMonthBar.count()).toBe(1);
    // The category ring for this month: slices are focusable and labelled, the legend lists them.
    const groceriesSlice = page.locator('.donut-slice[data-category="Groceries"]');
    expect(await groceriesSlice.getAttribute('aria-label')).toBe('Groceries: €0.30, 1%');
    expect(await groceriesSlice.getAttribute('tabindex')).toBe('0');
    expect(await page.locator('.legend-item .legend-name').allInnerTexts()).toEqual([
      'Dining out',
      'Transport',
      'Groceries',
    ]);
    expect(await page.locator('.donut-centre strong').innerText()).toBe('€52.80');

    expect(await seriousViolations(page)).toEqual([]);
    await screenshotWhole(page, '.dashboard', 'dashboard-1-desktop.png');

    // Keyboard: a focused bar opens its month in the history.
    await lastMonthBar.focus();
    await page.keyboard.press('Enter');
    await history(page).waitFor();
    await eventually(async () => {
      expect((await visibleCategories(page)).sort()).toEqual(['Groceries', 'Rent']);
    });
    expect(await page.getByLabel('From').inputValue()).toBe(`${LAST_MONTH}-01`);

    // A slice opens the history filtered to its category and period.
    await openDashboard(page);
    await page.locator('.donut-slice[data-category="Transport"]').click();
    await history(page).waitFor();
    await eventually(async () => {
      expect(await visibleCategories(page)).toEqual(['Transport']);
    });
    expect(await page.getByLabel('Category', { exact: true }).inputValue()).toBe('Transport');

    // Another period: last month.
    await openDashboard(page);
    await page.getByRole('button', { name: 'Last month', exact: true }).click();
    await eventually(async () => {
      expect(await page.locator('.donut-centre strong').innerText()).toBe('€900.00');
    });
    // Space on a focused slice opens it; Back returns to the dashboard with the period kept.
    await page.locator('.donut-slice[data-category="Rent"]').focus();
    await page.keyboard.press('Space');
    await history(page).waitFor();
    await eventually(async () => {
      expect(await visibleCategories(page)).toEqual(['Rent']);
    });
    await page.goBack();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: 'Last month', exact: true }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await eventually(async () => {
      expect(await page.locator('.donut-centre strong').innerText()).toBe('€900.00');
    });
    await context.close();
  });

  it('sets budgets, warns in the history and after an expense crosses 80 % and 100 %', async () => {
    const email = uniqueEmail('budget');
    await seedUser(email);
    const context = await newContext(env.browser, env.server.url, { ...DESKTOP, bypassCSP: true });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('Email').waitFor();
    await signIn(page, email);
    await openDashboard(page);
    await page.getByRole('button', { name: 'Budgets', exact: true }).click();
    await page.getByRole('heading', { name: 'Budgets', level: 1 }).waitFor();

    // Overall limit and a category limit, set through the UI.
    await page.getByRole('button', { name: 'Set a monthly budget' }).click();
    await page.getByRole('dialog').getByLabel('Monthly limit').fill('500');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Add budget' }).click();
    await page.getByRole('dialog').getByLabel('Category', { exact: true }).fill('Groceries');
    await page.getByRole('dialog').getByLabel('Monthly limit').fill('1,00');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const groceries = page.locator('.budget-line[data-budget="Groceries"]');
    await eventually(async () => {
      expect(await groceries.locator('.budget-line-figures').innerText()).toBe('€0.30 of €1.00');
    });
    expect(await groceries.locator('.budget-remaining').innerText()).toBe('€0.70 left');
    expect(await groceries.locator('.budget-status').innerText()).toBe('On track');
    expect(await seriousViolations(page)).toEqual([]);

    // 0.30 + 0.55 = 0.85: past 80 %.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'History' }).click();
    await history(page).waitFor();
    expect(await page.locator('.budget-banner').count()).toBe(0);
    await addExpense(page, { amount: '0.55', category: 'Groceries', date: TODAY, note: 'Apples' });
    await eventually(async () => {
      expect(await page.locator('.snackbar').innerText()).toContain('Groceries budget is at 85%: €0.85 of €1.00.');
    });
    await eventually(async () => {
      expect(await page.locator('.budget-banner').innerText()).toContain('Close to budget this month: Groceries 85%');
    });

    // 0.85 + 0.20 = 1.05: over.
    await addExpense(page, { amount: '0.20', category: 'Groceries', date: TODAY, note: 'Pears' });
    await eventually(async () => {
      expect(await page.locator('.snackbar').innerText()).toContain(
        'Groceries budget is over its limit: €1.05 of €1.00.',
      );
    });
    await eventually(async () => {
      expect(await page.locator('.budget-banner').innerText()).toContain('Over budget this month: Groceries 105%');
    });
    await page.screenshot({ path: screenshotPath('dashboard-2-history-budget-warning.png') });

    await page.getByRole('button', { name: 'See budgets' }).click();
    await page.getByRole('heading', { name: 'Budgets', level: 1 }).waitFor();
    await eventually(async () => {
      expect(await groceries.locator('.budget-remaining').innerText()).toBe('€0.05 over');
    });
    expect(await groceries.getAttribute('class')).toContain('status-over');
    await screenshotWhole(page, '.budgets-screen', 'dashboard-3-budgets.png');

    // The dashboard's month card measures against the overall limit.
    await openDashboard(page, '€53.55');
    expect(await page.locator('.month-card .budget-line-figures').innerText()).toBe('€53.55 of €500.00');
    await context.close();
  });

  it('shows who spent what in a shared wallet', async () => {
    const ownerEmail = uniqueEmail('owner');
    const partnerEmail = uniqueEmail('partner');
    const asOwner = apiAs(env.server.app, await registerThroughApi(env.server.app, ownerEmail));
    const asPartner = apiAs(env.server.app, await registerThroughApi(env.server.app, partnerEmail));
    const wallet = (await asOwner('POST', '/api/v1/wallets', { name: 'Household', currency: 'EUR' })).json<{
      id: string;
    }>();
    const invite = (
      await asOwner('POST', `/api/v1/wallets/${wallet.id}/invites`, { email: partnerEmail, role: 'editor' })
    ).json<{ id: string }>();
    expect((await asPartner('POST', `/api/v1/invites/${invite.id}/accept`, {})).statusCode).toBe(200);
    for (const [call, amount, category] of [
      [asOwner, '60.00', 'Groceries'],
      [asOwner, '15.25', 'Household'],
      [asPartner, '24.75', 'Groceries'],
    ] as const) {
      const created = await call('POST', '/api/v1/expenses', {
        walletId: wallet.id,
        amount,
        category,
        date: `${THIS_MONTH}-01`,
      });
      expect(created.statusCode).toBe(201);
    }

    const context = await newContext(env.browser, env.server.url, { ...DESKTOP, bypassCSP: true });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('Email').waitFor();
    await signIn(page, ownerEmail);
    const switcher = page.getByLabel('Wallet', { exact: true });
    await eventually(async () => {
      expect(await switcher.locator('option').allInnerTexts()).toContain('Household · EUR');
    });
    await switcher.selectOption({ label: 'Household · EUR' });
    await openDashboard(page, '€100.00');
    const members = page.locator('.member-list li');
    await eventually(async () => {
      expect(await members.count()).toBe(2);
    });
    expect(await members.nth(0).innerText()).toContain(ownerEmail);
    expect(await members.nth(0).locator('.budget-line-figures').innerText()).toBe('€75.25');
    expect(await members.nth(0).innerText()).toContain('75% · 2 expenses');
    expect(await members.nth(1).innerText()).toContain(partnerEmail);
    expect(await members.nth(1).locator('.budget-line-figures').innerText()).toBe('€24.75');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotWhole(page, '.dashboard', 'dashboard-5-shared-wallet.png');
    await context.close();

    // A viewer reads the budgets the owner set, and cannot change them.
    const viewerEmail = uniqueEmail('viewer');
    const asViewer = apiAs(env.server.app, await registerThroughApi(env.server.app, viewerEmail));
    const viewerInvite = (
      await asOwner('POST', `/api/v1/wallets/${wallet.id}/invites`, { email: viewerEmail, role: 'viewer' })
    ).json<{ id: string }>();
    expect((await asViewer('POST', `/api/v1/invites/${viewerInvite.id}/accept`, {})).statusCode).toBe(200);
    const limit = await asOwner('PUT', `/api/v1/budgets/Groceries?walletId=${wallet.id}`, { monthlyLimit: '80.00' });
    expect(limit.statusCode).toBe(200);
    const viewerContext = await newContext(env.browser, env.server.url, PHONE);
    const viewerPage = await viewerContext.newPage();
    await viewerPage.goto('/');
    await viewerPage.getByLabel('Email').waitFor();
    await signIn(viewerPage, viewerEmail);
    const viewerSwitcher = viewerPage.getByLabel('Wallet', { exact: true });
    await eventually(async () => {
      expect(await viewerSwitcher.locator('option').allInnerTexts()).toContain('Household · EUR');
    });
    await viewerSwitcher.selectOption({ label: 'Household · EUR' });
    await eventually(async () => {
      expect(await viewerPage.locator('.budget-banner').innerText()).toContain(
        'Over budget this month: Groceries 106%',
      );
    });
    await viewerPage.getByRole('button', { name: 'See budgets' }).click();
    await viewerPage.getByRole('heading', { name: 'Budgets', level: 1 }).waitFor();
    await viewerPage.getByText('You can see this wallet’s budgets but not change them.').waitFor();
    await eventually(async () => {
      expect(await viewerPage.locator('.budget-line[data-budget="Groceries"] .budget-remaining').innerText()).toBe(
        '€4.75 over',
      );
    });
    expect(await viewerPage.getByRole('button', { name: 'Add budget' }).count()).toBe(0);
    expect(await viewerPage.getByRole('button', { name: 'Change' }).count()).toBe(0);
    await viewerPage.screenshot({ path: screenshotPath('dashboard-6-budgets-viewer-phone.png') });
    await viewerContext.close();
  });

  // The narrowest phones in use: 360 CSS pixels wide.
  const SMALL_PHONE: BrowserContextOptions = { ...PHONE, viewport: { width: 360, height: 780 } };
  for (const [name, options] of [
    ['phone', SMALL_PHONE],
    ['phone-dark', { ...SMALL_PHONE, colorScheme: 'dark' }],
  ] as [string, BrowserContextOptions][]) {
    it(`is readable and accessible on a 360 px ${name === 'phone' ? '' : 'dark '}phone`, async () => {
      const email = uniqueEmail('dash-phone');
      await seedUser(email);
      const context = await newContext(env.browser, env.server.url, { ...options, bypassCSP: true });
      const page = await context.newPage();
      await page.goto('/');
      await page.getByLabel('Email').waitFor();
      await signIn(page, email);
      await openDashboard(page);
      // Nothing overflows a phone's width.
      const overflow = await page.evaluate(() => {
        const screen = document.querySelector('.dashboard');
        return screen ? screen.scrollWidth - screen.clientWidth : -1;
      });
      expect(overflow).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      await page.mouse.move(0, 0);
      await screenshotWhole(page, '.dashboard', `dashboard-4-${name}.png`);
      // A tap on a bar opens that month.
      await page.locator(`.bar[data-month="${THIS_MONTH}"]`).tap();
      await history(page).waitFor();
      await eventually(async () => {
        expect((await visibleCategories(page)).sort()).toEqual(['Dining out', 'Groceries', 'Groceries', 'Transport']);
      });
      await context.close();
    });
  }
});
