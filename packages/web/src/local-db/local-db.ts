import { Dexie, type EntityTable, type Table } from 'dexie';
import type {
  CategoryRecord,
  ExpenseRecord,
  MemberRecord,
  MetaRecord,
  OutboxEntry,
  SyncCursorRecord,
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
  members!: Table<MemberRecord, [string, string]>;
  syncCursors!: EntityTable<SyncCursorRecord, 'walletId'>;

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
    // Shared wallets: members for "added by", and the change-feed position per wallet. Rows
    // pulled by the old full-history pull stay; the first feed pull (since 0) re-checks them.
    this.version(2)
      .stores({ members: '[walletId+userId], walletId', syncCursors: 'walletId' })
      .upgrade(async (tx) => {
        await tx
          .table<WalletRecord>('wallets')
          .toCollection()
          .modify((wallet: { version?: number }) => {
            wallet.version ??= 0;
          });
      });
  }

  /** Every table, for transactions that touch them all. */
  get allTables() {
    return [
      this.expenses,
      this.wallets,
      this.categories,
      this.outbox,
      this.tombstones,
      this.meta,
      this.members,
      this.syncCursors,
    ];
  }

  /** Forgets one wallet: its expenses, categories, members, feed position and unsent writes. */
  async dropWallet(walletId: string): Promise<void> {
    await this.transaction(
      'rw',
      [this.expenses, this.wallets, this.categories, this.outbox, this.members, this.syncCursors],
      async () => {
        await Promise.all([
          this.wallets.delete(walletId),
          this.expenses.where('walletId').equals(walletId).delete(),
          this.categories.where('walletId').equals(walletId).delete(),
          this.outbox.filter((entry) => entry.walletId === walletId).delete(),
          this.members.where('walletId').equals(walletId).delete(),
          this.syncCursors.delete(walletId),
        ]);
      },
    );
  }

  /** Forgets everything: used on sign-out and when a different user signs in. */
  async clearAll(): Promise<void> {
    await this.transaction('rw', this.allTables, async () => {
      await Promise.all(this.allTables.map((table) => table.clear()));
    });
  }
}
