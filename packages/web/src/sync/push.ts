import {
  MAX_PUSH_MUTATIONS,
  minorToDecimal,
  MutationSchema,
  syncEndpoints,
  type Mutation,
  type MutationResult,
} from '@ttm/contract';
import type { ApiCaller } from '../api/api-caller.js';
import { expenseToRecord } from '../local-db/expense-mapper.js';
import type { LocalDb } from '../local-db/local-db.js';
import type { ExpenseFields, OutboxEntry, RejectionRecord } from '../local-db/records.js';
import { forgetServerCopy, keepServerCopy, restoreWithoutAnswer } from './server-copies.js';

/** What became of one queued change. */
export interface PushedChange {
  readonly entry: OutboxEntry;
  readonly result: MutationResult;
  /** False when it was refused here, before sending: the server never saw it. */
  readonly sent: boolean;
}

export interface PushReport {
  readonly pushed: readonly PushedChange[];
  /** More changes are due than one batch carries. */
  readonly more: boolean;
  /** When the next change held back (a delete in its undo window) becomes due, if any. */
  readonly wakeAt: number | null;
}

export interface PushOptions {
  readonly clientId: string;
  readonly now: number;
  /** Changes whose outcome someone waits for (an open form): they are told, not listed as rejections. */
  readonly isAwaited?: (mutationId: string) => boolean;
}

/**
 * The money as the server takes it: a foreign amount as typed, with its currency and rate (the
 * server converts it the same way). An edit to a wallet-currency amount names the wallet's
 * currency, so an edit back from another currency clears the original; changes queued before
 * currencies existed (no originalCurrency at all) are sent exactly as they were then, so a retry
 * of one already sent keeps its request hash.
 */
function wireMoney(fields: Partial<ExpenseFields>, currency: string) {
  const kind = fields.kind !== undefined ? { kind: fields.kind } : {};
  if (fields.amountMinor === undefined) return kind;
  if (fields.originalAmountMinor != null && fields.originalCurrency != null && fields.rate != null) {
    return {
      ...kind,
      amount: minorToDecimal(fields.originalAmountMinor, fields.originalCurrency),
      currency: fields.originalCurrency,
      rate: fields.rate,
    };
  }
  const amount = minorToDecimal(fields.amountMinor, currency);
  return fields.originalCurrency === null ? { ...kind, amount, currency } : { ...kind, amount };
}

function wireFields(fields: Partial<ExpenseFields>, currency: string) {
  return {
    ...wireMoney(fields, currency),
    ...(fields.category !== undefined ? { category: fields.category } : {}),
    ...(fields.date !== undefined ? { date: fields.date } : {}),
    ...(fields.note !== undefined ? { note: fields.note } : {}),
  };
}

/** A queued change as the push endpoint takes it. */
export function toWireMutation(entry: OutboxEntry): Mutation {
  const common = { mutationId: entry.mutationId, expenseId: entry.expenseId, walletId: entry.walletId };
  const { mutation } = entry;
  switch (mutation.kind) {
    case 'create': {
      const { fields } = mutation;
      return {
        ...common,
        op: 'create',
        fields: {
          amount: minorToDecimal(fields.amountMinor, entry.currency),
          ...wireMoney({ ...fields, originalCurrency: fields.originalCurrency ?? undefined }, entry.currency),
          category: fields.category,
          date: fields.date,
          note: fields.note,
        },
      };
    }
    case 'update':
      return {
        ...common,
        op: 'update',
        baseVersion: mutation.baseVersion,
        fields: wireFields(mutation.changes, entry.currency),
      };
    case 'delete':
      return { ...common, op: 'delete', baseVersion: mutation.baseVersion };
  }
}

/** "Groceries · 12.50 · 2026-11-20": what a refused change was about. */
export function describeChange(entry: OutboxEntry): string {
  const { mutation, previous } = entry;
  const fields: Partial<ExpenseFields> =
    mutation.kind === 'create'
      ? mutation.fields
      : { ...previous, ...(mutation.kind === 'update' ? mutation.changes : {}) };
  const parts = [
    fields.category,
    fields.amountMinor !== undefined ? minorToDecimal(fields.amountMinor, entry.currency) : undefined,
    fields.date,
  ];
  const what = parts.filter((part): part is string => part !== undefined).join(' · ');
  const verb = mutation.kind === 'create' ? 'New expense' : mutation.kind === 'update' ? 'Edit' : 'Deletion';
  return what ? `${verb}: ${what}` : verb;
}

/** The changes due now, oldest first; a change waiting out its undo window holds back later ones to the same expense. */
function dueEntries(
  entries: readonly OutboxEntry[],
  now: number,
): { due: OutboxEntry[]; more: boolean; wakeAt: number | null } {
  const held = new Set<string>();
  const due: OutboxEntry[] = [];
  let wakeAt: number | null = null;
  let more = false;
  for (const entry of entries) {
    if (held.has(entry.expenseId)) continue;
    if (entry.notBefore > now) {
      held.add(entry.expenseId);
      wakeAt = Math.min(wakeAt ?? entry.notBefore, entry.notBefore);
      continue;
    }
    if (due.length === MAX_PUSH_MUTATIONS) {
      more = true;
      break;
    }
    due.push(entry);
  }
  return { due, more, wakeAt };
}

