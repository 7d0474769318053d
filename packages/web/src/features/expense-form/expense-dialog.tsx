import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useRef, useState, type SubmitEvent } from 'react';
import { useServices } from '../../session/services-context.js';
import { queryCategories } from '../../local-db/expense-queries.js';
import type { ExpenseRecord, WalletRecord } from '../../local-db/records.js';
import { currencySymbol, formatAmountForInput } from '../../locale/money-format.js';
import { todayLocal } from '../../locale/local-date.js';
import type { FieldErrors } from '../../shared/field-errors.js';
import { ModalDialog } from '../../shared/modal-dialog.js';
import { notices } from '../../shared/notices.js';
import { useBudgetWatch } from '../budgets/index.js';
import { CategoryPicker } from './category-picker.js';
import { expenseDraft } from './expense-draft.js';
import {
  changedFields,
  checkExpenseForm,
  valuesFromRecord,
  type ExpenseFormValues,
  type FormField,
} from './expense-form-model.js';
import { FieldError, invalidProps } from '../../shared/field-error.js';

export interface ExpenseDialogProps {
  readonly wallet: WalletRecord;
  /** The expense being edited; null to add one. */
  readonly expense: ExpenseRecord | null;
  /** Restored unsaved input, if any. */
  readonly draft: ExpenseFormValues | null;
  readonly onClose: () => void;
  readonly onDelete: (expense: ExpenseRecord) => void;
}

export function ExpenseDialog({ wallet, expense, draft, onClose, onDelete }: ExpenseDialogProps) {
  const { db, sync } = useServices();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const currency = expense?.currency ?? wallet.currency;
  const [values, setValues] = useState<ExpenseFormValues>(
    () => draft ?? (expense ? valuesFromRecord(expense) : { amount: '', category: '', date: todayLocal(), note: '' }),
  );
  const [errors, setErrors] = useState<FieldErrors<FormField>>({});
  const [busy, setBusy] = useState(false);
  const categories = useLiveQuery(() => queryCategories(db, wallet.id), [db, wallet.id]) ?? [];
  const budgetWatch = useBudgetWatch(wallet.id, currency);

  const update = (field: keyof ExpenseFormValues, value: string) => {
    const next = { ...values, [field]: value };
    setValues(next);
    expenseDraft.write(wallet.id, expense?.id ?? null, next);
    if (errors[field]) setErrors({ ...errors, [field]: undefined });
  };

  const close = () => {
    expenseDraft.clear();
    onClose();
  };

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = checkExpenseForm(values, currency);
    if (!checked.ok) {
      setErrors(checked.errors);
      focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      const budgetsBefore = await budgetWatch.before(checked.fields.date);
      let outcome;
      if (expense) {
        const changes = changedFields(expense, checked.fields);
        if (Object.keys(changes).length === 0) {
          close();
          return;
        }
        outcome = await sync.updateExpense(expense.id, changes, expense.version);
      } else {
        outcome = await sync.createExpense({
          id: crypto.randomUUID(),
          walletId: wallet.id,
          currency,
          ...checked.fields,
        });
      }
      switch (outcome.state) {
        case 'queued':
          notices.show('Saved on this device. It will be sent when the connection is back.');
          break;
        case 'saved':
          budgetWatch.after(budgetsBefore, checked.fields.date, checked.fields.category);
          break;
        case 'conflict':
          notices.show(`${outcome.message}. Open “Conflicts” to choose which to keep.`, { durationMs: 10_000 });
          break;
        case 'rejected':
          // Nothing was written and the list shows the server's state again; the input stays here.
          setBusy(false);
          setErrors({ form: outcome.message });
          return;
      }
      close();
    } catch {
      setBusy(false);
      setErrors({ form: 'The expense could not be saved. Please try again.' });
    }
  };

  const field = (name: FormField) => ({ id: `${id}-${name}`, ...invalidProps(errors[name], `${id}-${name}-error`) });
  const fieldError = (name: FormField) => <FieldError id={`${id}-${name}-error`} message={errors[name]} />;

  // Viewers may look but not change: the server would answer 403.
  const readOnly = wallet.role === 'viewer';
  const title = readOnly ? 'Expense' : expense ? 'Edit expense' : 'Add expense';

  return (
    <ModalDialog title={title} onClose={close} className="expense-dialog">
      <form ref={formRef} noValidate onSubmit={(event) => void submit(event)} className="expense-form">
        {readOnly && <p className="banner">You can view this wallet but not change it.</p>}
        <fieldset className="plain-fieldset" disabled={readOnly}>
          <div className="field">
            <label htmlFor={`${id}-amount`}>
              Amount <span className="muted">({currency})</span>
            </label>
            <div className="amount-input">
              <span className="amount-currency" aria-hidden="true">
                {currencySymbol(currency)}
              </span>
              <input
                {...field('amount')}
                data-autofocus
                type="text"
                inputMode="decimal"
                autoComplete="off"
                enterKeyHint="next"
                placeholder={formatAmountForInput(0, currency)}
                value={values.amount}
                onChange={(event) => {
                  update('amount', event.target.value);
                }}
              />
            </div>
            {fieldError('amount')}
          </div>
          <CategoryPicker
            inputId={`${id}-category`}
            value={values.category}
            onChange={(value) => {
              update('category', value);
            }}
            categories={categories}
            error={errors.category}
          />
          <div className="field">
            <label htmlFor={`${id}-date`}>Date</label>
            <input
              {...field('date')}
              type="date"
              value={values.date}
              onChange={(event) => {
                update('date', event.target.value);
              }}
            />
            {fieldError('date')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-note`}>
              Note <span className="muted">(optional)</span>
            </label>
            <textarea
              {...field('note')}
              rows={2}
              maxLength={1000}
              value={values.note}
              onChange={(event) => {
                update('note', event.target.value);
              }}
            />
            {fieldError('note')}
          </div>
        </fieldset>
        {errors.form && (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        )}
        <div className="dialog-actions">
          {expense && !readOnly && (
            <button
              type="button"
              className="button danger"
              onClick={() => {
                expenseDraft.clear();
                onDelete(expense);
              }}
            >
              Delete
            </button>
          )}
          <span className="spacer" />
          <button type="button" className="button" onClick={close}>
            {readOnly ? 'Close' : 'Cancel'}
          </button>
          {!readOnly && (
            <button type="submit" className="button primary" disabled={busy}>
              {busy ? 'Saving…' : 'Save'}
            </button>
          )}
        </div>
      </form>
    </ModalDialog>
  );
}

function focusFirstInvalid(form: HTMLFormElement | null) {
  requestAnimationFrame(() => {
    form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  });
}
