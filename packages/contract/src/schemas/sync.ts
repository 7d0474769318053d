import { z } from 'zod';
import {
  AmountInputSchema,
  AmountOutSchema,
  CalendarDateSchema,
  CategoryNameSchema,
  CurrencySchema,
  IdParamsSchema,
  NoteSchema,
  TimestampSchema,
  UuidSchema,
} from './common.js';
import { ExpenseKindSchema, ExpenseSchema, RateInputSchema } from './expenses.js';
import { WalletSchema } from './wallets.js';

/** Mutations one push may carry: a device with a long backlog drains it in a few requests. */
export const MAX_PUSH_MUTATIONS = 500;
/** A full push (500 mutations with long notes) is larger than the API's default body limit. */
export const MAX_PUSH_BODY_BYTES = 4 * 1024 * 1024;
/** Changes one pull page may carry. */
export const MAX_PULL_LIMIT = 1000;

/** The expense fields a mutation can set; the unit of the merge rule. */
export const SYNC_FIELDS = ['amount', 'category', 'date', 'note'] as const;
export const SyncFieldSchema = z.enum(SYNC_FIELDS);
export type SyncField = z.infer<typeof SyncFieldSchema>;

const ClientTokenSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:-]+$/, { message: 'Use 1..64 letters, digits or . _ : -' });

// ---------------------------------------------------------------- pull

export const PullBodySchema = z.strictObject({
  cursor: z
    .string()
    .min(1)
    .max(60_000)
    .nullable()
    .default(null)
    .describe('The cursor of your previous pull; null (or absent) for a first, full download'),
  limit: z
    .number()
    .int()
    .min(1)
    .max(MAX_PULL_LIMIT)
    .default(500)
    .describe('Most changes in this page; with hasMore, pull again with the returned cursor'),
});
export type PullBody = z.input<typeof PullBodySchema>;

export const UpsertChangeSchema = z
  .object({ op: z.literal('upsert'), expense: ExpenseSchema })
  .describe('The expense as it is now (created, changed or restored)');

export const TombstoneChangeSchema = z
  .object({
    op: z.literal('delete'),
    id: UuidSchema,
    walletId: UuidSchema,
    version: z.number().int().describe('Wallet version of the deletion'),
  })
  .describe('The expense was deleted: remove it');

export const SyncChangeSchema = z.discriminatedUnion('op', [UpsertChangeSchema, TombstoneChangeSchema]);
export type SyncChange = z.infer<typeof SyncChangeSchema>;

export const PullPageSchema = z
  .object({
    reset: z.literal(false),
    cursor: z.string().describe('Opaque; send it with the next pull. Every change up to it is included'),
    changes: z
      .array(SyncChangeSchema)
      .describe('Upserts and deletions after the cursor, each wallet oldest change first; apply in order'),
    hasMore: z.boolean().describe('True when the limit cut the page: pull again right away with the new cursor'),
    walletsAdded: z
      .array(WalletSchema)
      .describe(
        'Wallets new to this cursor (every wallet on a pull from null): a fresh snapshot of live expenses follows, ' +
          'without tombstones, so first drop any synced rows of these wallets you hold (keep pending mutations)',
      ),
    walletsRemoved: z
      .array(UuidSchema)
      .describe('Wallets you lost access to since the cursor: drop their local data (and any pending changes)'),
  })
  .meta({ id: 'SyncPullPage' });
export type PullPage = z.infer<typeof PullPageSchema>;

export const PULL_RESET_REASONS = ['cursor_ahead', 'cursor_expired', 'epoch_changed'] as const;
export const PullResetReasonSchema = z.enum(PULL_RESET_REASONS);
export type PullResetReason = z.infer<typeof PullResetReasonSchema>;

export const PullResetSchema = z
  .object({
    reset: z.literal(true),
    reason: PullResetReasonSchema.describe(
      'cursor_ahead: the cursor is newer than the server (it was restored from a backup); ' +
        'cursor_expired: deletions older than the cursor were compacted; ' +
        'epoch_changed: the cursor belongs to another server database',
    ),
  })
  .describe(
    'The cursor cannot be continued: discard the synced copy (keep pending mutations), pull again with cursor null, then push',
  )
  .meta({ id: 'SyncPullReset' });
