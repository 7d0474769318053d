import { categoryKey, SYNC_FIELDS, type SyncField } from '@ttm/contract';
import { type ExpenseValues, sameMoney } from '../expenses/expense-writes.js';
import type { FieldStamp, FieldStamps } from '../expenses/field-versions.repository.js';

/** Whether someone other than `clientId` changed the field after the version the client started from. */
export function changedByOthers(stamp: FieldStamp, baseVersion: number, clientId: string): boolean {
  return stamp.version > baseVersion && stamp.client !== clientId;
}

export function sameValue(field: SyncField, a: Partial<ExpenseValues>, b: Partial<ExpenseValues>): boolean {
  switch (field) {
    case 'amount':
      // Kind, amount, currency and rate are one unit: a merge never pairs one side's amount with the other's rate.
      return sameMoney(a, b);
    case 'category':
      return (
        a.category !== undefined && b.category !== undefined && categoryKey(a.category) === categoryKey(b.category)
      );
    case 'date':
      return a.date === b.date;
    case 'note':
      return a.note === b.note;
  }
}

export function hasField(values: Partial<ExpenseValues>, field: SyncField): boolean {
  switch (field) {
    case 'amount':
      return values.amountMinor !== undefined;
    case 'category':
      return values.category !== undefined;
    case 'date':
      return values.date !== undefined;
    case 'note':
      return values.note !== undefined;
  }
}

/** Copies the given fields from `values`. */
export function pick(values: Partial<ExpenseValues>, fields: readonly SyncField[]): Partial<ExpenseValues> {
  const out: { -readonly [K in keyof ExpenseValues]?: ExpenseValues[K] } = {};
  for (const field of fields) {
    if (field === 'amount' && values.amountMinor !== undefined) {
      out.amountMinor = values.amountMinor;
      if (values.kind !== undefined) out.kind = values.kind;
      if (values.originalAmountMinor !== undefined) out.originalAmountMinor = values.originalAmountMinor;
      if (values.originalCurrency !== undefined) out.originalCurrency = values.originalCurrency;
      if (values.rate !== undefined) out.rate = values.rate;
    }
    if (field === 'category' && values.category !== undefined) out.category = values.category;
    if (field === 'date' && values.date !== undefined) out.date = values.date;
    if (field === 'note' && values.note !== undefined) out.note = values.note;
  }
  return out;
}

export interface FieldMerge {
  /** Fields to write with the client's value. */
  readonly write: readonly SyncField[];
  /** Fields both sides changed to different values: the server's value stays. */
  readonly conflicts: readonly SyncField[];
  /** True when fields the client did not send were changed by others since its base version. */
  readonly serverAhead: boolean;
}

/**
 * The merge rule for an edit made offline. For each field the client changed: the same value as
 * the server's is nothing to do; a field nobody else changed since `baseVersion` takes the client's
 * value; a field someone else changed too keeps the server's value and is a conflict. Fields only
 * the server changed stay as they are. A device's own earlier writes never conflict with its
 * later ones (its outbox is ordered), which is why each stamp records its writer.
 */
export function mergeFields(input: {
  readonly current: ExpenseValues;
  readonly stamps: FieldStamps;
  readonly baseVersion: number;
  readonly clientId: string;
  readonly proposed: Partial<ExpenseValues>;
}): FieldMerge {
  const write: SyncField[] = [];
  const conflicts: SyncField[] = [];
  let serverAhead = false;
  for (const field of SYNC_FIELDS) {
    const foreign = changedByOthers(input.stamps[field], input.baseVersion, input.clientId);
    if (!hasField(input.proposed, field)) {
      if (foreign) serverAhead = true;
    } else if (sameValue(field, input.proposed, input.current)) {
      // Both sides agree; nothing to write.
    } else if (foreign) {
      conflicts.push(field);
    } else {
      write.push(field);
    }
  }
  return { write, conflicts, serverAhead };
}

/** The fields others changed since `baseVersion`: what a deletion from this client would discard. */
export function fieldsChangedByOthers(stamps: FieldStamps, baseVersion: number, clientId: string): SyncField[] {
  return SYNC_FIELDS.filter((field) => changedByOthers(stamps[field], baseVersion, clientId));
}
