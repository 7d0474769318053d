import { Dexie, type EntityTable } from 'dexie';
import type {
  CategoryRecord,
  ExpenseRecord,
  MetaRecord,
  OutboxEntry,
  TombstoneRecord,
  WalletRecord,
} from './records.js';

/**
 * The local store the UI reads from. Everything here mirrors the server for the signed-in
 * user; the outbox holds writes the server has not confirmed yet.
 */
export class LocalDb extends Dexie {
  expenses!: EntityTable<ExpenseRecord, 'id'>;
  wallets!: EntityTable<WalletRecord, 'id'>;
  categories!: EntityTable<CategoryRecord, 'walletKey'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;
  tombstones!: EntityTable<TombstoneRecord, 'id'>;
  meta!: EntityTable<MetaRecord, 'key'>;

  constructor(name = 'trackthatmoney') {
    super(name);
    this.version(1).stores({
      expenses: 'id, walletId, [walletId+date]',
      wallets: 'id',
      categories: 'walletKey, walletId',
      outbox: '++seq, expenseId',
      tombstones: 'id, deletedAt',
      meta: 'key',
    });
  }

  /** Forgets everything: used on sign-out and when a different user signs in. */
  async clearAll(): Promise<void> {
    await this.transaction(
      'rw',
      [this.expenses, this.wallets, this.categories, this.outbox, this.tombstones, this.meta],
      async () => {
        await Promise.all([
          this.expenses.clear(),
          this.wallets.clear(),
          this.categories.clear(),
          this.outbox.clear(),
          this.tombstones.clear(),
          this.meta.clear(),
        ]);
      },
    );
  }
}