function localRejection(entry: OutboxEntry, message: string): MutationResult {
  return {
    mutationId: entry.mutationId,
    expenseId: entry.expenseId,
    status: 'rejected',
    reason: 'validation_failed',
    message,
    expense: null,
    deleted: false,
    conflictId: null,
  };
}

/**
 * Sends the due changes in one batch and applies every outcome in one transaction: the change
 * leaves the outbox and the row takes the server's copy, unless later changes to it are still
 * queued (then the copy is kept aside). A change the server would refuse as a
 * whole request (an invalid value) is refused here, so one bad change cannot block the rest.
 */
export async function pushOutbox(db: LocalDb, api: ApiCaller, options: PushOptions): Promise<PushReport> {
  const { due, more, wakeAt } = dueEntries(await db.outbox.orderBy('seq').toArray(), options.now);
  if (due.length === 0) return { pushed: [], more: false, wakeAt };
  const sendable: { entry: OutboxEntry; mutation: Mutation }[] = [];
  const pushed: PushedChange[] = [];
  for (const entry of due) {
    const parsed = MutationSchema.safeParse(toWireMutation(entry));
    if (parsed.success) sendable.push({ entry, mutation: toWireMutation(entry) });
    else
      pushed.push({
        entry,
        result: localRejection(entry, parsed.error.issues[0]?.message ?? 'A value is not valid'),
        sent: false,
      });
  }
  const sending = await markSent(db, sendable, options.now);
  if (sending.length > 0) {
    const { results } = await api.call(syncEndpoints.push, {
      body: { clientId: options.clientId, mutations: sending.map((item) => item.mutation) },
    });
    const byId = new Map(results.map((result) => [result.mutationId, result]));
    for (const { entry } of sending) {
      const result = byId.get(entry.mutationId);
      if (result) pushed.push({ entry, result, sent: true });
    }
  }
  await applyPushResults(db, pushed, options);
  return { pushed, more, wakeAt };
}

/**
 * Stamps the changes about to be sent, so an undo from now on says it is too late; a change taken
 * back since the outbox was read is left out.
 */
async function markSent<T extends { entry: OutboxEntry }>(db: LocalDb, items: readonly T[], now: number): Promise<T[]> {
  return db.transaction('rw', db.outbox, async () => {
    const still: T[] = [];
    for (const item of items) {
      const { seq } = item.entry;
      const current = seq === undefined ? undefined : await db.outbox.get(seq);
      if (seq === undefined || !current) continue;
      if (current.sentAt === undefined) await db.outbox.update(seq, { sentAt: now });
      still.push(item);
    }
    return still;
  });
}

export async function applyPushResults(
  db: LocalDb,
  pushed: readonly PushedChange[],
  options: Pick<PushOptions, 'now' | 'isAwaited'>,
): Promise<void> {
  await db.transaction('rw', [db.outbox, db.expenses, db.rejections, db.serverCopies], async () => {
    for (const { entry, result, sent } of pushed) {
      // Gone meanwhile (its wallet was dropped): nothing left to settle.
      if (entry.seq === undefined || !(await db.outbox.get(entry.seq))) continue;
      await db.outbox.delete(entry.seq);
      if (result.status === 'rejected' && !options.isAwaited?.(entry.mutationId)) {
        const rejection: RejectionRecord = {
          mutationId: entry.mutationId,
          walletId: entry.walletId,
          expenseId: entry.expenseId,
          kind: entry.mutation.kind,
          reason: result.reason ?? 'validation_failed',
          message: result.message ?? 'The server did not accept this change',
          summary: describeChange(entry),
          createdAt: options.now,
        };
        await db.rejections.put(rejection);
      }
      const later = await db.outbox.where('expenseId').equals(entry.expenseId).count();
      if (later > 0) {
        // Newer changes are on their way: the row keeps them and the version they were made on
        // (the server does not count this device's own writes as changes it has not seen), and
        // the server's copy is kept for when they leave unsent.
        if (sent) {
          const expense = result.expense ? expenseToRecord(result.expense, options.now) : null;
          await keepServerCopy(db, entry.expenseId, entry.walletId, expense);
        }
        continue;
      }
      // Never sent: the row shows the server's copy, or goes back to how it was before the change.
      if (!sent) {
        await restoreWithoutAnswer(db, entry);
        continue;
      }
      await forgetServerCopy(db, entry.expenseId);
      if (result.expense) await db.expenses.put(expenseToRecord(result.expense, options.now));
      // No expense in the answer: it is deleted on the server, or not visible to this account.
      else await db.expenses.delete(entry.expenseId);
    }
  });
}
