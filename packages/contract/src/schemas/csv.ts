import { z } from 'zod';
import { CalendarDateSchema, CategoryNameSchema, storableText, UuidSchema } from './common.js';

export const CSV_HEADER = [
  'date',
  'amount',
  'currency',
  'category',
  'note',
  'id',
  'createdAt',
  'kind',
  'originalAmount',
  'originalCurrency',
  'rate',
] as const;

export const ExportQuerySchema = z.strictObject({
  walletId: UuidSchema.optional(),
  from: CalendarDateSchema.optional(),
  to: CalendarDateSchema.optional(),
  category: CategoryNameSchema.optional(),
  q: storableText(200)
    .trim()
    .min(1)
    .optional()
    .describe('Case-insensitive search in note and category, as in the history'),
});
export type ExportQuery = z.input<typeof ExportQuerySchema>;

const columnName = z.string().min(1).max(100);
const booleanFlag = z.enum(['true', 'false']).transform((value) => value === 'true');

export const ImportQuerySchema = z.strictObject({
  walletId: UuidSchema.optional(),
  dryRun: booleanFlag.default(false).describe('Validate and count without writing'),
  dateFormat: z
    .enum(['ymd', 'dmy', 'mdy'])
    .optional()
    .describe('Order of day and month when dates like 03/04/2026 are ambiguous (detected when possible)'),
  decimalSeparator: z
    .enum(['.', ','])
    .optional()
    .describe('Force the decimal separator of amounts (detected by default)'),
  includeCredits: booleanFlag
    .default(true)
    .describe(
      'Credits (positive amounts in a file that signs debits negative) are imported as income; false skips them',
    ),
  dateColumn: columnName.optional(),
  amountColumn: columnName.optional(),
  categoryColumn: columnName.optional(),
  noteColumn: columnName.optional(),
  defaultCategory: CategoryNameSchema.default('Uncategorized').describe('Category for rows without one'),
});
export type ImportQuery = z.input<typeof ImportQuerySchema>;

export const ImportResultSchema = z
  .object({
    dryRun: z.boolean(),
    imported: z.number().int().describe('Rows written (or that would be, in a dry run)'),
    duplicates: z.number().int().describe('Rows already imported earlier (or repeated ids), skipped'),
    skippedCredits: z.number().int().describe('Credits (incoming money) skipped with includeCredits=false'),
    errors: z
      .array(z.object({ line: z.number().int(), message: z.string() }))
      .describe('Any error: nothing was written'),
    columns: z
      .object({ date: z.string(), amount: z.string(), category: z.string().nullable(), note: z.string().nullable() })
      .describe('The header columns used'),
  })
  .meta({ id: 'ImportResult' });
export type ImportResult = z.infer<typeof ImportResultSchema>;
