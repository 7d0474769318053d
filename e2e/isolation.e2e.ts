import { describe, expect, it } from 'vitest';
import {
  addExpense,
  eventually,
  signIn,
  signOut,
  signUp,
  uniqueEmail,
  visibleCategories,
} from './support/app-driver.js';
import { useServerAndBrowser } from './support/harness.js';
import { newContext } from './support/browser.js';

const env = useServerAndBrowser();

describe('two different users', () => {
  it('never see each other’s expenses, in separate browsers or one after the other in the same one', async () => {
    const annEmail = uniqueEmail('ann');
    const bobEmail = uniqueEmail('bob');
    const annContext = await newContext(env.browser, env.server.url);
    const bobContext = await newContext(env.browser, env.server.url);
    const ann = await annContext.newPage();
    const bob = await bobContext.newPage();
    await signUp(ann, annEmail);
    await signUp(bob, bobEmail);
    await addExpense(ann, { amount: '10.00', category: 'Ann only', date: '2026-11-05', note: 'secret of Ann' });
    await addExpense(bob, { amount: '20.00', category: 'Bob only', date: '2026-11-06', note: 'secret of Bob' });

    await ann.reload();
    await bob.reload();
    await eventually(async () => {
      expect(await visibleCategories(ann)).toEqual(['Ann only']);
      expect(await visibleCategories(bob)).toEqual(['Bob only']);
    });
    // Searching cannot reach the other user's rows either.
    await bob.getByLabel('Search notes and categories').fill('Ann');
    await bob.getByText('No expenses match these filters.').waitFor();

    // Same env.browser, one after the other: Ann signs out, Bob signs in, and sees only his own.
    await signOut(ann);
    await signIn(ann, bobEmail);
    await eventually(async () => {
      expect(await visibleCategories(ann)).toEqual(['Bob only']);
    });
    expect(await ann.getByText('secret of Ann').count()).toBe(0);
    await annContext.close();
    await bobContext.close();
  });
});
