import { ApiError, BUDGET_OVERALL, budgetEndpoints, minorToDecimal, type Budget } from '@ttm/contract';
import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState, type SubmitEvent } from 'react';
import { useServices } from '../../session/services-context.js';
import { queryCategories } from '../../local-db/expense-queries.js';
import type { WalletRecord } from '../../local-db/records.js';
import { parseAmount } from '../../locale/amount-parse.js';
import { currencySymbol, formatAmountForInput } from '../../locale/money-format.js';
import { wireToMinor } from '../../locale/wire-amount.js';
import { ModalDialog } from '../../shared/modal-dialog.js';
import { notices } from '../../shared/notices.js';
import { CategoryPicker } from '../expense-form/index.js';
import { budgetName } from './budget-math.js';
import { FieldError, invalidProps } from '../../shared/field-error.js';
import { FormActions } from '../../shared/form-actions.js';

export type BudgetTarget =
  /** A new category limit: the user picks the category. */
  | { readonly kind: 'new' }
  /** The overall limit or a category's, set already or not. */
  | { readonly kind: 'existing'; readonly category: string; readonly budget: Budget | undefined };

interface BudgetEditorDialogProps {
  readonly wallet: WalletRecord;
  readonly target: BudgetTarget;
  readonly onClose: () => void;
  readonly onSaved: () => void;
}

type Errors = { category?: string; limit?: string; form?: string };

export function BudgetEditorDialog({ wallet, target, onClose, onSaved }: BudgetEditorDialogProps) {
  const { api, db } = useServices();
  const id = useId();
  const currency = wallet.currency;
  const existing = target.kind === 'existing' ? target.budget : undefined;
  const [category, setCategory] = useState(target.kind === 'existing' ? target.category : '');
  const [limit, setLimit] = useState(() =>
    existing ? formatAmountForInput(wireToMinor(existing.monthlyLimit, currency), currency) : '',
  );
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const categories = useLiveQuery(() => queryCategories(db, wallet.id), [db, wallet.id]) ?? [];
  const overall = category === BUDGET_OVERALL;
  const title =
    target.kind === 'new'
      ? 'New category budget'
      : overall
        ? 'Monthly budget'
        : `${budgetName(target.category)} budget`;

  const fail = (error: unknown) => {
    setBusy(false);
    if (error instanceof ApiError) {
      const fields = error.fieldErrors();
      const message = Object.values(fields)[0] ?? error.problem.detail;
      setErrors(
        Object.keys(fields).some((path) => path.includes('category')) ? { category: message } : { form: message },
      );
    } else {
      setErrors({ form: 'The budget could not be saved. Check your connection and try again.' });
    }
  };

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = category.trim();
    const amount = parseAmount(limit, currency);
    const found: Errors = {};
    if (name === '') found.category = 'Choose a category';
    if (!amount.ok) found.limit = amount.message;
    if (found.category ?? found.limit) {
      setErrors(found);
      return;
    }
    if (!amount.ok) return;
    setBusy(true);
    try {
      await api.call(budgetEndpoints.put, {
        params: { category: name },
        query: { walletId: wallet.id },
        body: { monthlyLimit: minorToDecimal(amount.minor, currency) },
      });
      notices.show(overall ? 'Monthly budget saved' : `Budget for ${name} saved`);
      onSaved();
    } catch (error) {
      fail(error);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      await api.call(budgetEndpoints.delete, { params: { category }, query: { walletId: wallet.id } });
      notices.show(overall ? 'Monthly budget removed' : `Budget for ${category} removed`);
      onSaved();
    } catch (error) {
      fail(error);
    }
  };

  return (
    <ModalDialog title={title} onClose={onClose} className="budget-dialog">
      <form noValidate onSubmit={(event) => void submit(event)}>
        {target.kind === 'new' ? (
          <CategoryPicker
            inputId={`${id}-category`}
            value={category}
            onChange={(value) => {
              setCategory(value);
              setErrors({ ...errors, category: undefined });
            }}
            categories={categories}
            error={errors.category}
          />
        ) : (
          <p className="field-hint budget-dialog-hint">
            {overall
              ? 'A limit for all spending in this wallet each month.'
              : `A monthly limit for ${target.category}.`}{' '}
            You are warned from 80 %.
          </p>
        )}
        <div className="field">
          <label htmlFor={`${id}-limit`}>
            Monthly limit <span className="muted">({currency})</span>
          </label>
          <div className="amount-input">
            <span className="amount-currency" aria-hidden="true">
              {currencySymbol(currency)}
            </span>
            <input
              id={`${id}-limit`}
              data-autofocus={target.kind === 'existing' ? true : undefined}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              placeholder={formatAmountForInput(0, currency)}
              value={limit}
              {...invalidProps(errors.limit, `${id}-limit-error`)}
              onChange={(event) => {
                setLimit(event.target.value);
                setErrors({ ...errors, limit: undefined });
              }}
            />
          </div>
          <FieldError id={`${id}-limit-error`} message={errors.limit} />
        </div>
        {errors.form && (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        )}
        <FormActions busy={busy} onCancel={onClose}>
          {existing && (
            <button type="button" className="button danger" disabled={busy} onClick={() => void remove()}>
              Remove limit
            </button>
          )}
        </FormActions>
      </form>
    </ModalDialog>
  );
}
