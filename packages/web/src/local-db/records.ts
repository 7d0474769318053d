import type { Conflict, ExpenseKind, RejectReason, Role } from '@ttm/contract';

/**
 * An entry's money beyond the wallet-currency amount: income or expense, and what was typed when
 * it was another currency (then `amountMinor` is the converted amount). Absent on rows stored
 * before income and currencies existed: those are expenses in the wallet's currency.
 */
export interface EntryMoney {
  readonly kind?: ExpenseKind;
  readonly originalAmountMinor?: number | null;
  readonly originalCurrency?: string | null;
  /** Exact decimal string: wallet-currency units per one originalCurrency unit. */
  readonly rate?: string | null;
}

/** An expense as stored locally: amounts in integer minor units, category key for matching. */
export interface ExpenseRecord extends EntryMoney {
  readonly id: string;
  readonly walletId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly category: string;
  readonly categoryKey: string;
  readonly date: string;
  readonly note: string | null;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Server version of the last confirmed write; 0 while a local create is unconfirmed. */
  readonly version: number;
  /** True while a local change to this expense waits in the outbox. */
  readonly pending: boolean;
  /** When this row was last written from a server answer (ms since epoch). */
  readonly confirmedAt: number;
  /** The recurring rule that created it (the history marks these); absent or null for others. */
  readonly recurringRuleId?: string | null;
}

/**
 * What a wallet's entries of one month add up to, kept by the local store as expenses are written
 * (see month-totals.ts), so a history opens without reading every row.
 */
export interface MonthTotalRecord {
  readonly walletId: string;
  /** YYYY-MM */
  readonly month: string;
  /** Spending (income left out), integer minor units. */
  readonly spentMinor: number;
  readonly spentCount: number;
  readonly incomeMinor: number;
  readonly incomeCount: number;
}

export interface WalletRecord {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly role: Role;
  readonly personal: boolean;
  /** The server's wallet version when the list was last fetched (bumped by every expense change). */
  readonly version: number;
  readonly createdAt: string;
}

/** A member of a shared wallet, cached so every expense can say who added it. */
export interface MemberRecord {
  readonly walletId: string;
  readonly userId: string;
  readonly email: string;
  readonly role: Role;
  readonly joinedAt: string;
}

export interface CategoryRecord {
  /** `${walletId}|${categoryKey}` */
  readonly walletKey: string;
  readonly walletId: string;
  readonly name: string;
  readonly count: number;
}

export interface ExpenseFields extends EntryMoney {
  readonly amountMinor: number;
  readonly category: string;
  readonly date: string;
  readonly note: string | null;
}

export type Mutation =
  | { readonly kind: 'create'; readonly fields: ExpenseFields }
  | { readonly kind: 'update'; readonly changes: Partial<ExpenseFields>; readonly baseVersion: number }
  | { readonly kind: 'delete'; readonly baseVersion: number };

/** One change waiting for the server, in the order it was made. */
export interface OutboxEntry {
  readonly seq?: number;
  /** Unique per change; the server applies a (clientId, mutationId) once, however often it is sent. */
  readonly mutationId: string;
  readonly expenseId: string;
  readonly walletId: string;
  readonly currency: string;
  readonly mutation: Mutation;
  /** The row as it was before this change: an undone delete puts it back. */
  readonly previous: ExpenseRecord | null;
  /** Not sent before this time (ms since epoch): the undo window of a delete. */
  readonly notBefore: number;
  readonly createdAt: number;
  /** When it was first handed to the network (ms since epoch): from then on the server may have it, so it can no longer be undone. */
  readonly sentAt?: number;
}

/**
 * The server's latest copy of an expense that has changes queued here (a pull does not overwrite
 * those), so the row can take it when its queued changes leave without a server answer (an undo,
 * a change refused before sending). `expense` is null when the server deleted it.
 */
export interface ServerCopyRecord {
  readonly id: string;
  readonly walletId: string;
  readonly expense: ExpenseRecord | null;
}

/** A change the server refused (a viewer's edit, a wallet left meanwhile); shown until dismissed. */
export interface RejectionRecord {
  readonly mutationId: string;
  readonly walletId: string;
  readonly expenseId: string;
  readonly kind: Mutation['kind'];
  readonly reason: RejectReason;
  readonly message: string;
  /** What the change was about, for the user: "Groceries · 12.50 · 2026-11-20". */
  readonly summary: string;
  readonly createdAt: number;
}

/** An open sync conflict of a wallet, as the server lists it. */
export type ConflictRecord = Conflict;

export interface MetaRecord {
  readonly key: string;
  readonly value: string;
}
