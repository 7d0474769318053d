import { Readable } from 'node:stream';
import { categoryKey, CSV_HEADER, type ExportQuerySchema, minorToDecimal, searchFold } from '@ttm/contract';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/schema.js';
import { matchesSearch } from '../expenses/expenses.repository.js';
import { resolveWallet } from '../wallets/wallet-access.js';
import { csvRow, neutralise } from './csv-cells.js';

type ExportQuery = z.output<typeof ExportQuerySchema>;

const BATCH = 1000;

export function createExportService(db: Kysely<Database>) {
  return {
    /**
     * Oldest first, read in keyset batches of 1,000 rows and written as they come, so memory stays
     * flat whatever the history size. Access is checked before the first byte is sent.
     */
    async exportCsv(userId: string, query: ExportQuery): Promise<{ filename: string; stream: Readable }> {
      const wallet = await resolveWallet(db, userId, query.walletId);
      const key = query.category === undefined ? undefined : categoryKey(query.category);

      async function* lines(): AsyncGenerator<string> {
        yield csvRow(CSV_HEADER);
        let after: { date: string; createdAt: string; id: string } | undefined;
        for (;;) {
          let batch = db
            .selectFrom('expenses')
            .select([
              'id',
              'date',
              'amount_minor',
              'category',
              'note',
              'created_at',
              'kind',
              'original_amount_minor',
              'original_currency',
              'rate',
            ])
            .where('wallet_id', '=', wallet.id)
            .where('deleted_at', 'is', null);
          if (query.from !== undefined) batch = batch.where('date', '>=', query.from);
          if (query.to !== undefined) batch = batch.where('date', '<=', query.to);
          if (key !== undefined) batch = batch.where('category_key', '=', key);
          if (query.q !== undefined) batch = batch.where(matchesSearch(searchFold(query.q)));
          const cursor = after;
          if (cursor) {
            batch = batch.where((eb) =>
              eb(eb.refTuple('date', 'created_at', 'id'), '>', eb.tuple(cursor.date, cursor.createdAt, cursor.id)),
            );
          }
          const rows = await batch.orderBy('date').orderBy('created_at').orderBy('id').limit(BATCH).execute();
          let chunk = '';
          for (const row of rows) {
            chunk += csvRow([
              row.date,
              minorToDecimal(row.amount_minor, wallet.currency),
              wallet.currency,
              neutralise(row.category),
              neutralise(row.note ?? ''),
              row.id,
              row.created_at,
              row.kind,
              row.original_amount_minor === null || row.original_currency === null
                ? ''
                : minorToDecimal(row.original_amount_minor, row.original_currency),
              row.original_currency ?? '',
              row.rate ?? '',
            ]);
          }
          if (chunk) yield chunk;
          const last = rows.at(-1);
          if (!last || rows.length < BATCH) return;
          after = { date: last.date, createdAt: last.created_at, id: last.id };
        }
      }

      const safeName = wallet.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '') || 'wallet';
      return { filename: `trackthatmoney-${safeName}.csv`, stream: Readable.from(lines()) };
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
