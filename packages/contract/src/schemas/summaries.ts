import { z } from 'zod';
import {
  AmountOutSchema,
  CalendarDateSchema,
  CalendarMonthSchema,
  CategoryNameSchema,
  CurrencyOutSchema,
  UuidSchema,
} from './common.js';

const CountSchema = z.number().int().min(0);

export const CategoryTotalSchema = z.object({ category: z.string(), total: AmountOutSchema, count: CountSchema });
export type CategoryTotal = z.infer<typeof CategoryTotalSchema>;

export const MemberTotalSchema = z
  .object({
    userId: UuidSchema.nullable().describe('null for expenses of deleted accounts'),
    email: z.string().nullable(),
    total: AmountOutSchema,
    count: CountSchema,
  })
  .meta({ id: 'MemberTotal' });
export type MemberTotal = z.infer<typeof MemberTotalSchema>;

export const MonthlySummaryQuerySchema = z.strictObject({
  walletId: UuidSchema.optional(),
  from: CalendarMonthSchema.optional().describe('First month, YYYY-MM (default: 11 months before `to`)'),
  to: CalendarMonthSchema.optional().describe('Last month, YYYY-MM (default: the current month, UTC)'),
});

export const MonthlySummarySchema = z
  .object({
    currency: CurrencyOutSchema,
    months: z.array(
      z.object({
        month: z.string().describe('YYYY-MM'),
        total: AmountOutSchema.describe('Spending (expenses only)'),
        count: CountSchema.describe('Number of expenses'),
        income: AmountOutSchema.describe('Income received'),
        incomeCount: CountSchema.describe('Number of income entries'),
        balance: AmountOutSchema.describe('income - total; negative when more was spent than received'),
        categories: z.array(CategoryTotalSchema).describe('Spending per category'),
      }),
    ),
    members: z
      .array(MemberTotalSchema)
      .optional()
      .describe('Shared wallets only: who spent what in the range (expenses only)'),
  })
  .meta({ id: 'MonthlySummary' });
export type MonthlySummary = z.infer<typeof MonthlySummarySchema>;

export const CategorySummaryQuerySchema = z.strictObject({
  walletId: UuidSchema.optional(),
  from: CalendarDateSchema.optional().describe('First day, inclusive (default: first day of the current month)'),
  to: CalendarDateSchema.optional().describe('Last day, inclusive (default: today, UTC)'),
});

export const CategorySummarySchema = z
  .object({
    currency: CurrencyOutSchema,
    total: AmountOutSchema.describe('Spending (expenses only)'),
    count: CountSchema,
    income: AmountOutSchema.describe('Income received in the range'),
    incomeCount: CountSchema,
    balance: AmountOutSchema.describe('income - total'),
    categories: z.array(
      CategoryTotalSchema.extend({ share: z.number().min(0).max(1).describe('Fraction of the total, 4 decimals') }),
    ),
    members: z.array(MemberTotalSchema).optional(),
  })
  .meta({ id: 'CategorySummary' });
export type CategorySummary = z.infer<typeof CategorySummarySchema>;

export const BUDGET_OVERALL = '*';
export const BudgetStatusSchema = z.enum(['ok', 'warning', 'over']);

export const BudgetSchema = z
  .object({
    category: z.string().describe('Category name, or "*" for the overall monthly limit'),
    monthlyLimit: AmountOutSchema,
    spent: AmountOutSchema.describe('Spending of the month; income is not counted'),
    remaining: AmountOutSchema.describe('Negative when over the limit'),
    ratio: z.number().min(0).describe('spent / monthlyLimit, 4 decimals'),
    status: BudgetStatusSchema.describe('warning from 80 %, over above 100 %'),
  })
  .meta({ id: 'Budget' });
export type Budget = z.infer<typeof BudgetSchema>;
export const BudgetListSchema = z.array(BudgetSchema);

export const BudgetParamsSchema = z.strictObject({
  category: z.union([z.literal(BUDGET_OVERALL), CategoryNameSchema]).describe('Category name (URL-encoded) or "*"'),
});
export const BudgetQuerySchema = z.strictObject({ walletId: UuidSchema.optional() });
export const BudgetListQuerySchema = z.strictObject({
  walletId: UuidSchema.optional(),
  month: CalendarMonthSchema.optional().describe('Month to measure spending in (default: current month, UTC)'),
});
export const PutBudgetBodySchema = z.strictObject({
  monthlyLimit: z
    .union([z.string(), z.number()])
    .transform((value) => (typeof value === 'number' ? String(value) : value.trim()))
    .refine((value) => /^\d+(\.\d+)?$/.test(value), { message: 'Limit must be a decimal number like 300.00' }),
});
export type PutBudgetBody = z.input<typeof PutBudgetBodySchema>;
