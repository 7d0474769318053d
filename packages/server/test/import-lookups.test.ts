import { randomUUID } from 'node:crypto';
import type { ImportResult } from '@ttm/contract';
import { CompiledQuery, sql } from 'kysely';
import { expect, it } from 'vitest';
import { existingValues, existingValuesQuery, type ImportKey } from '../src/modules/csv/existing-values.js';
import { describeEachDatabase } from './support/app.js';
import { API, registerUser, type TestUser } from './support/factories.js';

const ROWS = 20_000;

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Total Cost': number;
  readonly 'Relation Name'?: string;
  readonly 'Index Name'?: string;
  readonly 'Actual Rows': number;
  readonly 'Actual Loops': number;
  readonly 'Rows Removed by Filter'?: number;
  readonly 'Rows Removed by Index Recheck'?: number;
  readonly Plans?: readonly PlanNode[];
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

describeEachDatabase('import duplicate lookups', (ctx, kind) => {
  const db = () => ctx().database.db;

  /** `count` rows noted `${tag} <n>`: the same tag makes the same rows, fingerprints included. */
  async function importRows(user: TestUser, count: number, tag: string): Promise<void> {
    const lines = ['date,amount,category,note'];
    for (let n = 0; n < count; n += 1)
      lines.push(`2026-0${String(1 + (n % 9))}-1${String(n % 10)},${String(n + 1)}.00,Food,${tag} ${String(n)}`);
    const response = await ctx().app.inject({
      method: 'POST',
      url: `${API}/expenses/import`,
      headers: { ...user.auth, 'content-type': 'text/csv' },
      payload: `${lines.join('\n')}\n`,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<ImportResult>()).toMatchObject({ imported: count, errors: [] });
  }

  /** Half of the chunk the wallet has (its first rows' fingerprints and ids), half it has not. */
  async function chunkOf(walletId: string, column: ImportKey): Promise<{ known: string[]; unknown: string[] }> {
    const rows = await db()
      .selectFrom('expenses')
      .select(`${column} as value`)
      .where('wallet_id', '=', walletId)
      .orderBy('version')
      .limit(250)
      .execute();
    const known = rows.map((row) => String(row.value));
    const unknown = known.map((value) =>
      column === 'id' ? randomUUID() : `${value.slice(0, 60)}${value.endsWith('0000') ? 'ffff' : '0000'}`,
    );
    return { known, unknown };
  }

  it("finds the values the wallet has, in either column, and none of another wallet's", async () => {
    const owner = await registerUser(ctx().app);
    const other = await registerUser(ctx().app);
    // The same file in both wallets: the same fingerprints (they hash the row, not the wallet).
    await importRows(owner, 600, 'shared');
    await importRows(other, 600, 'shared');
    for (const column of ['import_fingerprint', 'id'] as const) {
      const { known, unknown } = await chunkOf(owner.walletId, column);
      // 900 values, the known ones at 400 to 649: across the first chunk's end.
      const asked = [...unknown, ...unknown.slice(0, 150), ...known, ...unknown];
      expect([...(await existingValues(db(), owner.walletId, column, asked))].sort(), column).toEqual(
        [...known].sort(),
      );
      const theirs = await existingValues(db(), other.walletId, column, asked);
      expect(theirs.size, column).toBe(column === 'id' ? 0 : known.length);
    }
  });

  /** The plan of one chunk's lookup, run. */
  async function planOf(walletId: string, column: ImportKey, values: readonly string[]): Promise<PlanNode> {
    const query = existingValuesQuery(db(), walletId, column, values);
    const explained = await db().executeQuery<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
      CompiledQuery.raw(`explain (analyze, format json) ${query.sql}`, [...query.parameters]),
    );
    const plan = explained.rows[0]?.['QUERY PLAN'][0]?.Plan;
    if (!plan) throw new Error('no plan');
    return plan;
  }

  it.runIf(kind === 'postgres')(
    'reads one index entry per value whatever the statistics say, and shared lines once',
    async () => {
      // Statistics taken while the table held one two-line file in 20 wallets and this wallet
      // was empty, and kept so while it grows (what a large import leaves until autovacuum
      // analyzes the table again): the planner believes the wallet holds about a row and that a
      // fingerprint is in half the table.
      for (let n = 0; n < 20; n += 1) await importRows(await registerUser(ctx().app), 2, 'common');
      const user = await registerUser(ctx().app);
      await sql`alter table expenses set (autovacuum_enabled = false)`.execute(db());
      await sql`analyze expenses`.execute(db());
      await importRows(user, ROWS, 'grown');
      // The same file in a second wallet: each of the wallet's fingerprints is in two wallets.
      await importRows(await registerUser(ctx().app), ROWS, 'grown');
      // A cheaper way into the wallet than the key's index, were the wallet's id a way in: short
      // keys, one level fewer than the 64-character fingerprints once the table is large.
      await sql`create index expenses_wallet_only_idx on expenses (wallet_id)`.execute(db());
      const jitAboveCost = Number(
        (await sql<{ jit_above_cost: string }>`show jit_above_cost`.execute(db())).rows[0]?.jit_above_cost,
      );
      try {
        for (const [column, index] of [
          ['import_fingerprint', 'expenses_import_key_idx'],
          ['id', 'expenses_pkey'],
        ] as const) {
          const { known } = await chunkOf(user.walletId, column);
          const plan = await planOf(user.walletId, column, known);
          const nodes = nodesOf(plan);
          const indexes = new Set(nodes.flatMap((node) => (node['Index Name'] ? [node['Index Name']] : [])));
          expect([...indexes], column).toEqual([index]);
          const reads = nodes.filter((node) => node['Relation Name'] === 'expenses');
          expect(reads.length, column).toBeGreaterThan(0);
          for (const node of reads) {
            expect(node['Node Type'], column).not.toBe('Seq Scan');
            expect(node['Rows Removed by Filter'] ?? 0, column).toBe(0);
            expect(node['Rows Removed by Index Recheck'] ?? 0, column).toBe(0);
            // One probe per value, each reading exactly the wallet's own row (figures are per loop).
            expect(node['Actual Loops'], column).toBe(known.length);
            expect(node['Actual Rows'], column).toBe(1);
          }
          // Costed as what it is: too cheap for PostgreSQL to compile it just in time.
          expect(plan['Total Cost'], column).toBeLessThan(jitAboveCost);
        }
      } finally {
        await sql`drop index expenses_wallet_only_idx`.execute(db());
      }
    },
  );

  it.runIf(kind === 'sqlite')('reads one index entry per value on SQLite', async () => {
    const user = await registerUser(ctx().app);
    for (const [column, search] of [
      ['import_fingerprint', 'INDEX expenses_import_key_idx (import_fingerprint=? AND wallet_id=?)'],
      ['id', 'INDEX sqlite_autoindex_expenses_1 (id=?)'],
    ] as const) {
      const query = existingValuesQuery(db(), user.walletId, column, ['a', 'b', 'c']);
      const plan = await db().executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
      );
      const reads = plan.rows.map((row) => row.detail).filter((detail) => detail.includes('expenses'));
      expect(reads, column).toEqual([expect.stringMatching(/^SEARCH expenses USING (COVERING )?INDEX /)]);
      expect(reads[0]?.replace(/^SEARCH expenses USING (COVERING )?/, ''), column).toBe(search);
    }
  });
});
