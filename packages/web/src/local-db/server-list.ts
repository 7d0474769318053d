import type { Collection, IndexableType, Table } from 'dexie';

/** Whether two records say the same: the same fields, each with the same plain value. */
function sameRecord<T extends object>(a: T, b: T): boolean {
  const keys = Object.keys(b) as (keyof T)[];
  return Object.keys(a).length === keys.length && keys.every((key) => a[key] === b[key]);
}

function byKey<T>(rows: readonly T[], key: (row: T) => string): Map<string, T> {
  return new Map(rows.map((row) => [key(row), row]));
}

function sameRows<T extends object>(a: ReadonlyMap<string, T>, b: ReadonlyMap<string, T>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, row] of a) {
    const other = b.get(key);
    if (other === undefined || !sameRecord(row, other)) return false;
  }
  return true;
}

export interface ServerList<T extends I, K extends IndexableType, I extends object> {
  readonly table: Table<T, K, I>;
  /** The stored rows the list speaks for (one wallet's, or all of them). */
  readonly stored: (table: Table<T, K, I>) => Collection<T, K, I>;
  /** The server's list, in the same record shape. */
  readonly fetch: () => Promise<readonly T[]>;
  /**
   * A row's identity within the list; rows are matched, and in `replace` mode deleted, by it. It
   * must be unique among the rows `stored` selects (a member's user id is, within one wallet).
   */
  readonly key: (row: T) => string;
  /**
   * `replace`: the list is the whole truth; listed rows are added and unlisted ones deleted.
   * `refresh`: only rows stored here are updated; others add and remove them (the wallets, which
   * pulls add and remove with their expenses).
   */
  readonly mode: 'replace' | 'refresh';
}

/**
 * Stores a list the server answered (the wallets, a wallet's categories or members) in two ways
 * that a plain "delete them all and put the list" does not:
 * - Only rows that differ are written, and only rows gone are deleted. Every sync round fetches
 *   these lists, and any write, even of the same values, wakes every live query of the table (the
 *   selected wallet at the top of the app, the category chips, the "added by" names), which then
 *   render again for nothing.
 * - A list never undoes a write made here while it was on its way (a rename or a role change the
 *   server has just confirmed, an expense's category counted): when the rows it speaks for are no
 *   longer those read before the request, nothing is written and the answer is false, so the caller
 *   can fetch it again later (the wallets are fetched every round, the open members screen's list
 *   too, and the wallets whose categories were not stored stay due: sync/pull.ts).
 */
export async function storeServerList<T extends I, K extends IndexableType, I extends object>(
  list: ServerList<T, K, I>,
): Promise<boolean> {
  const { table, key } = list;
  const before = byKey(await list.stored(table).toArray(), key);
  const rows = await list.fetch();
  return table.db.transaction('rw', table, async () => {
    const stored = byKey(await list.stored(table).toArray(), key);
    if (!sameRows(stored, before)) return false;
    const listed = byKey(rows, key);
    const changed = [...listed.values()].filter((row) => {
      const current = stored.get(key(row));
      return current === undefined ? list.mode === 'replace' : !sameRecord(current, row);
    });
    if (list.mode === 'replace' && [...stored.keys()].some((id) => !listed.has(id))) {
      await list
        .stored(table)
        .filter((row) => !listed.has(key(row)))
        .delete();
    }
    if (changed.length > 0) await table.bulkPut(changed);
    return true;
  });
}
