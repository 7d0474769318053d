import { decimalToMinor, SYNC_FIELDS, type ConflictValues, type SyncField } from '@ttm/contract';
import type { ConflictRecord } from '../../local-db/records.js';
import { formatDay } from '../../locale/date-format.js';
import { formatMoney } from '../../locale/money-format.js';
import type { ConflictChoice } from '../../sync/conflicts.js';

export const FIELD_LABELS: Readonly<Record<SyncField, string>> = {
  amount: 'Amount',
  category: 'Category',
  date: 'Date',
  note: 'Note',
};

export interface ConflictRow {
  readonly field: SyncField;
  readonly label: string;
  readonly left: string;
  readonly right: string;
}

/** One conflict as the screen shows it: two columns, field by field, and a button under each. */
export interface ConflictView {
  readonly title: string;
  readonly explanation: string;
  readonly left: { readonly heading: string; readonly button: string; readonly choice: ConflictChoice };
  readonly right: { readonly heading: string; readonly button: string; readonly choice: ConflictChoice };
  readonly rows: readonly ConflictRow[];
}

const DELETED = 'Deleted';

export function formatConflictValue(field: SyncField, values: ConflictValues, currency: string): string {
  switch (field) {
    case 'amount': {
      if (values.amount === undefined) return '—';
      const parsed = decimalToMinor(values.amount, currency);
      const shown = parsed.ok ? formatMoney(parsed.minor, currency) : values.amount;
      // The money is one field: income and an amount in another currency are part of the value.
      const original =
        values.originalAmount != null && values.originalCurrency != null
          ? ` (${values.originalAmount} ${values.originalCurrency} @ ${values.rate ?? '?'})`
          : '';
      return `${values.kind === 'income' ? 'Income ' : ''}${shown}${original}`;
    }
    case 'date':
      return values.date === undefined ? '—' : formatDay(values.date);
    case 'category':
      return values.category ?? '—';
    case 'note':
      return values.note === undefined ? '—' : (values.note ?? '(no note)');
  }
}

function explain(conflict: ConflictRecord, mine: boolean): string {
  const fields = conflict.fields.map((field) => FIELD_LABELS[field].toLowerCase()).join(', ');
  switch (conflict.kind) {
    case 'field':
      return mine
        ? `You and someone else changed the ${fields}. Their value was kept; yours is here.`
        : `Two changes to the ${fields} met. The saved value was kept; the other one is here.`;
    case 'edit_deleted':
      return mine
        ? 'You edited this expense while someone else deleted it. It stays deleted unless you keep your edit.'
        : 'This expense was edited while it was being deleted. It stays deleted unless the edit is kept.';
    case 'delete_edited':
      return mine
        ? 'You deleted this expense while someone else changed it. It is deleted unless you keep their changes.'
        : 'This expense was deleted while it was being changed. It is deleted unless the changes are kept.';
  }
}

/**
 * The two sides of a conflict from the viewer's point of view: the change that lost (`client`)
 * is "Mine" when this user made it, and the kept state (`server`) is "Theirs"; a conflict made
 * by someone else shows "Saved" against "Other change".
 */
export function conflictView(conflict: ConflictRecord, userId: string, currency: string): ConflictView {
  const mine = conflict.createdBy === userId;
  const fields = conflict.fields.length > 0 ? conflict.fields : [...SYNC_FIELDS];
  const show = (values: ConflictValues | null, field: SyncField) =>
    values === null ? DELETED : formatConflictValue(field, values, currency);
  const losing = { heading: mine ? 'Mine' : 'Other change', button: mine ? 'Keep mine' : 'Keep other change' };
  const kept = { heading: mine ? 'Theirs' : 'Saved', button: mine ? 'Keep theirs' : 'Keep saved' };
  const category = conflict.expense?.category ?? conflict.client?.category ?? conflict.server?.category ?? 'Expense';
  const date = conflict.expense?.date;
  return {
    title: date ? `${category} · ${formatDay(date)}` : category,
    explanation: explain(conflict, mine),
    left: { ...losing, choice: 'client' },
    right: { ...kept, choice: 'server' },
    rows: fields.map((field) => ({
      field,
      label: FIELD_LABELS[field],
      left: show(conflict.client, field),
      right: show(conflict.server, field),
    })),
  };
}
