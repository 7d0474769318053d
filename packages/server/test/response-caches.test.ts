import type { CategorySummary, Expense, ImportResult, MonthlySummary } from '@ttm/contract';
import { expect, it } from 'vitest';
import { SESSION_RECHECK_MS } from '../src/security/active-sessions.js';
import { describeEachDatabase } from './support/app.js';
import {
  addMember,
  API,
  createExpense,
  createSharedWallet,
  PASSWORD,
  registerUser,
  type TestUser,
} from './support/factories.js';
import { createMutation, deleteMutation, pushOne, updateMutation } from './support/sync.js';

/** The app's clock, moved by the tests: starts on 2026-11-22. */
let now = Date.parse('2026-11-22T12:00:00.000Z');
const clock = () => now;

describeEachDatabase(
  'cached summaries follow every write',
  (ctx) => {
    const app = () => ctx().app;

    async function household(): Promise<{ owner: TestUser; editor: TestUser; walletId: string }> {
      const owner = await registerUser(app());
      const editor = await registerUser(app());
      const wallet = await createSharedWallet(app(), owner);
      await addMember(app(), owner, wallet.id, editor, 'editor');
      return { owner, editor, walletId: wallet.id };
    }

    /** Both summaries over the default ranges (which depend on today), as `user` sees them. */
    async function summaries(user: TestUser, walletId: string) {
      const monthly = await app().inject({
        method: 'GET',
        url: `${API}/summary/monthly?walletId=${walletId}`,
        headers: user.auth,
      });
      const categories = await app().inject({
        method: 'GET',
        url: `${API}/summary/categories?walletId=${walletId}`,
        headers: user.auth,
      });
      expect(monthly.statusCode, monthly.body).toBe(200);
      expect(categories.statusCode, categories.body).toBe(200);
      const month = monthly.json<MonthlySummary>();
      const range = categories.json<CategorySummary>();
      return {
        monthTotal: month.months.at(-1)?.total,
        rangeTotal: range.total,
        rangeCount: range.count,
        members: (range.members ?? []).map((member) => [member.email, member.total]),
        monthlyMembers: (month.members ?? []).map((member) => member.email),
      };
    }

    it('after POST, PATCH and DELETE of an expense, both summaries show the change on the next request', async () => {
      const { owner, editor, walletId } = await household();
      expect((await summaries(owner, walletId)).rangeTotal).toBe('0.00');

      const created = await createExpense(app(), editor, { walletId, amount: '10.00', date: '2026-11-20' });
      expect(await summaries(owner, walletId)).toMatchObject({
        monthTotal: '10.00',
        rangeTotal: '10.00',
        rangeCount: 1,
      });

      const patched = await app().inject({
        method: 'PATCH',
        url: `${API}/expenses/${created.id}`,
        headers: editor.auth,
        payload: { amount: '25.00' },
      });
      expect(patched.statusCode).toBe(200);
      expect(await summaries(owner, walletId)).toMatchObject({ monthTotal: '25.00', rangeTotal: '25.00' });

      const deleted = await app().inject({
        method: 'DELETE',
        url: `${API}/expenses/${created.id}`,
        headers: editor.auth,
      });
      expect(deleted.statusCode).toBe(204);
      expect(await summaries(owner, walletId)).toMatchObject({ monthTotal: '0.00', rangeTotal: '0.00', rangeCount: 0 });
    });

    it('after a CSV import, both summaries include the imported rows', async () => {
      const { owner, walletId } = await household();
      await summaries(owner, walletId);
      const imported = await app().inject({
        method: 'POST',
        url: `${API}/expenses/import?walletId=${walletId}`,
        headers: { ...owner.auth, 'content-type': 'text/csv' },
        payload: 'date,amount,category\n2026-11-02,3.00,Rent\n2026-11-03,4.00,Food\n',
      });
      expect(imported.statusCode, imported.body).toBe(200);
      expect(imported.json<ImportResult>().imported).toBe(2);
      expect(await summaries(owner, walletId)).toMatchObject({ monthTotal: '7.00', rangeTotal: '7.00', rangeCount: 2 });
    });

    it('after sync pushes (create, update, delete), both summaries show each change', async () => {
      const { owner, editor, walletId } = await household();
      await summaries(owner, walletId);
      const create = createMutation(walletId, { amount: '8.00', date: '2026-11-10' });
      const created = await pushOne(app(), editor, 'phone', create);
      expect(created.status).toBe('applied');
      expect(await summaries(owner, walletId)).toMatchObject({ rangeTotal: '8.00' });

      const updated = await pushOne(
        app(),
        editor,
        'phone',
        updateMutation(created.expense as Expense, { amount: '9.00' }),
      );
      expect(updated.status).toBe('applied');
      expect(await summaries(owner, walletId)).toMatchObject({ rangeTotal: '9.00' });

      const deleted = await pushOne(app(), editor, 'phone', deleteMutation(updated.expense as Expense));
      expect(deleted.status).toBe('applied');
      expect(await summaries(owner, walletId)).toMatchObject({ rangeTotal: '0.00' });
    });

    it('after a member joins or is removed, the member lists change on the next request', async () => {
      const { owner, editor, walletId } = await household();
      const before = await summaries(owner, walletId);
      expect(before.monthlyMembers.sort()).toEqual([editor.email, owner.email].sort());

      const newcomer = await registerUser(app());
      await addMember(app(), owner, walletId, newcomer, 'viewer');
      expect((await summaries(owner, walletId)).monthlyMembers.sort()).toEqual(
        [editor.email, newcomer.email, owner.email].sort(),
      );

      const removed = await app().inject({
        method: 'DELETE',
        url: `${API}/wallets/${walletId}/members/${newcomer.id}`,
        headers: owner.auth,
      });
      expect(removed.statusCode).toBe(204);
      expect((await summaries(owner, walletId)).monthlyMembers.sort()).toEqual([editor.email, owner.email].sort());
    });

    it('after a former member who wrote expenses deletes their account, their spending shows as a deleted account', async () => {
      const { owner, editor, walletId } = await household();
      await createExpense(app(), editor, { walletId, amount: '6.00', date: '2026-11-05' });
      const left = await app().inject({
        method: 'DELETE',
        url: `${API}/wallets/${walletId}/members/${editor.id}`,
        headers: editor.auth,
      });
      expect(left.statusCode).toBe(204);
      // A former author is still named while the account exists.
      expect((await summaries(owner, walletId)).members).toContainEqual([editor.email, '6.00']);

      const deleted = await app().inject({
        method: 'DELETE',
        url: `${API}/me`,
        headers: editor.auth,
        payload: { password: PASSWORD },
      });
      expect(deleted.statusCode).toBe(204);
      const after = await summaries(owner, walletId);
      expect(after.members).toContainEqual([null, '6.00']);
      expect(after.members.map(([email]) => email)).not.toContain(editor.email);
    });

    it('when the date moves into a new month, the default ranges move with it', async () => {
      const { owner, walletId } = await household();
      await createExpense(app(), owner, { walletId, amount: '5.00', date: '2026-11-20' });
      const november = await summaries(owner, walletId);
      expect(november).toMatchObject({ monthTotal: '5.00', rangeTotal: '5.00' });
      now = Date.parse('2026-12-01T08:00:00.000Z');
      try {
        expect(await summaries(owner, walletId)).toMatchObject({ monthTotal: '0.00', rangeTotal: '0.00' });
      } finally {
        now = Date.parse('2026-11-22T12:00:00.000Z');
      }
    });
  },
  { clock },
);

