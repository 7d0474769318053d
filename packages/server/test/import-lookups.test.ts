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

  const lookUp = (walletId: string, column: ImportKey, values: readonly string[]) =>
    db()
      .transaction()
      .execute((trx) => existingValues(trx, walletId, column, values));

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
      expect([...(await lookUp(owner.walletId, column, asked))].sort(), column).toEqual([...known].sort());
      const theirs = await lookUp(other.walletId, column, asked);
      expect(theirs.size, column).toBe(column === 'id' ? 0 : known.length);
    }
  });

  /** The plan of one chunk's lookup, run, as a list of its nodes. */
  async function planOf(walletId: string, column: ImportKey, values: readonly string[]): Promise<PlanNode[]> {
    const query = existingValuesQuery(db(), walletId, column, values);
    const explained = await db().executeQuery<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
      CompiledQuery.raw(`explain (analyze, format json) ${query.sql}`, [...query.parameters]),
    );
    const plan = explained.rows[0]?.['QUERY PLAN'][0]?.Plan;
    if (!plan) throw new Error('no plan');
    return nodesOf(plan);
  }

  it.runIf(kind === 'postgres')(
    'reads each value through its unique index when the statistics predate the wallet growing',
    async () => {
      // Statistics taken while another wallet has rows and this one none, and kept so while it
      // grows (what a large import leaves until autovacuum analyzes the table again): the planner
      // believes this wallet holds about a row.
      const before = await registerUser(ctx().app);
      await importRows(before, 600, 'before');
      const user = await registerUser(ctx().app);
      await sql`alter table expenses set (autovacuum_enabled = false)`.execute(db());
      await sql`analyze expenses`.execute(db());
      await importRows(user, ROWS, 'grown');
      // A cheaper way into the wallet than the unique index when both are thought to find a row:
      // short keys, one level fewer than the 64-character fingerprints once the table is large.
      await sql`create index expenses_wallet_only_idx on expenses (wallet_id)`.execute(db());
      try {
        for (const [column, index] of [
          ['import_fingerprint', 'expenses_import_key_idx'],
          ['id', 'expenses_pkey'],
        ] as const) {
          const { known, unknown } = await chunkOf(user.walletId, column);
          const nodes = await planOf(user.walletId, column, [...known, ...unknown]);
          const indexes = new Set(nodes.flatMap((node) => (node['Index Name'] ? [node['Index Name']] : [])));
          expect([...indexes], column).toEqual([index]);
          const reads = nodes.filter((node) => node['Relation Name'] === 'expenses');
          expect(reads.length, column).toBeGreaterThan(0);
          for (const node of reads) {
            expect(node['Node Type'], column).not.toBe('Seq Scan');
            expect(node['Rows Removed by Filter'] ?? 0, column).toBe(0);
            expect(node['Rows Removed by Index Recheck'] ?? 0, column).toBe(0);
            // One probe per value asked, each finding at most its one row (the figures are per loop).
            expect(node['Actual Loops'], column).toBe(known.length + unknown.length);
            expect(node['Actual Rows'], column).toBeLessThanOrEqual(1);
          }
        }
      } finally {
        await sql`drop index expenses_wallet_only_idx`.execute(db());
      }
    },
  );

  it.runIf(kind === 'postgres')('leaves JIT compilation off for the rest of the import transaction', async () => {
    const user = await registerUser(ctx().app);
    await importRows(user, 600, 'jit');
    const { known, unknown } = await chunkOf(user.walletId, 'import_fingerprint');
    const explained = await db()
      .transaction()
      .execute(async (trx) => {
        // Every plan would be compiled, as one whose statistics make it look expensive is.
        await sql`set local jit_above_cost = 0`.execute(trx);
        await existingValues(trx, user.walletId, 'import_fingerprint', known);
        const query = existingValuesQuery(trx, user.walletId, 'import_fingerprint', unknown);
        return trx.executeQuery<{ 'QUERY PLAN': { JIT?: unknown }[] }>(
          CompiledQuery.raw(`explain (analyze, format json) ${query.sql}`, [...query.parameters]),
        );
      });
    expect(explained.rows[0]?.['QUERY PLAN'][0]).not.toHaveProperty('JIT');
  });

  it.runIf(kind === 'sqlite')('reads each value through its unique index on SQLite', async () => {
    const user = await registerUser(ctx().app);
    for (const [column, index] of [
      ['import_fingerprint', 'expenses_import_key_idx'],
      ['id', 'sqlite_autoindex_expenses_1'],
    ] as const) {
      const query = existingValuesQuery(db(), user.walletId, column, ['a', 'b', 'c']);
      const plan = await db().executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
      );
      const details = plan.rows.map((row) => row.detail);
      expect(
        details.filter((detail) => detail.includes('expenses')),
        column,
      ).toEqual([expect.stringMatching(new RegExp(`^SEARCH (e|expenses) USING (COVERING )?INDEX ${index} \\(`))]);
    }
  });
});
