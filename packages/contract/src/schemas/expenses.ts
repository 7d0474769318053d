import { z } from 'zod';
import {
  AmountInputSchema,
  AmountOutSchema,
  CalendarDateSchema,
  CategoryNameSchema,
  CurrencyOutSchema,
  CurrencySchema,
  NoteSchema,
  storableText,
  TimestampSchema,
  UuidSchema,
} from './common.js';

export const EXPENSE_KINDS = ['expense', 'income'] as const;
export const ExpenseKindSchema = z.enum(EXPENSE_KINDS).describe('expense: money spent; income: money received');
export type ExpenseKind = z.infer<typeof ExpenseKindSchema>;

/** Exchange rate as an exact decimal string (a JSON number is accepted and read as written). */
export const RateInputSchema = z
  .union([z.string(), z.number()])
  .transform((value) => (typeof value === 'number' ? String(value) : value.trim()))
  .refine((value) => /^\d+(\.\d+)?$/.test(value), { message: 'Rate must be a decimal number like 0.92' })
  .describe(
    'Wallet-currency units per one unit of `currency`, e.g. "0.92" for USD into a EUR wallet; omitted: the rate last used for that pair in the wallet',
  );

/** Entering an amount in another currency than the wallet's: the amount is in `currency`. */
const foreignAmountFields = {
  currency: CurrencySchema.optional().describe("Currency of `amount`; defaults to the wallet's"),
  rate: RateInputSchema.optional(),
};

export const ExpenseSchema = z
  .object({
    id: UuidSchema,
    walletId: UuidSchema,
    amount: AmountOutSchema,
    currency: CurrencyOutSchema,
    category: z.string(),
    date: z.string().describe('YYYY-MM-DD'),
    note: z.string().nullable(),
    createdBy: UuidSchema.nullable().describe('Author; null once their account is deleted'),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
    version: z.number().int().describe('Wallet version stamped by the last write (also the ETag)'),
    kind: ExpenseKindSchema,
    originalAmount: AmountOutSchema.nullable().describe(
      'The amount as entered in originalCurrency; null when entered in the wallet currency (`amount` is the converted one)',
    ),
    originalCurrency: CurrencyOutSchema.nullable(),
    rate: z.string().nullable().describe('The rate used: wallet-currency units per one originalCurrency unit'),
    recurringRuleId: UuidSchema.nullable().describe(
      'The recurring rule that created this expense (kept after the rule is deleted); null for expenses entered by hand',
    ),
  })
  .meta({ id: 'Expense' });
export type Expense = z.infer<typeof ExpenseSchema>;

export const CreateExpenseBodySchema = z.strictObject({
  id: UuidSchema.optional().describe('Client-generated id; repeating a request with it is idempotent'),
  walletId: UuidSchema.optional().describe('Defaults to your personal wallet'),
  amount: AmountInputSchema,
  category: CategoryNameSchema,
  date: CalendarDateSchema,
  note: NoteSchema.nullable().optional(),
  kind: ExpenseKindSchema.optional().describe('Defaults to expense'),
  ...foreignAmountFields,
});
export type CreateExpenseBody = z.input<typeof CreateExpenseBodySchema>;

export const UpdateExpenseBodySchema = z
  .strictObject({
    amount: AmountInputSchema.optional(),
    category: CategoryNameSchema.optional(),
    date: CalendarDateSchema.optional(),
    note: NoteSchema.nullable().optional().describe('null clears the note'),
    kind: ExpenseKindSchema.optional(),
    ...foreignAmountFields,
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Give at least one field to change' });
export type UpdateExpenseBody = z.input<typeof UpdateExpenseBodySchema>;

export const IfMatchHeadersSchema = z.looseObject({
  'if-match': z
    .string()
    .optional()
    .describe('Strong ETag of the version you edited, e.g. "7"; the write fails with 412 if it moved on'),
});

const decimalFilter = z.string().regex(/^\d+(\.\d+)?$/, { message: 'Must be a decimal number like 12.50' });

export const ListExpensesQuerySchema = z.strictObject({
  walletId: UuidSchema.optional().describe('Defaults to your personal wallet'),
  from: CalendarDateSchema.optional().describe('Earliest date, inclusive'),
  to: CalendarDateSchema.optional().describe('Latest date, inclusive'),
  category: CategoryNameSchema.optional().describe('Exact category (case-insensitive)'),
  q: storableText(200).trim().min(1).optional().describe('Case-insensitive search in note and category'),
  minAmount: decimalFilter.optional(),
  maxAmount: decimalFilter.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(512).optional().describe('nextCursor of the previous page'),
});
export type ListExpensesQuery = z.input<typeof ListExpensesQuerySchema>;

export const ChangesQuerySchema = z.strictObject({
  since: z.coerce.number().int().min(0).default(0).describe('Last wallet version you have seen (0 for everything)'),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export type ChangesQuery = z.input<typeof ChangesQuerySchema>;

export const ChangesSchema = z
  .object({
    items: z.array(ExpenseSchema).describe('Expenses created or changed after `since`, oldest change first'),
    deleted: z
      .array(z.object({ id: UuidSchema, version: z.number().int() }))
      .describe('Expenses deleted after `since`'),
    nextSince: z.number().int().describe('Pass as `since` next time (all changes up to it are included)'),
    hasMore: z.boolean().describe('True when the limit cut the page: ask again with nextSince'),
  })
  .meta({ id: 'Changes' });
export type Changes = z.infer<typeof ChangesSchema>;

export const ExpensePageSchema = z
  .object({
    items: z.array(ExpenseSchema),
    nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
  })
  .meta({ id: 'ExpensePage' });
export type ExpensePage = z.infer<typeof ExpensePageSchema>;
