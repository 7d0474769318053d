import { convertDecimal, decimalToMinor, type ExpenseKind, minorToDecimal } from '@ttm/contract';
import type { Db } from '../../db/types.js';
import type { ExpenseMoney } from './expense-writes.js';
import { findLastRate } from './expenses.repository.js';

/** The money fields of a request or mutation, as sent: `amount` is in `currency`. */
export interface MoneyInput {
  readonly amount?: string | undefined;
  readonly currency?: string | undefined;
  readonly rate?: string | undefined;
  readonly kind?: ExpenseKind | undefined;
}

export type MoneyResult =
  | { readonly ok: true; readonly money: ExpenseMoney }
  | { readonly ok: false; readonly path: 'amount' | 'rate' | 'currency'; readonly message: string };

export function hasMoneyInput(input: MoneyInput): boolean {
  return (
    input.amount !== undefined || input.currency !== undefined || input.rate !== undefined || input.kind !== undefined
  );
}

/**
 * Resolves what a create or an edit says about the money against the wallet's currency and, for
 * an edit, the expense as stored: an omitted amount, currency or kind keeps the stored one; an
 * omitted rate keeps the stored rate when the currency stays, else takes the rate last used for
 * that pair in the wallet. Only that last case reads the database (the partial rate index).
 */
export async function resolveMoney(
  db: Db,
  wallet: { readonly id: string; readonly currency: string },
  input: MoneyInput,
  current: ExpenseMoney | null,
): Promise<MoneyResult> {
  const kind = input.kind ?? current?.kind ?? 'expense';
  const currency = input.currency ?? current?.originalCurrency ?? wallet.currency;

  if (currency === wallet.currency) {
    if (input.rate !== undefined) {
      return {
        ok: false,
        path: 'rate',
        message: `A rate applies only to an amount in another currency than the wallet's (${wallet.currency})`,
      };
    }
    if (input.amount === undefined) {
      if (!current) return { ok: false, path: 'amount', message: 'Amount is required' };
      const amountMinor = current.amountMinor;
      return { ok: true, money: { kind, amountMinor, originalAmountMinor: null, originalCurrency: null, rate: null } };
    }
    const parsed = decimalToMinor(input.amount, currency);
    if (!parsed.ok) return { ok: false, path: 'amount', message: parsed.message };
    return {
      ok: true,
      money: { kind, amountMinor: parsed.minor, originalAmountMinor: null, originalCurrency: null, rate: null },
    };
  }

  const sameForeign = current !== null && current.originalCurrency === currency;
  let amount = input.amount;
  if (amount === undefined) {
    if (!sameForeign || current.originalAmountMinor === null) {
      return { ok: false, path: 'amount', message: `Give the amount in ${currency}` };
    }
    amount = minorToDecimal(current.originalAmountMinor, currency);
  }
  let rate = input.rate ?? (sameForeign ? current.rate : null);
  rate ??= await findLastRate(db, wallet.id, currency);
  if (rate === null) {
    return {
      ok: false,
      path: 'rate',
      message: `No rate from ${currency} to ${wallet.currency} was used in this wallet yet: give the rate`,
    };
  }
  const converted = convertDecimal(amount, currency, wallet.currency, rate);
  if (!converted.ok) return converted;
  return {
    ok: true,
    money: {
      kind,
      amountMinor: converted.amountMinor,
      originalAmountMinor: converted.originalMinor,
      originalCurrency: currency,
      rate: converted.rate,
    },
  };
}
