import { isCalendarDate } from '@ttm/contract';
import { ValidationError } from '../../errors.js';

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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
      if (
        isCalendarDate(date) &&
        ISO_TIMESTAMP.test(createdAt) &&
        !Number.isNaN(Date.parse(createdAt)) &&
        UUID.test(id)
      ) {
        return { date, createdAt, id };
      }
    }
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError([{ path: 'cursor', message: 'Not a cursor returned by this API' }]);
}
