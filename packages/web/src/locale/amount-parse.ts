import { currencyDigits, decimalToMinor, type AmountParseResult } from '@ttm/contract';
import { numberSymbols } from './number-symbols.js';

export type { AmountParseResult };

// Spaces of every width and apostrophes are grouping marks in some locales (fr, de-CH).
const GROUPING_NOISE = /[\s\u00a0\u202f\u2009'\u2019]/g;
const SHAPE = /^[0-9.,]+$/;

/**
 * Reads an amount the way a person types it, in any common notation: "12,50", "12.50",
 * "1.234,56", "1,234.56", "1 234,56". When only one kind of separator appears once and
 * three digits follow ("1,234"), the browser locale decides whether it is the decimal mark.
 * Returns integer minor units of `currency`; never goes through a float.
 */
export function parseAmount(input: string, currency: string, locale?: string): AmountParseResult {
  const text = input.replace(GROUPING_NOISE, '');
  if (text === '') return { ok: false, message: 'Enter an amount' };
  if (text.startsWith('-')) return { ok: false, message: 'Amount must be greater than 0' };
  if (!SHAPE.test(text) || !/\d/.test(text)) {
    return { ok: false, message: 'Amount must be a number like 12.50' };
  }

  const decimalMark = findDecimalMark(text, locale);
  if (decimalMark === 'invalid') return { ok: false, message: 'Amount must be a number like 12.50' };
  let whole: string;
  let fraction: string;
  if (decimalMark === null) {
    whole = text.replace(/[.,]/g, '');
    fraction = '';
  } else {
    const at = text.lastIndexOf(decimalMark);
    whole = text.slice(0, at).replace(/[.,]/g, '');
    fraction = text.slice(at + 1);
    if (/[.,]/.test(fraction)) return { ok: false, message: 'Amount must be a number like 12.50' };
  }

  // "12,500" means 12.5 to someone who writes a comma as the decimal mark: drop zeros that
  // carry no value before checking the currency's number of decimals.
  const digits = currencyDigits(currency);
  if (fraction.length > digits) {
    const significant = fraction.replace(/0+$/, '');
    if (significant.length <= digits) fraction = significant;
  }
  const decimal = `${whole === '' ? '0' : whole}${fraction === '' ? '' : `.${fraction}`}`;
  return decimalToMinor(decimal, currency);
}

function findDecimalMark(text: string, locale: string | undefined): '.' | ',' | 'invalid' | null {
  const dots = count(text, '.');
  const commas = count(text, ',');
  if (dots === 0 && commas === 0) return null;
  if (dots > 0 && commas > 0) {
    const mark = text.lastIndexOf('.') > text.lastIndexOf(',') ? '.' : ',';
    return count(text, mark) === 1 ? mark : 'invalid';
  }
  const mark = dots > 0 ? '.' : ',';
  // The same mark several times can only be grouping: "1.234.567".
  if (Math.max(dots, commas) > 1) return null;
  const before = text.indexOf(mark);
  const after = text.length - before - 1;
  // Grouping puts one to three digits before the first mark and exactly three after it.
  if (after !== 3 || before === 0 || before > 3) return mark;
  return numberSymbols(locale).decimal === mark ? mark : null;
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n += 1;
  return n;
}