export type PullReset = z.infer<typeof PullResetSchema>;

export const PullResultSchema = z.discriminatedUnion('reset', [PullPageSchema, PullResetSchema]);
export type PullResult = z.infer<typeof PullResultSchema>;

// ---------------------------------------------------------------- push

const FieldsBase = {
  amount: AmountInputSchema,
  category: CategoryNameSchema,
  date: CalendarDateSchema,
  note: NoteSchema.nullable(),
};

/** Kind and currency travel with `amount`: the merge rule treats the entry's money as one field. */
const MoneyFields = {
  kind: ExpenseKindSchema.optional().describe('Defaults to expense on create'),
  currency: CurrencySchema.optional().describe("Currency of `amount`; defaults to the wallet's"),
  rate: RateInputSchema.optional(),
};

const mutationCommon = {
  mutationId: ClientTokenSchema.describe(
    'Unique per client; a retry with the same id changes nothing and returns the stored outcome (with the expense as it is now)',
  ),
  expenseId: UuidSchema.describe('For create: the id the client generated'),
  walletId: UuidSchema,
};

export const CreateMutationSchema = z.strictObject({
  ...mutationCommon,
  op: z.literal('create'),
  baseVersion: z.number().int().min(0).optional().describe('Ignored for create'),
  fields: z.strictObject({ ...FieldsBase, note: FieldsBase.note.optional(), ...MoneyFields }),
});

export const UpdateMutationSchema = z.strictObject({
  ...mutationCommon,
  op: z.literal('update'),
  baseVersion: z
    .number()
    .int()
    .min(0)
    .describe('Version of the expense your edit started from (0 if your own create is not acknowledged yet)'),
  fields: z
    .strictObject({
      amount: FieldsBase.amount.optional(),
      category: FieldsBase.category.optional(),
      date: FieldsBase.date.optional(),
      note: FieldsBase.note.optional(),
      ...MoneyFields,
    })
    .refine((fields) => Object.keys(fields).length > 0, { message: 'Give at least one field to change' })
    .describe('Only the fields you changed'),
});

export const DeleteMutationSchema = z.strictObject({
  ...mutationCommon,
  op: z.literal('delete'),
  baseVersion: z.number().int().min(0).describe('Version of the expense you saw when you deleted it'),
  fields: z.strictObject({}).optional(),
});

export const MutationSchema = z.discriminatedUnion('op', [
  CreateMutationSchema,
  UpdateMutationSchema,
  DeleteMutationSchema,
]);
export type Mutation = z.input<typeof MutationSchema>;

export const PushBodySchema = z.strictObject({
  clientId: ClientTokenSchema.describe('Stable id of this device/app install (random, generated once)'),
  mutations: z
    .array(MutationSchema)
    .min(1)
    .max(MAX_PUSH_MUTATIONS)
    .describe(`Applied in order, each on its own; at most ${String(MAX_PUSH_MUTATIONS)}`),
});
export type PushBody = z.input<typeof PushBodySchema>;

export const MUTATION_STATUSES = ['applied', 'merged', 'conflict', 'rejected'] as const;
export const MutationStatusSchema = z.enum(MUTATION_STATUSES);
export type MutationStatus = z.infer<typeof MutationStatusSchema>;

export const REJECT_REASONS = [
  'forbidden',
  'not_found',
  'validation_failed',
  'id_conflict',
  'mutation_id_reused',
] as const;
export const RejectReasonSchema = z.enum(REJECT_REASONS);
export type RejectReason = z.infer<typeof RejectReasonSchema>;

