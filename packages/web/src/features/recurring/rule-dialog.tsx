import { ApiError, type RecurringRule } from '@ttm/contract';
import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState, type SubmitEvent } from 'react';
import { queryCategories } from '../../local-db/expense-queries.js';
import type { WalletRecord } from '../../local-db/records.js';
import { todayLocal } from '../../locale/local-date.js';
import { useServices } from '../../session/services-context.js';
import { FieldError, invalidProps } from '../../shared/field-error.js';
import { ModalDialog } from '../../shared/modal-dialog.js';
import { notices } from '../../shared/notices.js';
import { FormActions } from '../../shared/form-actions.js';
import { AmountField, CategoryPicker } from '../expense-form/index.js';
import { createRule, deleteRule, describeRuleError, updateRule } from './recurring-queries.js';
import {
  emptyRuleForm,
  readRuleForm,
  type RuleEnd,
  type RuleFormErrors,
  type RuleFormField,
  ruleFormFrom,
  type RuleFormValues,
} from './rule-form-model.js';

interface RuleDialogProps {
  readonly wallet: WalletRecord;
  /** null for a new rule. */
  readonly rule: RecurringRule | null;
  readonly onClose: () => void;
  readonly onSaved: () => void;
}

type Errors = RuleFormErrors & { form?: string };

const FIELDS: readonly RuleFormField[] = ['amount', 'category', 'startDate', 'interval', 'endDate', 'endCount'];

const DAYS = Array.from({ length: 31 }, (_, index) => String(index + 1));

