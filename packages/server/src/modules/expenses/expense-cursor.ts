import { ValidationError } from '../../errors.js';

/** Position in the history order (date desc, createdAt desc, id desc). Opaque to clients. */
export interface HistoryCursor {
  readonly date: string;
  readonly createdAt: string;
  readonly id: string;
}

export function encodeCursor(cursor: HistoryCursor): string {
  return Buffer.from(JSON.stringify([cursor.date, cursor.createdAt, cursor.id])).toString('base64url');
}

export function decodeCursor(value: string): HistoryCursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 3 && parsed.every((part) => typeof part === 'string')) {
      const [date, createdAt, id] = parsed as [string, string, string];
      return { date, createdAt, id };
    }
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError([{ path: 'cursor', message: 'Not a cursor returned by this API' }]);
}
