import { z } from 'zod';
import { isKnownTimeZone } from '../dates.js';
import { EmailSchema } from './auth.js';
import { CurrencyOutSchema, CurrencySchema, storableText, TimestampSchema, UuidSchema } from './common.js';

export const ROLES = ['owner', 'editor', 'viewer'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const InviteRoleSchema = z.enum(['editor', 'viewer']);
export type InviteRole = z.infer<typeof InviteRoleSchema>;

export const WalletSchema = z
  .object({
    id: UuidSchema,
    name: z.string(),
    currency: CurrencyOutSchema,
    role: RoleSchema.describe("The caller's role in this wallet"),
    personal: z.boolean().describe("True for the caller's own personal wallet"),
    version: z.number().int().min(0).describe('Bumped by every change to its expenses; compare to skip a sync'),
    timeZone: z.string().describe('IANA time zone that recurring expenses fall due in (default UTC)'),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'Wallet' });
export type Wallet = z.infer<typeof WalletSchema>;

export const WalletListSchema = z.array(WalletSchema);

const WalletNameSchema = storableText(100)
  .trim()
  .min(1, { message: 'Name is required' })
  .describe('Wallet name, 1..100 characters');

export const CreateWalletBodySchema = z.strictObject({ name: WalletNameSchema, currency: CurrencySchema });
export type CreateWalletBody = z.input<typeof CreateWalletBodySchema>;

export const TimeZoneSchema = z
  .string()
  .trim()
  .refine(isKnownTimeZone, { message: 'Must be an IANA time zone such as Europe/Paris or UTC' })
  .transform((zone) => new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone)
  .describe('IANA time zone name, e.g. Europe/Paris');

export const UpdateWalletBodySchema = z
  .strictObject({ name: WalletNameSchema.optional(), timeZone: TimeZoneSchema.optional() })
  .refine((body) => Object.keys(body).length > 0, { message: 'Give at least one field to change' });
export type UpdateWalletBody = z.input<typeof UpdateWalletBodySchema>;

export const MemberSchema = z
  .object({ userId: UuidSchema, email: z.string(), role: RoleSchema, joinedAt: TimestampSchema })
  .meta({ id: 'Member' });
export type Member = z.infer<typeof MemberSchema>;
export const MemberListSchema = z.array(MemberSchema);

export const MemberParamsSchema = z.strictObject({ id: UuidSchema, userId: UuidSchema });
export const UpdateMemberBodySchema = z.strictObject({
  role: RoleSchema.describe('New role; "owner" shares ownership (then the old owner may step down)'),
});
export type UpdateMemberBody = z.input<typeof UpdateMemberBodySchema>;

export const CreateInviteBodySchema = z.strictObject({ email: EmailSchema, role: InviteRoleSchema });
export type CreateInviteBody = z.input<typeof CreateInviteBodySchema>;

export const CreatedInviteSchema = z
  .object({
    id: UuidSchema,
    email: z.string(),
    role: InviteRoleSchema,
    token: z.string().describe('Secret for the invite link; shown once, share it by hand'),
    expiresAt: TimestampSchema,
  })
  .meta({ id: 'CreatedInvite' });
export type CreatedInvite = z.infer<typeof CreatedInviteSchema>;

/** A pending invite as its owner sees it (no token: it is only shown once). */
export const WalletInviteSchema = z
  .object({
    id: UuidSchema,
    email: z.string(),
    role: InviteRoleSchema,
    createdAt: TimestampSchema,
    expiresAt: TimestampSchema,
  })
  .meta({ id: 'WalletInvite' });
export type WalletInvite = z.infer<typeof WalletInviteSchema>;
export const WalletInviteListSchema = z.array(WalletInviteSchema);

/** A pending invite as the invited person sees it. */
export const PendingInviteSchema = z
  .object({
    id: UuidSchema,
    walletId: UuidSchema,
    walletName: z.string(),
    currency: CurrencyOutSchema,
    role: InviteRoleSchema,
    invitedBy: z.string().nullable().describe("Inviter's email; null if their account is gone"),
    expiresAt: TimestampSchema,
  })
  .meta({ id: 'PendingInvite' });
export type PendingInvite = z.infer<typeof PendingInviteSchema>;
export const PendingInviteListSchema = z.array(PendingInviteSchema);

export const InviteParamsSchema = z.strictObject({ id: UuidSchema, inviteId: UuidSchema });
export const AcceptInviteTokenBodySchema = z.strictObject({ token: z.string().min(1).max(200) });
export type AcceptInviteTokenBody = z.input<typeof AcceptInviteTokenBodySchema>;