export function RuleDialog({ wallet, rule, onClose, onSaved }: RuleDialogProps) {
  const { api, db } = useServices();
  const id = useId();
  const currency = wallet.currency;
  const [values, setValues] = useState<RuleFormValues>(() => (rule ? ruleFormFrom(rule) : emptyRuleForm(todayLocal())));
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const categories = useLiveQuery(() => queryCategories(db, wallet.id), [db, wallet.id]) ?? [];

  const update = <K extends keyof RuleFormValues>(key: K, value: RuleFormValues[K]) => {
    setValues((previous) => ({ ...previous, [key]: value }));
    setErrors((previous) => ({ ...previous, [key]: undefined, form: undefined }));
  };

  const fail = (error: unknown) => {
    setBusy(false);
    if (error instanceof ApiError) {
      const fields = error.fieldErrors();
      const known = FIELDS.filter((field) => fields[field] !== undefined);
      if (known.length > 0) {
        setErrors(Object.fromEntries(known.map((field) => [field, fields[field]])));
        return;
      }
    }
    setErrors({ form: describeRuleError(error) });
  };

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const read = readRuleForm(values, currency);
    if (!read.ok) {
      setErrors(read.errors);
      return;
    }
    setBusy(true);
    try {
      if (rule) await updateRule(api, rule.id, read.body);
      else await createRule(api, wallet.id, read.body);
      notices.show(rule ? 'Recurring expense saved' : `Recurring expense added: ${read.body.category}`);
      onSaved();
    } catch (error) {
      fail(error);
    }
  };

  const remove = async () => {
    if (!rule) return;
    setBusy(true);
    try {
      await deleteRule(api, rule.id);
      notices.show('Recurring expense deleted; the expenses it added stay');
      onSaved();
    } catch (error) {
      fail(error);
    }
  };

  const field = (name: RuleFormField) => ({
    id: `${id}-${name}`,
    ...invalidProps(errors[name], `${id}-${name}-error`),
  });
  const fieldError = (name: RuleFormField) => <FieldError id={`${id}-${name}-error`} message={errors[name]} />;

  return (
    <ModalDialog
      title={rule ? 'Edit recurring expense' : 'New recurring expense'}
      onClose={onClose}
      className="rule-dialog"
    >
      <form noValidate onSubmit={(event) => void submit(event)}>
        <AmountField
          id={`${id}-amount`}
          currency={currency}
          fallbackCurrency={currency}
          value={values.amount}
          onChange={(value) => {
            update('amount', value);
          }}
          error={errors.amount}
        />
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
          <label htmlFor={`${id}-note`}>
            Note <span className="muted">(optional)</span>
          </label>
          <input
            id={`${id}-note`}
            type="text"
            autoComplete="off"
            value={values.note}
            onChange={(event) => {
              update('note', event.target.value);
            }}
          />
        </div>
        <div className="field-row rule-repeat">
          <div className="field">
            <label htmlFor={`${id}-interval`}>Every</label>
            <input
              {...field('interval')}
              type="text"
              inputMode="numeric"
              value={values.interval}
              onChange={(event) => {
                update('interval', event.target.value);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-frequency`}>Repeat</label>
            <select
              id={`${id}-frequency`}
              value={values.frequency}
              onChange={(event) => {
                update('frequency', event.target.value as RuleFormValues['frequency']);
              }}
            >
              <option value="daily">day(s)</option>
              <option value="weekly">week(s)</option>
              <option value="monthly">month(s)</option>
              <option value="yearly">year(s)</option>
            </select>
          </div>
        </div>
        {fieldError('interval')}
        <div className="field">
          <label htmlFor={`${id}-startDate`}>First date</label>
          <input
            {...field('startDate')}
            type="date"
            value={values.startDate}
            onChange={(event) => {
              update('startDate', event.target.value);
            }}
          />
          {fieldError('startDate')}
          {!rule && (
            <p className="field-hint">A first date in the past adds the expenses due since then (up to a year back).</p>
          )}
        </div>
        {values.frequency === 'monthly' && (
          <div className="field">
            <label htmlFor={`${id}-day`}>Day of the month</label>
            <select
              id={`${id}-day`}
              value={values.dayOfMonth}
              onChange={(event) => {
                update('dayOfMonth', event.target.value);
              }}
            >
              <option value="">Same day as the first date</option>
              {DAYS.map((day) => (
                <option key={day} value={day}>
                  {day}
                </option>
              ))}
              <option value="last">Last day of the month</option>
            </select>
            <p className="field-hint">A day a month does not have falls on its last day.</p>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-end`}>Ends</label>
          <select
            id={`${id}-end`}
            value={values.end}
            onChange={(event) => {
              update('end', event.target.value as RuleEnd);
            }}
          >
            <option value="never">Never</option>
            <option value="date">On a date</option>
            <option value="count">After a number of times</option>
          </select>
        </div>
        {values.end === 'date' && (
          <div className="field">
            <label htmlFor={`${id}-endDate`}>Last date</label>
            <input
              {...field('endDate')}
              type="date"
              value={values.endDate}
              onChange={(event) => {
                update('endDate', event.target.value);
              }}
            />
            {fieldError('endDate')}
          </div>
        )}
        {values.end === 'count' && (
          <div className="field">
            <label htmlFor={`${id}-endCount`}>Number of times</label>
            <input
              {...field('endCount')}
              type="text"
              inputMode="numeric"
              value={values.endCount}
              onChange={(event) => {
                update('endCount', event.target.value);
              }}
            />
            {fieldError('endCount')}
          </div>
        )}
        {rule && (
          <p className="field-hint">
            Changes apply to the expenses still to come; those already added stay as they are.
          </p>
        )}
        {errors.form && (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        )}
        {confirmingDelete && (
          <p className="banner" role="alert">
            Delete this recurring expense? The expenses it already added stay in the history.
          </p>
        )}
        <FormActions busy={busy} onCancel={onClose}>
          {rule &&
            (confirmingDelete ? (
              <button type="button" className="button danger" disabled={busy} onClick={() => void remove()}>
                Yes, delete
              </button>
            ) : (
              <button
                type="button"
                className="button danger"
                disabled={busy}
                onClick={() => {
                  setConfirmingDelete(true);
                }}
              >
                Delete
              </button>
            ))}
        </FormActions>
      </form>
    </ModalDialog>
  );
}
