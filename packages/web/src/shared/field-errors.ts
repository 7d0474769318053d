import type { z } from 'zod';

export type FieldErrors<K extends string> = Partial<Record<K | 'form', string>>;

/** First message per top-level field of a failed zod parse. */
export function zodFieldErrors<K extends string>(error: z.ZodError, fields: readonly K[]): FieldErrors<K> {
  const out: FieldErrors<K> = {};
  for (const issue of error.issues) {
    const head = issue.path[0];
    const key = typeof head === 'string' && (fields as readonly string[]).includes(head) ? (head as K) : 'form';
    out[key] ??= issue.message;
  }
  return out;
}

/** Server field errors ("amount", "body.amount") mapped onto the form's fields. */
export function serverFieldErrors<K extends string>(
  errors: Record<string, string>,
  fields: readonly K[],
): FieldErrors<K> {
  const out: FieldErrors<K> = {};
  for (const [path, message] of Object.entries(errors)) {
    const name = path.replace(/^body\./, '').split('.')[0] ?? '';
    const key = (fields as readonly string[]).includes(name) ? (name as K) : 'form';
    out[key] ??= message;
  }
  return out;
}
