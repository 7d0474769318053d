import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  addExpense,
  dialog,
  eventually,
  expenseRow,
  history,
  signUp,
  uniqueEmail,
  waitForSynced,
} from './support/app-driver.js';
import { useServerAndBrowser } from './support/harness.js';
import { seriousViolations } from './support/axe-check.js';
import { DESKTOP, newContext, PHONE, screenshotPath } from './support/browser.js';
import { callApiFromPage } from './support/api.js';

/** The smallest phone the app is made for. */
const SMALL_PHONE = { ...PHONE, viewport: { width: 360, height: 800 } };

const env = useServerAndBrowser();

/** Brings the window to the front, as a user switching back to it: the app syncs on focus. */
async function focus(page: Page): Promise<void> {
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
}

async function openWallets(page: Page): Promise<void> {
  await page.getByTestId('manage-wallets').click();
  await page.getByRole('heading', { name: 'Wallets', level: 1 }).waitFor();
}

function switcher(page: Page) {
  return page.getByLabel('Wallet', { exact: true });
}

async function walletOptions(page: Page): Promise<string[]> {
  return switcher(page).locator('option').allInnerTexts();
}

function addedBy(page: Page, note: string) {
  return expenseRow(page, note).locator('.expense-author');
}

async function inviteByEmail(page: Page, email: string, role: 'Editor' | 'Viewer'): Promise<string> {
  const form = page.locator('form.invite-form');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Role').selectOption({ label: role });
  await form.getByRole('button', { name: 'Send invite' }).click();
  await dialog(page).getByRole('heading', { name: 'Invitation ready' }).waitFor();
  const link = await dialog(page).getByTestId('invite-link').inputValue();
  expect(link).toMatch(new RegExp(`^${env.server.url}/invite#token=.+`));
  return link;
}

