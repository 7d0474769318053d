import type { AuthSession, Expense, ExpensePage, MonthlySummary, Problem, RecurringRule, Wallet } from '@ttm/contract';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { testConfig } from './support/app.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';
import { addMember, API, createSharedWallet, registerUser, type TestUser } from './support/factories.js';
import { pullAll } from './support/sync.js';

/** The app's "now": 2026-11-22 at noon UTC. */
const NOW = Date.parse('2026-11-22T12:00:00.000Z');

type RuleInput = Record<string, unknown>;

for (const kind of DATABASE_KINDS) {
  describe(`recurring expenses [${kind}]`, () => {
    let database: TestDatabase;
    let app: FastifyInstance;
    let now = NOW;
    const clock = () => now;

    async function start(): Promise<FastifyInstance> {
      const started = await buildApp({ config: testConfig(), database, clock });
      await started.ready();
      return started;
    }

    /**
     * The server stops, time passes, and it starts again on the same database; the user signs in
     * again (their access token has expired meanwhile).
     */
    async function restartAt(iso: string, user: TestUser): Promise<TestUser> {
      await app.close();
      now = Date.parse(iso);
      app = await start();
      const login = await app.inject({
        method: 'POST',
        url: `${API}/auth/login`,
        payload: { email: user.email, password: user.password },
      });
      expect(login.statusCode, login.body).toBe(200);
      const { accessToken } = login.json<AuthSession>();
      return { ...user, accessToken, auth: { authorization: `Bearer ${accessToken}` } };
    }

    beforeAll(async () => {
      database = await createTestDatabase(kind);
      app = await start();
    });
    afterAll(async () => {
      await app.close();
      await database.dispose();
    });
    beforeEach(() => {
      now = NOW;
    });

    function createRule(user: TestUser, input: RuleInput) {
      return app.inject({
        method: 'POST',
        url: `${API}/recurring-rules`,
        headers: user.auth,
        payload: { amount: '25.00', category: 'Rent', frequency: 'monthly', startDate: '2026-11-01', ...input },
      });
    }

    async function createRuleOk(user: TestUser, input: RuleInput): Promise<RecurringRule> {
      const response = await createRule(user, input);
      expect(response.statusCode, response.body).toBe(201);
      return response.json<RecurringRule>();
    }

    function patchRule(user: TestUser, id: string, body: RuleInput) {
      return app.inject({ method: 'PATCH', url: `${API}/recurring-rules/${id}`, headers: user.auth, payload: body });
    }

    async function patchRuleOk(user: TestUser, id: string, body: RuleInput): Promise<RecurringRule> {
      const response = await patchRule(user, id, body);
      expect(response.statusCode, response.body).toBe(200);
      return response.json<RecurringRule>();
    }

    async function getRule(user: TestUser, id: string): Promise<RecurringRule> {
      const response = await app.inject({ method: 'GET', url: `${API}/recurring-rules/${id}`, headers: user.auth });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<RecurringRule>();
    }

    async function listRules(user: TestUser, walletId: string): Promise<RecurringRule[]> {
      const response = await app.inject({
        method: 'GET',
        url: `${API}/recurring-rules?walletId=${walletId}`,
        headers: user.auth,
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<RecurringRule[]>();
    }

    /** The wallet's history, oldest first. */
    async function history(user: TestUser, walletId = user.walletId): Promise<Expense[]> {
      const response = await app.inject({
        method: 'GET',
        url: `${API}/expenses?walletId=${walletId}&limit=200`,
        headers: user.auth,
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<ExpensePage>().items.reverse();
    }

    const datesOf = (expenses: readonly Expense[]) => expenses.map((expense) => expense.date);

    async function storedOccurrences(ruleId: string) {
      return database.db
        .selectFrom('recurring_occurrences')
        .select(['occurrence_date', 'expense_id'])
        .where('rule_id', '=', ruleId)
        .orderBy('occurrence_date')
        .execute();
    }

    async function expenseRowsOf(ruleId: string) {
      return database.db
        .selectFrom('expenses')
        .select(['id', 'date', 'deleted_at'])
        .where('recurring_rule_id', '=', ruleId)
        .orderBy('date')
        .execute();
    }

    async function setTimeZone(user: TestUser, walletId: string, timeZone: string) {
      return app.inject({
        method: 'PATCH',
        url: `${API}/wallets/${walletId}`,
        headers: user.auth,
        payload: { timeZone },
      });
    }

    describe('POST /recurring-rules', () => {
      it('creates the occurrences due up to today at once, marked with the rule, in history, totals and sync', async () => {
        const user = await registerUser(app);
        const before = await pullAll(app, user, null);
        const rule = await createRuleOk(user, {
          amount: '12.5',
          category: 'Gym',
          note: 'membership',
          frequency: 'weekly',
          startDate: '2026-11-01',
        });
        expect(rule).toMatchObject({
          walletId: user.walletId,
          amount: '12.50',
          currency: 'EUR',
          category: 'Gym',
          note: 'membership',
          frequency: 'weekly',
          interval: 1,
          dayOfMonth: null,
          endDate: null,
          endCount: null,
          paused: false,
          nextDate: '2026-11-29',
          timeZone: 'UTC',
          createdBy: user.id,
        });
        const expenses = await history(user);
        expect(datesOf(expenses)).toEqual(['2026-11-01', '2026-11-08', '2026-11-15', '2026-11-22']);
        for (const expense of expenses) {
          expect(expense).toMatchObject({
            amount: '12.50',
            category: 'Gym',
            note: 'membership',
            createdBy: user.id,
            recurringRuleId: rule.id,
          });
        }
        // One wallet version per occurrence, so a pull pages through them like any other writes.
        expect(new Set(expenses.map((expense) => expense.version)).size).toBe(4);

        const summary = await app.inject({
          method: 'GET',
          url: `${API}/summary/monthly?from=2026-11&to=2026-11`,
          headers: user.auth,
        });
        expect(summary.json<MonthlySummary>().months[0]).toMatchObject({ total: '50.00', count: 4 });

        const pulled = await pullAll(app, user, before.cursor);
        const upserts = pulled.changes.filter((change) => change.op === 'upsert');
        expect(upserts).toHaveLength(4);
        expect(upserts.map((change) => change.expense.recurringRuleId)).toEqual([rule.id, rule.id, rule.id, rule.id]);
      });

      it('creates nothing yet for a rule that starts in the future', async () => {
        const user = await registerUser(app);
        const rule = await createRuleOk(user, { startDate: '2026-12-15', frequency: 'monthly' });
        expect(rule.nextDate).toBe('2026-12-15');
        expect(await history(user)).toEqual([]);
      });

      it('refuses bad rules with a 400 and writes nothing', async () => {
        const user = await registerUser(app);
        const cases: RuleInput[] = [
          { startDate: '2025-11-20' },
          { startDate: '2026-11-10', endDate: '2026-11-09' },
          { endDate: '2026-12-31', endCount: 3 },
          { frequency: 'weekly', dayOfMonth: 5 },
          { amount: '1.005' },
          { amount: '0' },
          { interval: 0 },
          { frequency: 'hourly' },
          { dayOfMonth: 32 },
          { endCount: 0 },
          { startDate: '2026-02-30' },
          { category: '   ' },
        ];
        for (const input of cases) {
          const response = await createRule(user, input);
          expect(response.statusCode, JSON.stringify(input)).toBe(400);
          expect(response.json<Problem>().code).toBe('validation_failed');
        }
        expect(await listRules(user, user.walletId)).toEqual([]);
        expect(await history(user)).toEqual([]);
      });

      it('catches up a rule started up to a year ago in one request, beyond the per-run cap', async () => {
        const user = await registerUser(app);
        const rule = await createRuleOk(user, { frequency: 'daily', startDate: '2025-11-21' });
        expect(rule.nextDate).toBe('2026-11-23');
        const rows = await expenseRowsOf(rule.id);
        expect(rows).toHaveLength(367);
        expect(rows[0]?.date).toBe('2025-11-21');
        expect(rows.at(-1)?.date).toBe('2026-11-22');
      });
    });

    describe('schedules', () => {
      it('puts a monthly rule on the 31st on the last day of shorter months, also across three periods of downtime', async () => {
        let user = await registerUser(app);
        const rule = await createRuleOk(user, { frequency: 'monthly', startDate: '2026-08-31' });
        expect(datesOf(await history(user))).toEqual(['2026-08-31', '2026-09-30', '2026-10-31']);
        expect(rule.nextDate).toBe('2026-11-30');

        // Down from before 30 November until 15 February: three occurrences passed meanwhile.
        user = await restartAt('2027-02-15T09:00:00.000Z', user);
        expect(datesOf(await history(user))).toEqual([
          '2026-08-31',
          '2026-09-30',
          '2026-10-31',
          '2026-11-30',
          '2026-12-31',
          '2027-01-31',
        ]);
        expect((await getRule(user, rule.id)).nextDate).toBe('2027-02-28');

        // Another restart at the same moment creates nothing twice.
        user = await restartAt('2027-02-15T10:00:00.000Z', user);
        expect(await history(user)).toHaveLength(6);
        expect(await storedOccurrences(rule.id)).toHaveLength(6);
      });

      it('keeps a yearly rule from a leap day on 28 February in common years and 29 February in leap years', async () => {
        let user = await registerUser(app);
        const rule = await createRuleOk(user, { frequency: 'yearly', startDate: '2028-02-29' });
        expect(rule.nextDate).toBe('2028-02-29');
        user = await restartAt('2029-03-01T00:30:00.000Z', user);
        expect(datesOf(await history(user))).toEqual(['2028-02-29', '2029-02-28']);
        expect((await getRule(user, rule.id)).nextDate).toBe('2030-02-28');
      });

      it('uses the last day of each month for dayOfMonth "last", 29 February included', async () => {
        let user = await registerUser(app);
        await createRuleOk(user, { frequency: 'monthly', startDate: '2028-01-05', dayOfMonth: 'last' });
        user = await restartAt('2028-04-01T12:00:00.000Z', user);
        expect(datesOf(await history(user))).toEqual(['2028-01-31', '2028-02-29', '2028-03-31']);
      });

      it('stops after endCount occurrences and reports no next date', async () => {
        let user = await registerUser(app);
        const rule = await createRuleOk(user, {
          frequency: 'daily',
          interval: 2,
          startDate: '2026-11-14',
          endCount: 3,
        });
        expect(datesOf(await history(user))).toEqual(['2026-11-14', '2026-11-16', '2026-11-18']);
        expect(rule.nextDate).toBeNull();
        user = await restartAt('2027-01-10T12:00:00.000Z', user);
        expect(await history(user)).toHaveLength(3);
      });

      it('stops at an inclusive end date', async () => {
        let user = await registerUser(app);
        const rule = await createRuleOk(user, {
          frequency: 'weekly',
          startDate: '2026-11-20',
          endDate: '2026-12-04',
        });
        user = await restartAt('2027-01-10T12:00:00.000Z', user);
        expect(datesOf(await history(user))).toEqual(['2026-11-20', '2026-11-27', '2026-12-04']);
        expect((await getRule(user, rule.id)).nextDate).toBeNull();
      });

      it('catches up a daily rule after a year of downtime in one start, every day once', async () => {
        let user = await registerUser(app);
        const rule = await createRuleOk(user, { frequency: 'daily', startDate: '2026-11-22' });
        user = await restartAt('2027-11-22T12:00:00.000Z', user);
        const rows = await expenseRowsOf(rule.id);
        expect(rows).toHaveLength(366);
        expect(new Set(rows.map((row) => row.date)).size).toBe(366);
        expect((await getRule(user, rule.id)).nextDate).toBe('2027-11-23');
      });

      it('creates each occurrence once when two server instances start at the same time on one database', async () => {
        const user = await registerUser(app);
        const rule = await createRuleOk(user, { frequency: 'daily', startDate: '2026-11-22' });
        await app.close();
        now = Date.parse('2027-01-31T12:00:00.000Z');
        const [first, second] = await Promise.all([start(), start()]);
        app = first;
        await second.close();
        const rows = await expenseRowsOf(rule.id);
        expect(rows).toHaveLength(71);
        expect(new Set(rows.map((row) => row.date)).size).toBe(71);
        expect(await storedOccurrences(rule.id)).toHaveLength(71);
      });
    });

    describe('time zones', () => {
      it("follows the wallet's time zone: the 23rd has begun in Kiritimati while it is the 22nd in UTC", async () => {
        let user = await registerUser(app);
        const wallet = await createSharedWallet(app, user, { name: 'Islands' });
        const changed = await setTimeZone(user, wallet.id, 'pacific/kiritimati');
        expect(changed.statusCode, changed.body).toBe(200);
        expect(changed.json<Wallet>().timeZone).toBe('Pacific/Kiritimati');

        const island = await createRuleOk(user, { walletId: wallet.id, frequency: 'daily', startDate: '2026-11-23' });
        const home = await createRuleOk(user, { frequency: 'daily', startDate: '2026-11-23' });
        expect(island.timeZone).toBe('Pacific/Kiritimati');
        expect(datesOf(await history(user, wallet.id))).toEqual(['2026-11-23']);
        expect(await history(user)).toEqual([]);
        expect(home.nextDate).toBe('2026-11-23');

        // 10:00 UTC on the 23rd is midnight of the 24th in Kiritimati (UTC+14).
        user = await restartAt('2026-11-23T10:00:00.000Z', user);
        expect(datesOf(await history(user))).toEqual(['2026-11-23']);
        expect(datesOf(await history(user, wallet.id))).toEqual(['2026-11-23', '2026-11-24']);
      });

      it('refuses a time zone Intl does not know, or an offset, and lets only an owner set one', async () => {
        const owner = await registerUser(app);
        const editor = await registerUser(app);
        const wallet = await createSharedWallet(app, owner);
        await addMember(app, owner, wallet.id, editor, 'editor');
        for (const timeZone of ['Mars/Olympus_Mons', '+01:00', '', 'Europe/Paris; drop table']) {
          const response = await setTimeZone(owner, wallet.id, timeZone);
          expect(response.statusCode, timeZone).toBe(400);
        }
        expect((await setTimeZone(editor, wallet.id, 'Europe/Paris')).statusCode).toBe(403);
        const wallets = await app.inject({ method: 'GET', url: `${API}/wallets/${wallet.id}`, headers: owner.auth });
        expect(wallets.json<Wallet>().timeZone).toBe('UTC');
      });
    });

    describe('editing, pausing and deleting', () => {
      it('never changes the rule when one occurrence is edited or deleted, and never brings a deleted one back', async () => {
        let user = await registerUser(app);
        const rule = await createRuleOk(user, { frequency: 'weekly', startDate: '2026-11-08' });
        const [first, second] = await history(user);
        if (!first || !second) throw new Error('expected two occurrences');
        const edited = await app.inject({
          method: 'PATCH',
          url: `${API}/expenses/${first.id}`,
          headers: user.auth,
          payload: { amount: '99.00', note: 'paid twice this time' },
        });
        expect(edited.statusCode, edited.body).toBe(200);
        expect(edited.json<Expense>().recurringRuleId).toBe(rule.id);
        const deleted = await app.inject({ method: 'DELETE', url: `${API}/expenses/${second.id}`, headers: user.auth });
        expect(deleted.statusCode).toBe(204);

        expect(await getRule(user, rule.id)).toEqual(rule);
        user = await restartAt('2026-11-23T12:00:00.000Z', user);
        const after = await history(user);
        expect(after.map((expense) => [expense.date, expense.amount])).toEqual([
          ['2026-11-08', '99.00'],
          ['2026-11-22', '25.00'],
        ]);
        expect(await storedOccurrences(rule.id)).toHaveLength(3);
      });

      it('applies an edit only to occurrences not created yet', async () => {
        let user = await registerUser(app);
        const rule = await createRuleOk(user, { frequency: 'monthly', startDate: '2026-10-05', amount: '800' });
        const updated = await patchRuleOk(user, rule.id, { amount: '850.00', category: 'Housing', note: 'new lease' });
        expect(updated).toMatchObject({
          amount: '850.00',
          category: 'Housing',
          note: 'new lease',
          nextDate: '2026-12-05',
        });
        user = await restartAt('2026-12-10T12:00:00.000Z', user);
        expect((await history(user)).map((expense) => [expense.date, expense.amount, expense.category])).toEqual([
          ['2026-10-05', '800.00', 'Rent'],
          ['2026-11-05', '800.00', 'Rent'],
          ['2026-12-05', '850.00', 'Housing'],
        ]);
      });

      it('continues a changed schedule from today without creating the dates it skipped', async () => {
        const user = await registerUser(app);
        const rule = await createRuleOk(user, { frequency: 'monthly', startDate: '2026-10-25' });
        expect(rule.nextDate).toBe('2026-11-25');
        const moved = await patchRuleOk(user, rule.id, { dayOfMonth: 1 });
        expect(moved).toMatchObject({ dayOfMonth: 1, nextDate: '2026-12-01' });
        const weekly = await patchRuleOk(user, rule.id, { frequency: 'weekly', startDate: '2026-11-20' });
        expect(weekly).toMatchObject({ frequency: 'weekly', dayOfMonth: null, nextDate: '2026-11-27' });
        expect(datesOf(await history(user))).toEqual(['2026-10-25']);
      });

      it('switches the end from a count to a date when only the date is sent', async () => {
        const user = await registerUser(app);
        const rule = await createRuleOk(user, { startDate: '2026-12-01', endCount: 2 });
        const updated = await patchRuleOk(user, rule.id, { endDate: '2027-06-30' });
        expect(updated).toMatchObject({ endDate: '2027-06-30', endCount: null });
        const refused = await patchRule(user, rule.id, { endDate: '2026-11-30' });
        expect(refused.statusCode).toBe(400);
      });

      it('creates nothing while paused and does not backfill the paused periods on resume', async () => {
        let user = await registerUser(app);
        const rule = await createRuleOk(user, { frequency: 'weekly', startDate: '2026-11-15' });
        const paused = await patchRuleOk(user, rule.id, { paused: true });
        expect(paused.paused).toBe(true);
        user = await restartAt('2026-12-09T12:00:00.000Z', user);
        expect(datesOf(await history(user))).toEqual(['2026-11-15', '2026-11-22']);
        const resumed = await patchRuleOk(user, rule.id, { paused: false });
        expect(resumed).toMatchObject({ paused: false, nextDate: '2026-12-13' });
        user = await restartAt('2026-12-13T12:00:00.000Z', user);
        expect(datesOf(await history(user))).toEqual(['2026-11-15', '2026-11-22', '2026-12-13']);
      });

      it('deletes the rule but keeps the expenses it made, still marked as recurring', async () => {
        let user = await registerUser(app);
        const rule = await createRuleOk(user, { frequency: 'weekly', startDate: '2026-11-15' });
        const removed = await app.inject({
          method: 'DELETE',
          url: `${API}/recurring-rules/${rule.id}`,
          headers: user.auth,
        });
        expect(removed.statusCode).toBe(204);
        const missing = await app.inject({
          method: 'GET',
          url: `${API}/recurring-rules/${rule.id}`,
          headers: user.auth,
        });
        expect(missing.statusCode).toBe(404);
        user = await restartAt('2026-12-20T12:00:00.000Z', user);
        const kept = await history(user);
        expect(datesOf(kept)).toEqual(['2026-11-15', '2026-11-22']);
        expect(kept.every((expense) => expense.recurringRuleId === rule.id)).toBe(true);
        expect(await listRules(user, user.walletId)).toEqual([]);
      });
    });

    describe('shared wallets', () => {
      it("keeps a rule running without an author after its author's account is deleted", async () => {
        let owner = await registerUser(app);
        const editor = await registerUser(app);
        const wallet = await createSharedWallet(app, owner);
        await addMember(app, owner, wallet.id, editor, 'editor');
        const rule = await createRuleOk(editor, { walletId: wallet.id, frequency: 'weekly', startDate: '2026-11-22' });
        const gone = await app.inject({
          method: 'DELETE',
          url: `${API}/me`,
          headers: editor.auth,
          payload: { password: editor.password },
        });
        expect(gone.statusCode, gone.body).toBe(204);
        expect((await getRule(owner, rule.id)).createdBy).toBeNull();
        owner = await restartAt('2026-11-29T12:00:00.000Z', owner);
        const made = await history(owner, wallet.id);
        expect(made.map((expense) => [expense.date, expense.createdBy, expense.recurringRuleId])).toEqual([
          ['2026-11-22', null, rule.id],
          ['2026-11-29', null, rule.id],
        ]);
      });

      it('lets editors and owners manage rules and viewers only see them', async () => {
        const owner = await registerUser(app);
        const editor = await registerUser(app);
        const viewer = await registerUser(app);
        const wallet = await createSharedWallet(app, owner);
        await addMember(app, owner, wallet.id, editor, 'editor');
        await addMember(app, owner, wallet.id, viewer, 'viewer');

        const byEditor = await createRuleOk(editor, { walletId: wallet.id, startDate: '2026-12-01' });
        const byOwner = await createRuleOk(owner, { walletId: wallet.id, startDate: '2026-12-02' });
        await patchRuleOk(editor, byOwner.id, { amount: '30.00' });
        await patchRuleOk(owner, byEditor.id, { paused: true });

        expect((await listRules(viewer, wallet.id)).map((rule) => rule.id)).toEqual([byEditor.id, byOwner.id]);
        expect((await getRule(viewer, byEditor.id)).paused).toBe(true);
        const viewerCreate = await createRule(viewer, { walletId: wallet.id });
        expect(viewerCreate.statusCode).toBe(403);
        expect(viewerCreate.json<Problem>().code).toBe('forbidden');
        expect((await patchRule(viewer, byOwner.id, { paused: true })).statusCode).toBe(403);
        const viewerDelete = await app.inject({
          method: 'DELETE',
          url: `${API}/recurring-rules/${byOwner.id}`,
          headers: viewer.auth,
        });
        expect(viewerDelete.statusCode).toBe(403);
        expect(await listRules(owner, wallet.id)).toHaveLength(2);

        const removed = await app.inject({
          method: 'DELETE',
          url: `${API}/recurring-rules/${byOwner.id}`,
          headers: editor.auth,
        });
        expect(removed.statusCode).toBe(204);
      });
    });
  });
}
