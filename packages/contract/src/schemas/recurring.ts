import { z } from 'zod';
import {
  AmountInputSchema,
  AmountOutSchema,
  CalendarDateSchema,
  CategoryNameSchema,
  CurrencyOutSchema,
  NoteSchema,
  TimestampSchema,
  UuidSchema,
} from './common.js';

export const RECURRING_FREQUENCIES = ['daily', 'weekly', 'monthly', 'yearly'] as const;
export const RecurringFrequencySchema = z
  .enum(RECURRING_FREQUENCIES)
  .describe('Repeat unit: every `interval` days, weeks, months or years');
export type RecurringFrequency = z.infer<typeof RecurringFrequencySchema>;

/** Largest `interval` and `endCount` a rule may have. */
export const MAX_RECURRING_INTERVAL = 366;
export const MAX_RECURRING_COUNT = 10_000;

const IntervalSchema = z
  .number()
  .int({ message: 'Interval must be a whole number' })
  .min(1, { message: 'Interval must be at least 1' })
  .max(MAX_RECURRING_INTERVAL, { message: `Interval must be at most ${String(MAX_RECURRING_INTERVAL)}` })
  .describe('Repeat every N units (1 = every day / week / month / year)');

export const DayOfMonthSchema = z
  .union([z.number().int().min(1).max(31), z.literal('last')])
  .describe(
    'Monthly rules only: day of the month (1..31; a day the month lacks falls on its last day) or "last"; null = the start date\'s day',
  );
export type DayOfMonth = z.infer<typeof DayOfMonthSchema>;

const EndCountSchema = z
  .number()
  .int({ message: 'Count must be a whole number' })
  .min(1, { message: 'Count must be at least 1' })
  .max(MAX_RECURRING_COUNT, { message: `Count must be at most ${String(MAX_RECURRING_COUNT)}` })
  .describe('Stop after this many occurrences, counted from the start date');

export const RecurringRuleSchema = z
  .object({
    id: UuidSchema,
    walletId: UuidSchema,
    amount: AmountOutSchema,
    currency: CurrencyOutSchema,
    category: z.string(),
    note: z.string().nullable(),
    startDate: z.string().describe('YYYY-MM-DD, the first possible occurrence'),
    frequency: RecurringFrequencySchema,
    interval: z.number().int(),
    dayOfMonth: DayOfMonthSchema.nullable(),
    endDate: z.string().nullable().describe('YYYY-MM-DD, last possible occurrence (inclusive)'),
    endCount: z.number().int().nullable(),
    paused: z.boolean(),
    nextDate: z
      .string()
      .nullable()
      .describe("Next occurrence the server will create (in the wallet's time zone); null once the rule has ended"),
    timeZone: z.string().describe("The wallet's IANA time zone: due dates follow it"),
    createdBy: UuidSchema.nullable(),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'RecurringRule' });
export type RecurringRule = z.infer<typeof RecurringRuleSchema>;

export const RecurringRuleListSchema = z.array(RecurringRuleSchema);

const endsOnce = (body: { endDate?: string | null | undefined; endCount?: number | null | undefined }) =>
  body.endDate == null || body.endCount == null;
const dayOnlyMonthly = (body: {
  frequency?: RecurringFrequency | undefined;
  dayOfMonth?: DayOfMonth | null | undefined;
}) => body.dayOfMonth == null || body.frequency === undefined || body.frequency === 'monthly';

export const CreateRecurringRuleBodySchema = z
  .strictObject({
    walletId: UuidSchema.optional().describe('Defaults to your personal wallet'),
    amount: AmountInputSchema,
    category: CategoryNameSchema,
    note: NoteSchema.nullable().optional(),
    startDate: CalendarDateSchema.describe('First possible occurrence; at most a year in the past'),
    frequency: RecurringFrequencySchema,
    interval: IntervalSchema.optional().describe('Defaults to 1'),
    dayOfMonth: DayOfMonthSchema.nullable().optional(),
    endDate: CalendarDateSchema.nullable().optional(),
    endCount: EndCountSchema.nullable().optional(),
  })
  .refine(endsOnce, { message: 'Give an end date or a count, not both', path: ['endCount'] })
  .refine(dayOnlyMonthly, { message: 'A day of the month only applies to monthly rules', path: ['dayOfMonth'] })
  .refine((body) => body.endDate == null || body.endDate >= body.startDate, {
    message: 'The end date must not be before the start date',
    path: ['endDate'],
  });
export type CreateRecurringRuleBody = z.input<typeof CreateRecurringRuleBodySchema>;

export const UpdateRecurringRuleBodySchema = z
  .strictObject({
    amount: AmountInputSchema.optional(),
    category: CategoryNameSchema.optional(),
    note: NoteSchema.nullable().optional().describe('null clears the note'),
    startDate: CalendarDateSchema.optional(),
    frequency: RecurringFrequencySchema.optional(),
    interval: IntervalSchema.optional(),
    dayOfMonth: DayOfMonthSchema.nullable().optional(),
    endDate: CalendarDateSchema.nullable().optional().describe('null removes the end date'),
    endCount: EndCountSchema.nullable().optional().describe('null removes the count'),
    paused: z
      .boolean()
      .optional()
      .describe('true pauses the rule; false resumes it from today (paused periods are not created)'),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Give at least one field to change' })
  .refine(endsOnce, { message: 'Give an end date or a count, not both', path: ['endCount'] })
  .refine(dayOnlyMonthly, { message: 'A day of the month only applies to monthly rules', path: ['dayOfMonth'] });
export type UpdateRecurringRuleBody = z.input<typeof UpdateRecurringRuleBodySchema>;
