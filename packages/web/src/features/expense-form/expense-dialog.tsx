import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useRef, useState, type SubmitEvent } from 'react';
import { useServices } from '../../session/services-context.js';
import { isKnownCurrency } from '@ttm/contract';
import { queryCategories, queryLastRate } from '../../local-db/expense-queries.js';
import type { ExpenseRecord, WalletRecord } from '../../local-db/records.js';
import { formatMoney } from '../../locale/money-format.js';
import { todayLocal } from '../../locale/local-date.js';
import type { FieldErrors } from '../../shared/field-errors.js';
import { ModalDialog } from '../../shared/modal-dialog.js';
import { notices } from '../../shared/notices.js';
import { useBudgetWatch } from '../budgets/index.js';
import { ReceiptAttachments } from '../receipts/index.js';
import { AmountField } from './amount-field.js';
import { CategoryPicker } from './category-picker.js';
import { expenseDraft } from './expense-draft.js';
import {
  changedFields,
  checkExpenseForm,
  convertedPreview,
  valuesFromRecord,
  type ExpenseFormValues,
  type FormField,
} from './expense-form-model.js';
import { FieldError, invalidProps } from '../../shared/field-error.js';
import { FormActions } from '../../shared/form-actions.js';
import './expense-form.css';

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
  const [values, setValues] = useState<ExpenseFormValues>(() => {
    const empty = {
      kind: 'expense',
      currency,
      rate: '',
      amount: '',
      category: '',
      date: todayLocal(),
      note: '',
    } as const;
    // A draft saved before income and currencies existed lacks their fields.
    return draft ? { ...empty, ...draft } : expense ? valuesFromRecord(expense) : empty;
  });
  const [errors, setErrors] = useState<FieldErrors<FormField>>({});
  const [busy, setBusy] = useState(false);
  // A new expense's id is made up front, so receipts can be attached before it is saved.
  const [newId] = useState(() => crypto.randomUUID());
  const categories = useLiveQuery(() => queryCategories(db, wallet.id), [db, wallet.id]) ?? [];
  const budgetWatch = useBudgetWatch(wallet.id, currency);

  const update = (field: keyof ExpenseFormValues, value: string) => {
    const next = { ...values, [field]: value };
    setValues(next);
    expenseDraft.write(wallet.id, expense?.id ?? null, next);
    if (field !== 'kind' && errors[field]) setErrors({ ...errors, [field]: undefined });
    if (field === 'currency') void offerLastRate(next);
  };

  // Another currency: start from the rate last used for that pair in this wallet.
  const offerLastRate = async (next: ExpenseFormValues) => {
    const code = next.currency.trim().toUpperCase();
    if (code === currency || next.rate !== '' || !isKnownCurrency(code)) return;
    const last = await queryLastRate(db, wallet.id, code);
    if (last === null) return;
    setValues((now) => (now.rate === '' && now.currency.trim().toUpperCase() === code ? { ...now, rate: last } : now));
  };

  const entered = values.currency.trim().toUpperCase() || currency;
  const foreign = entered !== currency;
  const preview = foreign ? convertedPreview(values, currency) : null;

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
          id: newId,
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
          if (checked.fields.kind !== 'income') {
            budgetWatch.after(budgetsBefore, checked.fields.date, checked.fields.category);
          }
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
          <fieldset className="kind-toggle">
            <legend className="visually-hidden">Kind</legend>
            {(['expense', 'income'] as const).map((kind) => (
              <label key={kind} className={values.kind === kind ? 'kind-option selected' : 'kind-option'}>
                <input
                  type="radio"
                  name={`${id}-kind`}
                  value={kind}
                  checked={values.kind === kind}
                  onChange={() => {
                    update('kind', kind);
                  }}
                />
                {kind === 'expense' ? 'Expense' : 'Income'}
              </label>
            ))}
          </fieldset>
          <AmountField
            id={`${id}-amount`}
            currency={entered}
            fallbackCurrency={currency}
            value={values.amount}
            onChange={(value) => {
              update('amount', value);
            }}
            error={errors.amount}
            enterKeyHint="next"
          />
          <div className="field-row">
            <div className="field currency-field">
              <label htmlFor={`${id}-currency`}>Currency</label>
              <input
                {...field('currency')}
                type="text"
                list={`${id}-currencies`}
                maxLength={3}
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                value={values.currency}
                onChange={(event) => {
                  update('currency', event.target.value.toUpperCase());
                }}
              />
              <datalist id={`${id}-currencies`}>
                {COMMON_CURRENCIES.filter((code) => code !== currency).map((code) => (
                  <option key={code} value={code} />
                ))}
              </datalist>
              {fieldError('currency')}
            </div>
            {foreign && (
              <div className="field rate-field">
                <label htmlFor={`${id}-rate`}>
                  Rate{' '}
                  <span className="muted">
                    ({currency} for 1 {entered})
                  </span>
                </label>
                <input
                  {...field('rate')}
                  type="text"
                  inputMode="decimal"
                  autoComplete="off"
                  value={values.rate}
                  onChange={(event) => {
                    update('rate', event.target.value);
                  }}
                />
                {fieldError('rate')}
              </div>
            )}
          </div>
          {preview !== null && (
            <p className="conversion-preview" aria-live="polite">
              = {formatMoney(preview, currency)}
            </p>
          )}
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
        <ReceiptAttachments
          expenseId={expense?.id ?? newId}
          walletId={wallet.id}
          isNew={!expense}
          readOnly={readOnly}
        />
        {errors.form && (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        )}
        <FormActions busy={busy} onCancel={close} cancelLabel={readOnly ? 'Close' : 'Cancel'} canSubmit={!readOnly}>
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
        </FormActions>
      </form>
    </ModalDialog>
  );
}

/** Offered in the currency field; any ISO 4217 code can be typed. */
const COMMON_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'CNY', 'CAD', 'AUD', 'SEK', 'PLN', 'KWD', 'BHD'];

function focusFirstInvalid(form: HTMLFormElement | null) {
  requestAnimationFrame(() => {
    form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  });
}
