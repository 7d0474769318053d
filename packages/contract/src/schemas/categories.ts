import { z } from 'zod';

export const CategorySchema = z
  .object({
    name: z.string(),
    count: z.number().int().describe('Expenses using it; 0 for suggested defaults'),
  })
  .meta({ id: 'Category' });
export type Category = z.infer<typeof CategorySchema>;

export const CategoryListSchema = z.array(CategorySchema);

/** Suggestions shown to a wallet with little history. */
export const DEFAULT_CATEGORIES = [
  'Groceries',
  'Dining out',
  'Transport',
  'Housing',
  'Utilities',
  'Health',
  'Shopping',
  'Entertainment',
  'Travel',
  'Other',
] as const;
