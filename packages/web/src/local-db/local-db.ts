import { Dexie, type EntityTable, type Table } from 'dexie';
import { monthTotalsMiddleware, recountMonthTotals } from './month-totals.js';
import type {
  CategoryRecord,
  ConflictRecord,
  ExpenseRecord,
  MemberRecord,
  MetaRecord,
  MonthTotalRecord,
  OutboxEntry,
  RejectionRecord,
  ServerCopyRecord,
  WalletRecord,
} from './records.js';

// Dexie switches its debug mode on by itself when the page's address is localhost or 127.0.0.1:
// a console task for every table operation, and every promise callback run inside one. A
// production build served there (as `npm start` serves it) paid that on every read; it runs
// without it anywhere.
if (import.meta.env.PROD) Dexie.debug = false;

/**
 * The local store the UI reads from. Everything here mirrors the server for the signed-in
 * user; the outbox holds changes the server has not confirmed yet.
 */
export class LocalDb extends Dexie {
  expenses!: EntityTable<ExpenseRecord, 'id'>;
  wallets!: EntityTable<WalletRecord, 'id'>;
  categories!: EntityTable<CategoryRecord, 'walletKey'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;
  meta!: EntityTable<MetaRecord, 'key'>;
  members!: Table<MemberRecord, [string, string]>;
  conflicts!: EntityTable<ConflictRecord, 'id'>;
  rejections!: EntityTable<RejectionRecord, 'mutationId'>;
  serverCopies!: EntityTable<ServerCopyRecord, 'id'>;
  monthTotals!: Table<MonthTotalRecord, [string, string]>;

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
    // Shared wallets: members for "added by", and the change-feed position per wallet.
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
    // Batched push and one pull cursor: every queued change gets a mutation id (and a delete the
    // version it saw); per-wallet positions and local tombstones give way to the pull cursor,
    // which starts from null, so the first pull brings a fresh snapshot of every wallet.
    this.version(3)
      .stores({
        outbox: '++seq, expenseId, walletId',
        conflicts: 'id, walletId',
        rejections: 'mutationId, walletId, createdAt',
        syncCursors: null,
        tombstones: null,
      })
      .upgrade(async (tx) => {
        await tx
          .table('outbox')
          .toCollection()
          .modify(
            (entry: {
              mutationId?: string;
              mutation: { kind: string; baseVersion?: number };
              previous: { version: number } | null;
            }) => {
              entry.mutationId ??= crypto.randomUUID();
              if (entry.mutation.kind === 'delete') entry.mutation.baseVersion ??= entry.previous?.version ?? 0;
            },
          );
      });
    // The server's copy of rows with queued changes, which a pull skips but an undo needs.
    this.version(4).stores({ serverCopies: 'id, walletId' });
    // A history opens reading only what is on screen: month totals kept as expenses are written,
    // and an index in the history's order (newest date, then newest created, then id) to page by.
    this.version(5)
      .stores({
        expenses: 'id, walletId, [walletId+date], [walletId+date+createdAt+id]',
        monthTotals: '[walletId+month]',
      })
      .upgrade(recountMonthTotals);
    this.use(monthTotalsMiddleware);
  }

  /** Every table, for transactions that touch them all. */
  get allTables() {
    return [
      this.expenses,
      this.wallets,
      this.categories,
      this.outbox,
      this.meta,
      this.members,
      this.conflicts,
      this.rejections,
      this.serverCopies,
      this.monthTotals,
    ];
  }

  /** Forgets one wallet: its expenses, categories, members, conflicts and unsent changes. */
  async dropWallet(walletId: string): Promise<void> {
    await this.transaction(
      'rw',
      [this.expenses, this.wallets, this.categories, this.outbox, this.members, this.conflicts, this.serverCopies],
      async () => {
        await Promise.all([
          this.wallets.delete(walletId),
          this.expenses.where('walletId').equals(walletId).delete(),
          this.categories.where('walletId').equals(walletId).delete(),
          this.outbox.where('walletId').equals(walletId).delete(),
          this.members.where('walletId').equals(walletId).delete(),
          this.conflicts.where('walletId').equals(walletId).delete(),
          this.serverCopies.where('walletId').equals(walletId).delete(),
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
