import { createHash, randomUUID } from 'node:crypto';
import { categoryKey, type ExpenseKind, type ImportQuerySchema, type ImportResult, searchFold } from '@ttm/contract';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { type Clock, isoAt } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import type { Db } from '../../db/types.js';
import { adjustCategoryUsage } from '../categories/categories.repository.js';
import type { ExpenseRow } from '../expenses/expenses.repository.js';
import { totalsOf } from '../expenses/expenses.service.js';
import { adjustTotals, type TotalsDelta } from '../summaries/totals.repository.js';
import { requireRole, resolveWallet } from '../wallets/wallet-access.js';
import { bumpWalletVersionBy, lockWallet } from '../wallets/wallets.repository.js';
import { existingValues } from './existing-values.js';
import { type ImportRow, readImportFile } from './import-file.js';

type ImportQuery = z.output<typeof ImportQuerySchema>;

const MAX_ERRORS = 100;

/**
 * Stable identity of a row: same content and same occurrence number within its file. Income is
 * marked in it (expenses hash as they did before income existed, so old imports stay duplicates).
 */
function fingerprint(row: ImportRow & { kind: ExpenseKind }, occurrence: number): string {
  const content = [row.date, row.minor, categoryKey(row.category), row.note ?? '', occurrence];
  return createHash('sha256')
    .update(JSON.stringify(row.kind === 'income' ? [...content, 'income'] : content))
    .digest('hex');
}

export function createImportService(db: Kysely<Database>, clock: Clock) {
  return {
    /** All or nothing: any error line means nothing is written; a dry run never writes. */
    async importCsv(userId: string, query: ImportQuery, text: string): Promise<ImportResult> {
      const wallet = await resolveWallet(db, userId, query.walletId);
      requireRole(wallet, 'editor');
      const file = readImportFile(text, wallet.currency, query);
      const result = (counts: Pick<ImportResult, 'imported' | 'duplicates' | 'skippedCredits'>): ImportResult => ({
        dryRun: query.dryRun,
        ...counts,
        errors: file.errors.slice(0, MAX_ERRORS),
        columns: file.columns,
      });
      if (file.errors.length > 0) return result({ imported: 0, duplicates: 0, skippedCredits: 0 });
      const rows = file.rows;

      // Bank exports sign debits negative: then positives are credits (incoming money).
      const bankStyle = rows.some((row) => row.negative);
      const occurrences = new Map<string, number>();
      let skippedCredits = 0;
      const candidates: (ImportRow & { kind: ExpenseKind; fingerprint: string })[] = [];
      for (const file of rows) {
        // A kind column (our own export) decides; otherwise a bank file's credits are income.
        const credit = file.kind === null ? bankStyle && !file.negative : file.kind === 'income';
        if (credit && file.kind === null && !query.includeCredits) {
          skippedCredits += 1;
          continue;
        }
        const row = { ...file, kind: credit ? ('income' as const) : ('expense' as const) };
        const base = fingerprint(row, 0);
        const occurrence = occurrences.get(base) ?? 0;
        occurrences.set(base, occurrence + 1);
        candidates.push({ ...row, fingerprint: fingerprint(row, occurrence) });
      }

      // Which rows are new is decided under the wallet lock, so two identical imports at once
      // cannot both write (and a dry run answers the same question without writing).
      const findFresh = async (trx: Db) => {
        const knownPrints = await existingValues(
          trx,
          wallet.id,
          'import_fingerprint',
          candidates.map((c) => c.fingerprint),
        );
        const knownIds = await existingValues(
          trx,
          wallet.id,
          'id',
          candidates.flatMap((c) => (c.id ? [c.id] : [])),
        );
        return candidates.filter((c) => !knownPrints.has(c.fingerprint) && !(c.id && knownIds.has(c.id)));
      };
      if (query.dryRun) {
        const fresh = await findFresh(db);
        return result({ imported: fresh.length, duplicates: candidates.length - fresh.length, skippedCredits });
      }

      const imported = await db.transaction().execute(async (trx) => {
        await lockWallet(trx, wallet.id);
        requireRole(await resolveWallet(trx, userId, wallet.id), 'editor');
        const fresh = await findFresh(trx);
        if (fresh.length === 0) return 0;
        const lastVersion = await bumpWalletVersionBy(trx, wallet.id, fresh.length);
        const names = new Map<string, string>();
        for (const row of await trx
          .selectFrom('categories')
          .select(['key', 'name'])
          .where('wallet_id', '=', wallet.id)
          .execute()) {
          names.set(row.key, row.name);
        }
        const start = clock();
        const expenseRows: ExpenseRow[] = fresh.map((row, index) => {
          const key = categoryKey(row.category);
          const name = names.get(key) ?? row.category;
          names.set(key, name);
          const at = isoAt(start + index);
          return {
            id: randomUUID(),
            wallet_id: wallet.id,
            created_by: userId,
            amount_minor: row.minor,
            category: name,
            category_key: key,
            date: row.date,
            note: row.note,
            search_text: searchFold(`${name}\n${row.note ?? ''}`),
            created_at: at,
            updated_at: at,
            version: lastVersion - fresh.length + index + 1,
            deleted_at: null,
            import_fingerprint: row.fingerprint,
            kind: row.kind,
            original_amount_minor: row.original?.minor ?? null,
            original_currency: row.original?.currency ?? null,
            rate: row.original?.rate ?? null,
            recurring_rule_id: null,
          };
        });
        for (let i = 0; i < expenseRows.length; i += 500) {
          await trx
            .insertInto('expenses')
            .values(expenseRows.slice(i, i + 500))
            .execute();
        }
        const usage = new Map<string, number>();
        const totals = new Map<string, TotalsDelta>();
        for (const row of expenseRows) {
          usage.set(row.category_key, (usage.get(row.category_key) ?? 0) + 1);
          const delta = totalsOf(row, 1);
          const bucket = `${row.date.slice(0, 7)}\u0000${row.category_key}\u0000${row.kind}`;
          const current = totals.get(bucket);
          totals.set(
            bucket,
            current
              ? { ...current, amountMinor: current.amountMinor + delta.amountMinor, count: current.count + 1 }
              : delta,
          );
        }
        for (const [key, count] of usage) await adjustCategoryUsage(trx, wallet.id, key, names.get(key) ?? key, count);
        for (const delta of totals.values()) await adjustTotals(trx, delta);
        return fresh.length;
      });
      return result({ imported, duplicates: candidates.length - imported, skippedCredits });
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
