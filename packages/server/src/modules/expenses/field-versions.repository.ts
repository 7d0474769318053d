import type { SyncField } from '@ttm/contract';
import type { Db } from '../../db/types.js';

/** Which wallet version last changed a field, and which sync client wrote it (null: a REST write). */
export interface FieldStamp {
  readonly version: number;
  readonly client: string | null;
}

export type FieldStamps = Readonly<Record<SyncField, FieldStamp>>;

/** The stamps of one expense; without a row every field dates from the expense's own version. */
export async function findFieldStamps(db: Db, expenseId: string, expenseVersion: number): Promise<FieldStamps> {
  const row = await db
    .selectFrom('expense_field_versions')
    .selectAll()
    .where('expense_id', '=', expenseId)
    .executeTakeFirst();
  if (!row) {
    const stamp = { version: expenseVersion, client: null };
    return { amount: stamp, category: stamp, date: stamp, note: stamp };
  }
  return {
    amount: { version: row.amount_version, client: row.amount_client },
    category: { version: row.category_version, client: row.category_client },
    date: { version: row.date_version, client: row.date_client },
    note: { version: row.note_version, client: row.note_client },
  };
}

/**
 * Stamps `changed` fields with (version, writer) in one statement. When the expense has no row yet,
 * the other fields get `previousVersion` (the expense's version before this write), which is when
 * they were written at the latest.
 */
export async function stampFields(
  db: Db,
  expenseId: string,
  changed: readonly SyncField[],
  version: number,
  writer: string | null,
  previousVersion: number,
): Promise<void> {
  if (changed.length === 0) return;
  const stamp = (field: SyncField) =>
    changed.includes(field) ? { v: version, c: writer } : { v: previousVersion, c: null };
  const amount = stamp('amount');
  const category = stamp('category');
  const date = stamp('date');
  const note = stamp('note');
  await db
    .insertInto('expense_field_versions')
    .values({
      expense_id: expenseId,
      amount_version: amount.v,
      amount_client: amount.c,
      category_version: category.v,
      category_client: category.c,
      date_version: date.v,
      date_client: date.c,
      note_version: note.v,
      note_client: note.c,
    })
    .onConflict((oc) =>
      oc.column('expense_id').doUpdateSet((eb) => ({
        ...(changed.includes('amount')
          ? { amount_version: eb.ref('excluded.amount_version'), amount_client: eb.ref('excluded.amount_client') }
          : {}),
        ...(changed.includes('category')
          ? {
              category_version: eb.ref('excluded.category_version'),
              category_client: eb.ref('excluded.category_client'),
            }
          : {}),
        ...(changed.includes('date')
          ? { date_version: eb.ref('excluded.date_version'), date_client: eb.ref('excluded.date_client') }
          : {}),
        ...(changed.includes('note')
          ? { note_version: eb.ref('excluded.note_version'), note_client: eb.ref('excluded.note_client') }
          : {}),
      })),
    )
    .execute();
}