describe('shared wallet', () => {
  it('two people share a wallet: invite, accept, see each other’s expenses, roles, removal', async () => {
    // axe is injected as an inline script, which the app's strict CSP rightly refuses.
    const ownerContext = await newContext(env.browser, env.server.url, { ...DESKTOP, bypassCSP: true });
    const memberContext = await newContext(env.browser, env.server.url, { ...SMALL_PHONE, bypassCSP: true });
    const owner = await ownerContext.newPage();
    const member = await memberContext.newPage();
    const ownerEmail = uniqueEmail('owner');
    const memberEmail = uniqueEmail('member');
    await signUp(owner, ownerEmail);
    await signUp(member, memberEmail);

    // The owner creates a shared wallet and lands on its members screen.
    await openWallets(owner);
    await owner.getByRole('button', { name: 'New shared wallet' }).click();
    await dialog(owner).getByLabel('Name').fill('Household');
    await dialog(owner).getByLabel('Currency').selectOption('EUR');
    await dialog(owner).getByRole('button', { name: 'Create wallet' }).click();
    await owner.getByRole('heading', { name: 'Household', level: 1 }).waitFor();
    expect(await switcher(owner).locator('option:checked').innerText()).toBe('Household · EUR');

    // Invites the other person by email as an editor; the link is shown once.
    const firstLink = await inviteByEmail(owner, memberEmail, 'Editor');
    await owner.screenshot({ path: screenshotPath('shared-1-invite-link.png') });
    await dialog(owner).getByRole('button', { name: 'Done' }).click();
    await owner.getByTestId('wallet-invite').filter({ hasText: memberEmail }).waitFor();
    expect(await seriousViolations(owner)).toEqual([]);
    await owner.screenshot({ path: screenshotPath('shared-2-members-owner.png'), fullPage: true });
    await owner.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'History' }).click();

    // The invited person sees a badge, then the invitation, and accepts it.
    await focus(member);
    await eventually(async () => {
      expect(await member.getByTestId('manage-wallets').getAttribute('aria-label')).toBe(
        'Wallets & members, 1 invitation waiting',
      );
    });
    await member.screenshot({ path: screenshotPath('shared-3-invite-badge-phone.png') });
    await openWallets(member);
    const invitation = member.getByTestId('pending-invite');
    expect(await invitation.innerText()).toContain('Household (EUR)');
    expect(await invitation.innerText()).toContain(`From ${ownerEmail}`);
    await member.screenshot({ path: screenshotPath('shared-4-pending-invite-phone.png') });
    expect(await seriousViolations(member)).toEqual([]);
    await invitation.getByRole('button', { name: /^Accept/ }).click();
    await history(member).waitFor();
    await waitForSynced(member);
    expect(await switcher(member).locator('option:checked').innerText()).toBe('Household · EUR');
    // Accepted from the list, the link of the same invitation is spent.
    const spent = await callApiFromPage(member, 'POST', '/api/v1/invites/accept-token', {
      token: decodeURIComponent(firstLink.split('#token=')[1] ?? ''),
    });
    expect((spent.json as { code: string }).code).toBe('invite_used');

    // Both add expenses and see each other's, each saying who added it.
    await addExpense(owner, { amount: '64.20', category: 'Groceries', date: '2026-11-14', note: 'Weekly shop' });
    await addExpense(member, { amount: '12.00', category: 'Transport', date: '2026-11-15', note: 'Taxi home' });
    await focus(owner);
    await focus(member);
    await expenseRow(owner, 'Taxi home').waitFor();
    await expenseRow(member, 'Weekly shop').waitFor();
    await eventually(async () => {
      expect(await addedBy(owner, 'Weekly shop').innerText()).toBe('Added by you');
      expect(await addedBy(owner, 'Taxi home').innerText()).toBe(`Added by ${memberEmail}`);
      expect(await addedBy(member, 'Weekly shop').innerText()).toBe(`Added by ${ownerEmail}`);
      expect(await addedBy(member, 'Taxi home').innerText()).toBe('Added by you');
    });
    await owner.screenshot({ path: screenshotPath('shared-5-history-owner.png') });
    await member.screenshot({ path: screenshotPath('shared-6-history-member-phone.png') });

    // The owner makes them a viewer: no add button for them any more, and they are told why.
    await openWallets(owner);
    await owner.getByRole('button', { name: 'Members of Household' }).click();
    await owner.getByLabel(`Role of ${memberEmail}`).selectOption('viewer');
    await owner.locator('.snackbar', { hasText: `${memberEmail} is now viewer` }).waitFor();
    await focus(member);
    await member.getByTestId('viewer-notice').waitFor();
    const nav = member.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('button', { name: 'Add', exact: true }).count()).toBe(0);
    expect(await member.getByRole('button', { name: /^Add/ }).count()).toBe(0);
    // Opening an expense shows it read-only, without Save or Delete.
    await expenseRow(member, 'Weekly shop').click();
    await dialog(member).getByText('You can view this wallet but not change it.').waitFor();
    expect(
      await dialog(member)
        .getByRole('button', { name: /^(Save|Delete)$/ })
        .count(),
    ).toBe(0);
    await dialog(member).locator('.dialog-actions').getByRole('button', { name: 'Close' }).click();
    await member.screenshot({ path: screenshotPath('shared-7-viewer-phone.png') });

    // Touch targets on the members screen are at least 44px, and it fits 360px.
    await member.getByTestId('manage-wallets').click();
    await member.getByRole('button', { name: 'Members of Household' }).click();
    await member.getByRole('heading', { name: 'Household', level: 1 }).waitFor();
    await member.getByRole('button', { name: 'Leave wallet' }).waitFor();
    for (const button of await member.locator('.members-screen button').all()) {
      expect((await button.boundingBox())?.height).toBeGreaterThanOrEqual(44);
    }
    expect(await member.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await member.screenshot({ path: screenshotPath('shared-8-members-viewer-phone.png') });
    expect(await seriousViolations(member)).toEqual([]);
    await member.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'History' }).click();

    // The owner removes them: their view loses the wallet and falls back to the personal one.
    await owner.getByRole('button', { name: `Remove ${memberEmail}` }).click();
    await dialog(owner).getByRole('button', { name: 'Remove' }).click();
    await owner.locator('.snackbar', { hasText: `${memberEmail} was removed` }).waitFor();
    expect(await owner.getByTestId('member-row').count()).toBe(1);
    await focus(member);
    await member.locator('.snackbar', { hasText: 'You no longer have access to “Household”' }).waitFor();
    await member.screenshot({ path: screenshotPath('shared-9-removed-phone.png') });
    await eventually(async () => {
      expect(await walletOptions(member)).toEqual(['Personal · EUR']);
    });
    await member.getByText('No expenses yet.').waitFor();
    expect(await expenseRow(member, 'Weekly shop').count()).toBe(0);
    const leftovers = await member.evaluate(async () => {
      const request = indexedDB.open('trackthatmoney');
      const db = await new Promise<IDBDatabase>((resolve) => {
        request.onsuccess = () => {
          resolve(request.result);
        };
      });
      const count = await new Promise<number>((resolve) => {
        const counting = db.transaction('expenses').objectStore('expenses').count();
        counting.onsuccess = () => {
          resolve(counting.result);
        };
      });
      db.close();
      return count;
    });
    expect(leftovers).toBe(0);

    // Dark mode members screen, for the record.
    await owner.emulateMedia({ colorScheme: 'dark' });
    await owner.screenshot({ path: screenshotPath('shared-10-members-owner-dark.png'), fullPage: true });
    expect(await seriousViolations(owner)).toEqual([]);
    await owner.emulateMedia({ colorScheme: 'light' });

    await ownerContext.close();
    await memberContext.close();
  });

  it('an invite link opened signed out is accepted after signing up; a used link is explained', async () => {
    const ownerContext = await newContext(env.browser, env.server.url);
    const guestContext = await newContext(env.browser, env.server.url, SMALL_PHONE);
    const owner = await ownerContext.newPage();
    const guest = await guestContext.newPage();
    const guestEmail = uniqueEmail('guest');
    await signUp(owner, uniqueEmail('trip-owner'));
    await openWallets(owner);
    await owner.getByRole('button', { name: 'New shared wallet' }).click();
    await dialog(owner).getByLabel('Name').fill('Lisbon trip');
    await dialog(owner).getByLabel('Currency').selectOption('EUR');
    await dialog(owner).getByRole('button', { name: 'Create wallet' }).click();
    await owner.getByRole('heading', { name: 'Lisbon trip', level: 1 }).waitFor();
    const link = await inviteByEmail(owner, guestEmail, 'Viewer');
    await dialog(owner).getByRole('button', { name: 'Done' }).click();

    // Signed out: asked to sign in or up first, then joined straight after.
    await guest.goto(link);
    await guest.getByTestId('invite-banner').waitFor();
    expect(new URL(guest.url()).hash).toBe('');
    await guest.screenshot({ path: screenshotPath('shared-11-invite-link-signed-out-phone.png') });
    await guest.getByRole('button', { name: 'Create account' }).first().click();
    await guest.getByLabel('Email').fill(guestEmail);
    await guest.getByLabel('Password').fill('a long and unusual passphrase 42');
    await guest.locator('form').getByRole('button', { name: 'Create account' }).click();
    await history(guest).waitFor();
    await guest.locator('.snackbar', { hasText: 'You joined “Lisbon trip”' }).waitFor();
    await eventually(async () => {
      expect(await switcher(guest).locator('option:checked').innerText()).toBe('Lisbon trip · EUR');
    });
    await guest.getByTestId('viewer-notice').waitFor();

    // The same link again: single use, and the app says so.
    await guest.goto(link);
    await dialog(guest).getByRole('heading', { name: 'Invitation not accepted' }).waitFor();
    expect(await dialog(guest).getByRole('alert').innerText()).toBe('This invitation has already been used.');
    await guest.screenshot({ path: screenshotPath('shared-12-used-link-phone.png') });
    await dialog(guest).getByRole('button', { name: 'OK' }).click();

    // A link sent to someone else's email is refused with the reason.
    const otherLink = await inviteByEmail(owner, uniqueEmail('someone-else'), 'Editor');
    await guest.goto(otherLink);
    await dialog(guest).getByRole('heading', { name: 'Invitation not accepted' }).waitFor();
    expect(await dialog(guest).getByRole('alert').innerText()).toContain('sent to another email address');
    await dialog(guest).getByRole('button', { name: 'OK' }).click();
    await waitForSynced(guest);

    await ownerContext.close();
    await guestContext.close();
  });

  it('ownership moves to another member, the old owner steps down, and the last owner cannot leave', async () => {
    const ownerContext = await newContext(env.browser, env.server.url);
    const heirContext = await newContext(env.browser, env.server.url, SMALL_PHONE);
    const owner = await ownerContext.newPage();
    const heir = await heirContext.newPage();
    const ownerEmail = uniqueEmail('old-owner');
    const heirEmail = uniqueEmail('heir');
    await signUp(owner, ownerEmail);
    await signUp(heir, heirEmail);
    await openWallets(owner);
    await owner.getByRole('button', { name: 'New shared wallet' }).click();
    await dialog(owner).getByLabel('Name').fill('Flat');
    await dialog(owner).getByRole('button', { name: 'Create wallet' }).click();
    await owner.getByRole('heading', { name: 'Flat', level: 1 }).waitFor();

    // The only owner cannot leave: told to make someone else owner first.
    await owner.getByRole('button', { name: 'Leave wallet' }).click();
    await dialog(owner).getByRole('button', { name: 'Leave wallet' }).click();
    expect(await dialog(owner).getByRole('alert').innerText()).toBe(
      'A wallet needs at least one owner. Make another member an owner first.',
    );
    await dialog(owner).locator('.dialog-actions').getByRole('button', { name: 'Cancel' }).click();

    await inviteByEmail(owner, heirEmail, 'Editor');
    await dialog(owner).getByRole('button', { name: 'Done' }).click();
    await focus(heir);
    await openWallets(heir);
    await heir.getByRole('button', { name: 'Accept invitation to Flat (EUR)' }).click();
    await history(heir).waitFor();

    // Make the heir owner, then step down to editor.
    await focus(owner);
    await owner.getByLabel(`Role of ${heirEmail}`).waitFor();
    await eventually(async () => {
      expect(await owner.getByTestId('wallet-invite').count()).toBe(0);
    });
    await owner.getByLabel(`Role of ${heirEmail}`).selectOption('owner');
    await dialog(owner).getByRole('heading', { name: 'Ownership shared' }).waitFor();
    await owner.screenshot({ path: screenshotPath('shared-13-step-down.png') });
    await dialog(owner).getByRole('button', { name: 'Step down to editor' }).click();
    await owner.getByText('you are editor').waitFor();
    expect(await owner.getByRole('heading', { name: 'Invite someone' }).count()).toBe(0);
    expect(await owner.getByRole('button', { name: 'Delete wallet' }).count()).toBe(0);

    // The heir now manages the wallet.
    await focus(heir);
    await openWallets(heir);
    await heir.getByRole('button', { name: 'Members of Flat' }).click();
    await heir.getByText('you are owner').waitFor();
    expect(await heir.getByLabel(`Role of ${ownerEmail}`).inputValue()).toBe('editor');
    await heir.getByRole('heading', { name: 'Invite someone' }).waitFor();

    // The former owner leaves; the wallet goes from their device.
    await owner.getByRole('button', { name: 'Leave wallet' }).click();
    await dialog(owner).getByRole('button', { name: 'Leave wallet' }).click();
    await history(owner).waitFor();
    await eventually(async () => {
      expect(await walletOptions(owner)).toEqual(['Personal · EUR']);
    });

    await ownerContext.close();
    await heirContext.close();
  });
});