describeEachDatabase(
  'remembered sessions',
  (ctx) => {
    const app = () => ctx().app;
    const meStatus = async (user: TestUser) =>
      (await app().inject({ method: 'GET', url: `${API}/me`, headers: user.auth })).statusCode;
    const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
      app().inject({ method: 'POST', url: `${API}${url}`, payload, headers });

    it('a token used a moment ago is refused right after its session signs out', async () => {
      const user = await registerUser(app());
      expect(await meStatus(user)).toBe(200);
      expect((await post('/auth/logout', { refreshToken: user.refreshToken })).statusCode).toBe(204);
      expect(await meStatus(user)).toBe(401);
    });

    it('a token used a moment ago is refused right after a refresh token of its session is replayed', async () => {
      const user = await registerUser(app());
      expect(await meStatus(user)).toBe(200);
      expect((await post('/auth/refresh', { refreshToken: user.refreshToken })).statusCode).toBe(200);
      expect((await post('/auth/refresh', { refreshToken: user.refreshToken })).statusCode).toBe(401);
      expect(await meStatus(user)).toBe(401);
    });

    it('another session used a moment ago is refused right after a password change', async () => {
      const user = await registerUser(app());
      const login = await post('/auth/login', { email: user.email, password: PASSWORD });
      const other = { ...user, auth: { authorization: `Bearer ${login.json<{ accessToken: string }>().accessToken}` } };
      expect(await meStatus(other)).toBe(200);
      const changed = await post(
        '/auth/password',
        { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
        user.auth,
      );
      expect(changed.statusCode).toBe(204);
      expect(await meStatus(other)).toBe(401);
      expect(await meStatus(user)).toBe(200);
    });

    it('a token used a moment ago is refused right after its account is deleted', async () => {
      const user = await registerUser(app());
      expect(await meStatus(user)).toBe(200);
      const deleted = await app().inject({
        method: 'DELETE',
        url: `${API}/me`,
        headers: user.auth,
        payload: { password: PASSWORD },
      });
      expect(deleted.statusCode).toBe(204);
      expect(await meStatus(user)).toBe(401);
    });

    it('a session revoked by another server process is refused once the recheck interval has passed', async () => {
      const user = await registerUser(app());
      expect(await meStatus(user)).toBe(200);
      // Another process signs the session out: only the database knows.
      await ctx()
        .database.db.updateTable('sessions')
        .set({ revoked_at: new Date(now).toISOString() })
        .where('user_id', '=', user.id)
        .execute();
      now += SESSION_RECHECK_MS + 1;
      expect(await meStatus(user)).toBe(401);
    });
  },
  { clock },
);
