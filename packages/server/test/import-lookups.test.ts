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

  async function importRows(user: TestUser, count: number): Promise<void> {
    const lines = ['date,amount,category,note'];
    for (let n = 0; n < count; n += 1)
      lines.push(`2026-0${String(1 + (n % 9))}-1${String(n % 10)},${String(n + 1)}.00,Food,row ${String(n)}`);
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
    await importRows(owner, 600);
    for (const column of ['import_fingerprint', 'id'] as const) {
      const { known, unknown } = await chunkOf(owner.walletId, column);
      const candidates = [...unknown.slice(0, 200), ...known, ...unknown.slice(200)];
      // Chunks of 500 cut through the candidates, so both chunks must be read.
      const asked = [...candidates, ...candidates, ...candidates];
      expect([...(await existingValues(db(), owner.walletId, column, asked))].sort(), column).toEqual(
        [...known].sort(),
      );
      expect((await existingValues(db(), other.walletId, column, asked)).size, column).toBe(0);
    }
  });

  it.runIf(kind === 'postgres')(
    'reads each value through its unique index when the statistics predate the wallet growing',
    async () => {
      const user = await registerUser(ctx().app);
      // Statistics taken while the wallet is empty, and kept so while it grows: what a large import
      // leaves until autovacuum analyzes the table again.
      await sql`alter table expenses set (autovacuum_enabled = false)`.execute(db());
      await sql`analyze expenses`.execute(db());
      await importRows(user, ROWS);
      for (const [column, index] of [
        ['import_fingerprint', 'expenses_import_fingerprint_idx'],
        ['id', 'expenses_pkey'],
      ] as const) {
        const { known, unknown } = await chunkOf(user.walletId, column);
        const query = existingValuesQuery(db(), user.walletId, column, [...known, ...unknown]);
        const explained = await db().executeQuery<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
          CompiledQuery.raw(`explain (analyze, format json) ${query.sql}`, [...query.parameters]),
        );
        const plan = explained.rows[0]?.['QUERY PLAN'][0]?.Plan;
        if (!plan) throw new Error('no plan');
        const reads = nodesOf(plan).filter((node) => node['Relation Name'] === 'expenses');
        expect(reads.length, column).toBeGreaterThan(0);
        for (const node of reads) {
          expect(node['Index Name'], `${column}: ${node['Node Type']}`).toBe(index);
          expect(node['Rows Removed by Filter'] ?? 0, column).toBe(0);
          // One probe per value asked, each finding at most its one row (the figures are per loop).
          expect(node['Actual Loops'], column).toBe(known.length + unknown.length);
          expect(node['Actual Rows'], column).toBeLessThanOrEqual(1);
        }
      }
    },
  );
});
