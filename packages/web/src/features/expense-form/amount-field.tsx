import { isKnownCurrency } from '@ttm/contract';
import type { HTMLAttributes } from 'react';
import { currencySymbol, formatAmountForInput } from '../../locale/money-format.js';
import { FieldError, invalidProps } from '../../shared/field-error.js';

interface AmountFieldProps {
  /** The input's id; its error message gets `${id}-error`. */
  readonly id: string;
  /** The currency the amount is typed in (a code the app may not know yet while it is typed). */
  readonly currency: string;
  /** Shapes the placeholder when `currency` is not a known one. */
  readonly fallbackCurrency: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error: string | undefined;
  readonly enterKeyHint?: HTMLAttributes<HTMLInputElement>['enterKeyHint'];
}

/** The decimal amount input of a form, with its currency in the label and before the digits. */
export function AmountField({
  id,
  currency,
  fallbackCurrency,
  value,
  onChange,
  error,
  enterKeyHint,
}: AmountFieldProps) {
  const known = isKnownCurrency(currency);
  return (
    <div className="field">
      <label htmlFor={id}>
        Amount <span className="muted">({currency})</span>
      </label>
      <div className="amount-input">
        <span className="amount-currency" aria-hidden="true">
          {known ? currencySymbol(currency) : currency}
        </span>
        <input
          id={id}
          {...invalidProps(error, `${id}-error`)}
          data-autofocus
          type="text"
          inputMode="decimal"
          autoComplete="off"
          enterKeyHint={enterKeyHint}
          placeholder={formatAmountForInput(0, known ? currency : fallbackCurrency)}
          value={value}
          onChange={(event) => {
            onChange(event.target.value);
          }}
        />
      </div>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
