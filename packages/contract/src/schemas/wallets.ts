import { z } from 'zod';
import { CurrencyOutSchema, TimestampSchema, UuidSchema } from './common.js';

export const ROLES = ['owner', 'editor', 'viewer'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const WalletSchema = z
  .object({
    id: UuidSchema,
    name: z.string(),
    currency: CurrencyOutSchema,
    role: RoleSchema.describe("The caller's role in this wallet"),
    personal: z.boolean().describe("True for the caller's own personal wallet"),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'Wallet' });
export type Wallet = z.infer<typeof WalletSchema>;

export const WalletListSchema = z.array(WalletSchema);
