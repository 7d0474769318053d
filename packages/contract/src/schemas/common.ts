import { z } from 'zod';
import { isCalendarDate, isCalendarMonth } from '../dates.js';
import { isKnownCurrency, numberToDecimal } from '../money.js';
import { isStorableText } from '../text.js';

export const UuidSchema = z.uuid({ message: 'Must be a UUID' });

export const TimestampSchema = z.iso.datetime({ offset: true }).describe('RFC 3339 timestamp (UTC)');

export const CalendarDateSchema = z
  .string()
  .refine(isCalendarDate, { message: 'Must be a real calendar date written as YYYY-MM-DD' })
  .describe('Calendar date, YYYY-MM-DD')
  .meta({ example: '2026-11-22' });

export const CalendarMonthSchema = z
  .string()
  .refine(isCalendarMonth, { message: 'Must be a month written as YYYY-MM' })
  .describe('Calendar month, YYYY-MM');

export const CurrencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isKnownCurrency, { message: 'Must be an ISO 4217 currency code such as EUR or USD' })
  .describe('ISO 4217 currency code');

/** Currency as sent back by the server (already canonical). */
export const CurrencyOutSchema = z.string().length(3).describe('ISO 4217 currency code');

/** Free text: any Unicode except U+0000 and lone surrogates, stored byte-for-byte. */
export function storableText(max: number) {
  return z
    .string()
    .max(max, { message: `Must be at most ${String(max)} characters` })
    .refine(isStorableText, { message: 'Must not contain NUL characters or invalid Unicode' });
}

/**
 * Positive decimal amount, as a string ("12.50") or a JSON number (12.5). This schema checks the
 * shape; the value rules (greater than 0, at most the currency's digits, at most 999,999,999.99)
 * need the wallet's currency and are checked with `decimalToMinor` where it is known.
 */
export const AmountInputSchema = z
  .union([z.string(), z.number()])
  .transform((value) => (typeof value === 'number' ? numberToDecimal(value) : value.trim()))
  .refine((value) => /^-?\d+(\.\d+)?$/.test(value), { message: 'Amount must be a decimal number like 12.50' })
  .describe('Decimal amount greater than 0 with at most the currency\'s minor digits, e.g. "12.50"');

export const AmountOutSchema = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .describe('Decimal string with exactly the currency\'s minor digits, e.g. "12.50"')
  .meta({ example: '12.50' });

export const CategoryNameSchema = z
  .string()
  .trim()
  .min(1, { message: 'Category is required' })
  .max(64, { message: 'Category must be at most 64 characters' })
  .refine(isStorableText, { message: 'Must not contain NUL characters or invalid Unicode' })
  .describe('Category name, 1..64 characters after trimming; compared case-insensitively');

export const NoteSchema = storableText(1000).describe('Optional note, up to 1000 characters, returned verbatim');

export const WalletIdQuerySchema = z.strictObject({
  walletId: UuidSchema.optional().describe('Wallet to use; defaults to your personal wallet'),
});

export const IdParamsSchema = z.strictObject({ id: UuidSchema });

export const EmptyBodySchema = z.null().describe('No content');