export const MutationResultSchema = z
  .object({
    mutationId: z.string(),
    expenseId: UuidSchema,
    status: MutationStatusSchema.describe(
      'applied: written as sent; merged: written, and the expense also has changes you had not seen; ' +
        'conflict: some of your values were not written (or your edit met a deletion), see conflictId; ' +
        'rejected: nothing was written, see reason',
    ),
    reason: RejectReasonSchema.nullable().describe(
      'Why a mutation was rejected: forbidden (viewer), not_found (no such expense, or not a member of the wallet), ' +
        'validation_failed (a value is not valid for the wallet), id_conflict (the id is used by another expense), ' +
        'mutation_id_reused (this mutationId was used for a different mutation)',
    ),
    message: z.string().nullable().describe('Human-readable explanation for rejected and conflict results'),
    expense: ExpenseSchema.nullable().describe(
      'The expense as stored after this mutation (on a retry: as it is now); null when it is deleted or you cannot see it',
    ),
    deleted: z.boolean().describe('True when the expense is deleted on the server after this mutation'),
    conflictId: UuidSchema.nullable(),
  })
  .meta({ id: 'SyncMutationResult' });
export type MutationResult = z.infer<typeof MutationResultSchema>;

export const PushResultSchema = z
  .object({ results: z.array(MutationResultSchema).describe('One per mutation, in request order') })
  .meta({ id: 'SyncPushResult' });
export type PushResult = z.infer<typeof PushResultSchema>;

// ---------------------------------------------------------------- conflicts

export const CONFLICT_KINDS = ['field', 'edit_deleted', 'delete_edited'] as const;
export const ConflictKindSchema = z.enum(CONFLICT_KINDS);
export type ConflictKind = z.infer<typeof ConflictKindSchema>;

export const ConflictValuesSchema = z
  .object({
    amount: AmountOutSchema.optional(),
    category: z.string().optional(),
    date: z.string().optional(),
    note: z.string().nullable().optional(),
    kind: ExpenseKindSchema.optional(),
    originalAmount: AmountOutSchema.nullable().optional(),
    originalCurrency: z.string().nullable().optional(),
    rate: z.string().nullable().optional(),
  })
  .meta({ id: 'SyncConflictValues' });
export type ConflictValues = z.infer<typeof ConflictValuesSchema>;

export const ConflictSchema = z
  .object({
    id: UuidSchema,
    walletId: UuidSchema,
    expenseId: UuidSchema,
    kind: ConflictKindSchema.describe(
      'field: both sides changed the same fields (the server value was kept); ' +
        'edit_deleted: an edit met a deletion (the deletion was kept); ' +
        'delete_edited: a deletion met edits (the deletion was applied)',
    ),
    fields: z.array(SyncFieldSchema).describe('The fields in question'),
    server: ConflictValuesSchema.nullable().describe('What the server kept; null when that is the deletion'),
    client: ConflictValuesSchema.nullable().describe('What the device sent and lost; null when that is a deletion'),
    expense: ExpenseSchema.nullable().describe('The expense now; null while it is deleted'),
    createdBy: UuidSchema.nullable().describe('Who pushed the losing change'),
    createdAt: TimestampSchema,
    resolvedAt: TimestampSchema.nullable(),
    resolvedBy: UuidSchema.nullable(),
    resolution: z.enum(['server', 'client', 'fields']).nullable(),
  })
  .meta({ id: 'SyncConflict' });
export type Conflict = z.infer<typeof ConflictSchema>;
export const ConflictListSchema = z.array(ConflictSchema);

export const ConflictListQuerySchema = z.strictObject({
  walletId: UuidSchema.optional().describe('Defaults to your personal wallet'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ConflictListQuery = z.input<typeof ConflictListQuerySchema>;

export const ConflictParamsSchema = IdParamsSchema;

export const ResolveConflictBodySchema = z.union([
  z.strictObject({
    choice: z
      .enum(['server', 'client'])
      .describe("server: keep what the server has; client: apply the losing side's values (or restore/delete)"),
  }),
  z.strictObject({
    fields: z
      .strictObject({
        amount: AmountInputSchema.optional(),
        category: CategoryNameSchema.optional(),
        date: CalendarDateSchema.optional(),
        note: NoteSchema.nullable().optional(),
      })
      .refine((fields) => Object.keys(fields).length > 0, { message: 'Give at least one field' })
      .describe('Your own values; a deleted expense is restored with them'),
  }),
]);
export type ResolveConflictBody = z.input<typeof ResolveConflictBodySchema>;
