import {
  ApiError,
  categoryKey,
  decimalToMinor,
  DEFAULT_CATEGORIES,
  minorToDecimal,
  NetworkError,
  PROBLEM_TYPES,
  problemTypeUri,
  SYNC_FIELDS,
  type Conflict,
  type ConflictValues,
  type Endpoint,
  type EndpointInput,
  type EndpointOutput,
  type ErrorCode,
  type Expense,
  type MutationResult,
  type PullResult,
  type Role,
  type SyncChange,
  type SyncField,
  type Wallet,
} from '@ttm/contract';
import type { ApiCaller } from '../api/api-caller.js';

interface Values {
  amountMinor: number;
  category: string;
  date: string;
  note: string | null;
}

interface Stamp {
  readonly version: number;
  readonly client: string;
}

interface StoredExpense extends Values {
  readonly id: string;
  readonly createdAt: string;
  updatedAt: string;
  version: number;
  deleted: boolean;
  stamps: Record<SyncField, Stamp>;
}

interface WireMutation {
  readonly mutationId: string;
  readonly op: 'create' | 'update' | 'delete';
  readonly expenseId: string;
  readonly walletId: string;
  readonly baseVersion?: number;
  readonly fields?: { amount?: string; category?: string; date?: string; note?: string | null };
}

function problem(code: ErrorCode, detail = PROBLEM_TYPES[code].title): ApiError {
  const { status, title } = PROBLEM_TYPES[code];
  return new ApiError({ type: problemTypeUri(code), title, status, detail, code });
}

const USER_ID = '00000000-0000-4000-8000-0000000000aa';
const OTHER_DEVICE = 'other-device';

function get(values: Partial<Values>, field: SyncField): unknown {
  return field === 'amount' ? values.amountMinor : values[field];
}

function same(field: SyncField, a: Partial<Values>, b: Partial<Values>): boolean {
  if (field === 'category')
    return a.category !== undefined && b.category !== undefined && categoryKey(a.category) === categoryKey(b.category);
  return get(a, field) === get(b, field);
}

/**
 * An in-memory stand-in for the server's sync protocol (one wallet): pull with an opaque cursor
 * and pages, push with per-field merging, conflict records and idempotent (clientId, mutationId),
 * following the server's rules in packages/server/src/modules/sync. Inputs and outputs go through
 * the contract's zod schemas. Several engines (devices) can share one; each can cut its network.
 */
export class FakeSyncServer {
  readonly walletId = '00000000-0000-4000-8000-000000000001';
  readonly currency: string;
  readonly expenses = new Map<string, StoredExpense>();
  readonly conflicts = new Map<string, Conflict>();
  personal = true;
  role: Role = 'owner';
  /** Bumped to invalidate every cursor (a database restored from a backup). */
  epoch = 1;
  #walletVersion = 0;
  #callerRemoved = false;
  #clock = Date.parse('2026-11-01T10:00:00Z');
  readonly #mutations = new Map<string, { key: string; result: MutationResult }>();

  constructor(currency = 'EUR') {
    this.currency = currency;
  }

  get wallet(): Wallet {
    return {
      id: this.walletId,
      name: this.personal ? 'Personal' : 'Household',
      currency: this.currency,
      role: this.role,
      personal: this.personal,
      version: this.#walletVersion,
      timeZone: 'UTC',
      createdAt: '2026-01-01T00:00:00.000Z',
    };
  }

  /** A device (an ApiCaller) of the signed-in user. */
  device(): FakeDevice {
    return new FakeDevice(this);
  }

  /** The caller loses access to the wallet, as when the owner removes them. */
  removeCaller(): void {
    this.#callerRemoved = true;
  }

  live(): StoredExpense[] {
    return [...this.expenses.values()].filter((row) => !row.deleted);
  }

  /** Adds an expense as if another device had pushed it. */
  seed(fields: { amount: string; category: string; date: string; note?: string | null }): Expense {
    const id = crypto.randomUUID();
    const result = this.apply(OTHER_DEVICE, {
      mutationId: crypto.randomUUID(),
      op: 'create',
      expenseId: id,
      walletId: this.walletId,
      fields: { ...fields, note: fields.note ?? null },
    });
    if (!result.expense) throw new Error('seed failed');
    return result.expense;
  }

  /** Another device edits an expense, having seen its latest version. */
  editElsewhere(id: string, fields: WireMutation['fields']): void {
    const row = this.expenses.get(id);
    this.apply(OTHER_DEVICE, {
      mutationId: crypto.randomUUID(),
      op: 'update',
      expenseId: id,
      walletId: this.walletId,
      baseVersion: row?.version ?? 0,
      fields,
    });
  }

  deleteElsewhere(id: string): void {
    const row = this.expenses.get(id);
    this.apply(OTHER_DEVICE, {
      mutationId: crypto.randomUUID(),
      op: 'delete',
      expenseId: id,
      walletId: this.walletId,
      baseVersion: row?.version ?? 0,
    });
  }

  handle(
    operation: string,
    input: { params?: { id: string }; query?: Record<string, unknown>; body?: Record<string, unknown> },
  ): unknown {
    switch (operation) {
      case 'listWallets':
        return this.#callerRemoved ? [] : [this.wallet];
      case 'listMembers':
        if (this.#callerRemoved || input.params?.id !== this.walletId) throw problem('not_found');
        return [{ userId: USER_ID, email: 'ann@example.com', role: this.role, joinedAt: '2026-01-01T00:00:00.000Z' }];
      case 'listCategories':
        return this.#categories();
      case 'syncPull':
        return this.#pull(input.body ?? {});
      case 'syncPush': {
        const body = input.body as { clientId: string; mutations: WireMutation[] };
        return { results: body.mutations.map((mutation) => this.push(body.clientId, mutation)) };
      }
      case 'listConflicts':
        if (this.#callerRemoved) throw problem('not_found');
        return [...this.conflicts.values()]
          .filter((conflict) => conflict.resolvedAt === null)
          .map((c) => this.#withExpense(c));
      case 'resolveConflict':
        return this.#resolve(input.params?.id ?? '', input.body as { choice: 'client' | 'server' });
      default:
        throw new Error(`FakeSyncServer does not implement ${operation}`);
    }
  }

  /** One mutation, idempotent by (clientId, mutationId). */
  push(clientId: string, mutation: WireMutation): MutationResult {
    const key = `${clientId}|${mutation.mutationId}`;
    const content = JSON.stringify(mutation);
    const stored = this.#mutations.get(key);
    if (stored) {
      if (stored.key !== content) return this.#rejected(mutation, 'mutation_id_reused');
      const row = this.expenses.get(stored.result.expenseId);
      return {
        ...stored.result,
        expense: row && !row.deleted ? this.#wire(row) : null,
        deleted: row?.deleted ?? false,
      };
    }
    const result = this.apply(clientId, mutation);
    this.#mutations.set(key, { key: content, result });
    return result;
  }

  apply(clientId: string, mutation: WireMutation): MutationResult {
    if (this.#callerRemoved || mutation.walletId !== this.walletId) return this.#rejected(mutation, 'not_found');
    if (this.role === 'viewer') return this.#rejected(mutation, 'forbidden');
    const existing = this.expenses.get(mutation.expenseId);
    if (mutation.op === 'create') {
      const values = this.#values(mutation.fields ?? {});
      if (existing) return this.#rejected(mutation, 'id_conflict');
      const version = ++this.#walletVersion;
      const stamp = this.#tick();
      const stamps = Object.fromEntries(SYNC_FIELDS.map((field) => [field, { version, client: clientId }])) as Record<
        SyncField,
        Stamp
      >;
      const row: StoredExpense = {
        id: mutation.expenseId,
        amountMinor: values.amountMinor ?? 0,
        category: values.category ?? '',
        date: values.date ?? '',
        note: values.note ?? null,
        createdAt: stamp,
        updatedAt: stamp,
        version,
        deleted: false,
        stamps,
      };
      this.expenses.set(row.id, row);
      return this.#outcome(mutation, 'applied', row);
    }
    if (!existing) return this.#rejected(mutation, 'not_found');
    const base = mutation.baseVersion ?? 0;
    const foreign = (field: SyncField) =>
      existing.stamps[field].version > base && existing.stamps[field].client !== clientId;
    if (mutation.op === 'delete') {
      if (existing.deleted) return this.#outcome(mutation, 'applied', existing);
      const edited = SYNC_FIELDS.filter(foreign);
      const server = this.#pick(existing, edited);
      existing.deleted = true;
      existing.version = ++this.#walletVersion;
      if (edited.length === 0) return this.#outcome(mutation, 'applied', existing);
      const conflictId = this.#conflict(existing.id, 'delete_edited', edited, server, null);
      return {
        ...this.#outcome(mutation, 'conflict', existing),
        conflictId,
        message: 'Deleted, although it had changes you had not seen',
      };
    }
    const proposed = this.#values(mutation.fields ?? {});
    const fields = SYNC_FIELDS.filter((field) => get(proposed, field) !== undefined);
    if (existing.deleted) {
      const conflictId = this.#conflict(existing.id, 'edit_deleted', fields, null, this.#pick(proposed, fields));
      return { ...this.#outcome(mutation, 'conflict', existing), conflictId, message: 'Someone deleted this expense' };
    }
    const write = fields.filter((field) => !same(field, proposed, existing) && !foreign(field));
    const conflicts = fields.filter((field) => !same(field, proposed, existing) && foreign(field));
    const serverAhead = SYNC_FIELDS.some((field) => !fields.includes(field) && foreign(field));
    const kept = this.#pick(existing, conflicts);
    if (write.length > 0) this.#write(existing, this.#pick(proposed, write), clientId);
    if (conflicts.length > 0) {
      const conflictId = this.#conflict(existing.id, 'field', conflicts, kept, this.#pick(proposed, conflicts));
      return {
        ...this.#outcome(mutation, 'conflict', existing),
        conflictId,
        message: `Someone else changed ${conflicts.join(', ')} too`,
      };
    }
    return this.#outcome(mutation, serverAhead ? 'merged' : 'applied', existing);
  }

  #write(row: StoredExpense, values: Partial<Values>, client: string): void {
    const version = ++this.#walletVersion;
    for (const field of SYNC_FIELDS) {
      const value = get(values, field);
      if (value === undefined) continue;
      if (field === 'amount') row.amountMinor = value as number;
      else if (field === 'note') row.note = value as string | null;
      else row[field] = value as string;
      row.stamps[field] = { version, client };
    }
    row.version = version;
    row.updatedAt = this.#tick();
  }

  #resolve(id: string, body: { choice: 'client' | 'server' }): Conflict {
    const conflict = this.conflicts.get(id);
    if (!conflict) throw problem('not_found');
    if (conflict.resolvedAt !== null) throw problem('already_resolved');
    const row = this.expenses.get(conflict.expenseId);
    if (!row) throw problem('not_found');
    const restore = (values: ConflictValues | null) => {
      const parsed = this.#values({ ...(values ?? {}) });
      if (row.deleted) {
        row.deleted = false;
        this.#write(row, { ...this.#pick(row, [...SYNC_FIELDS]), ...parsed }, 'resolution');
      } else if (Object.keys(parsed).length > 0) this.#write(row, parsed, 'resolution');
    };
    if (conflict.kind === 'delete_edited') {
      if (body.choice === 'server') restore({});
    } else if (body.choice === 'client') restore(conflict.client);
    const resolved: Conflict = { ...conflict, resolvedAt: this.#tick(), resolvedBy: USER_ID, resolution: body.choice };
    this.conflicts.set(id, resolved);
    return this.#withExpense(resolved);
  }

  #conflict(
    expenseId: string,
    kind: Conflict['kind'],
    fields: SyncField[],
    server: Partial<Values> | null,
    client: Partial<Values> | null,
  ): string {
    const id = crypto.randomUUID();
    this.conflicts.set(id, {
      id,
      walletId: this.walletId,
      expenseId,
      kind,
      fields,
      server: server && this.#conflictValues(server),
      client: client && this.#conflictValues(client),
      expense: null,
      createdBy: USER_ID,
      createdAt: this.#tick(),
      resolvedAt: null,
      resolvedBy: null,
      resolution: null,
    });
    return id;
  }

  #withExpense(conflict: Conflict): Conflict {
    const row = this.expenses.get(conflict.expenseId);
    return { ...conflict, expense: row && !row.deleted ? this.#wire(row) : null };
  }

  #conflictValues(values: Partial<Values>): ConflictValues {
    return {
      ...(values.amountMinor !== undefined ? { amount: minorToDecimal(values.amountMinor, this.currency) } : {}),
      ...(values.category !== undefined ? { category: values.category } : {}),
      ...(values.date !== undefined ? { date: values.date } : {}),
      ...(values.note !== undefined ? { note: values.note } : {}),
    };
  }

  #pick(values: Partial<Values>, fields: readonly SyncField[]): Partial<Values> {
    const out: Partial<Values> = {};
    for (const field of fields) {
      if (field === 'amount' && values.amountMinor !== undefined) out.amountMinor = values.amountMinor;
      if (field === 'category' && values.category !== undefined) out.category = values.category;
      if (field === 'date' && values.date !== undefined) out.date = values.date;
      if (field === 'note' && values.note !== undefined) out.note = values.note;
    }
    return out;
  }

  #values(fields: { amount?: string; category?: string; date?: string; note?: string | null }): Partial<Values> {
    const out: Partial<Values> = {};
    if (fields.amount !== undefined) {
      const parsed = decimalToMinor(fields.amount, this.currency);
      if (!parsed.ok) throw problem('validation_failed', parsed.message);
      out.amountMinor = parsed.minor;
    }
    if (fields.category !== undefined) out.category = fields.category.trim();
    if (fields.date !== undefined) out.date = fields.date;
    if (fields.note !== undefined) out.note = fields.note;
    return out;
  }

  #outcome(mutation: WireMutation, status: MutationResult['status'], row: StoredExpense): MutationResult {
    return {
      mutationId: mutation.mutationId,
      expenseId: mutation.expenseId,
      status,
      reason: null,
      message: null,
      expense: row.deleted ? null : this.#wire(row),
      deleted: row.deleted,
      conflictId: null,
    };
  }

  #rejected(mutation: WireMutation, reason: NonNullable<MutationResult['reason']>): MutationResult {
    const row = this.expenses.get(mutation.expenseId);
    const visible = !this.#callerRemoved && row && !row.deleted;
    return {
      mutationId: mutation.mutationId,
      expenseId: mutation.expenseId,
      status: 'rejected',
      reason,
      message: `Rejected: ${reason}`,
      expense: visible ? this.#wire(row) : null,
      deleted: false,
      conflictId: null,
    };
  }

  /** Cursor: `epoch:version`, or `epoch:-` once the caller has been told the wallet is gone. */
  #pull(body: Record<string, unknown>): PullResult {
    const cursor = typeof body.cursor === 'string' ? body.cursor : null;
    const limit = typeof body.limit === 'number' ? body.limit : 500;
    let since: number | null = null;
    if (cursor !== null) {
      const [epoch, position] = cursor.split(':');
      if (Number(epoch) !== this.epoch) return { reset: true, reason: 'epoch_changed' };
      since = position === '-' ? null : Number(position);
      if (since !== null && since > this.#walletVersion) return { reset: true, reason: 'cursor_ahead' };
    }
    const known = since !== null;
    if (this.#callerRemoved) {
      return {
        reset: false,
        cursor: `${String(this.epoch)}:-`,
        changes: [],
        hasMore: false,
        walletsAdded: [],
        walletsRemoved: known ? [this.walletId] : [],
      };
    }
    const from = since ?? 0;
    const rows = [...this.expenses.values()]
      .filter((row) => row.version > from && (known || !row.deleted))
      .sort((a, b) => a.version - b.version);
    const page = rows.slice(0, limit);
    const hasMore = rows.length > limit;
    const next = hasMore ? (page.at(-1)?.version ?? from) : this.#walletVersion;
    const changes: SyncChange[] = page.map((row) =>
      row.deleted
        ? { op: 'delete', id: row.id, walletId: this.walletId, version: row.version }
        : { op: 'upsert', expense: this.#wire(row) },
    );
    return {
      reset: false,
      cursor: `${String(this.epoch)}:${String(next)}`,
      changes,
      hasMore,
      walletsAdded: known ? [] : [this.wallet],
      walletsRemoved: [],
    };
  }

  #categories(): { name: string; count: number }[] {
    const counts = new Map<string, { name: string; count: number }>();
    for (const row of this.live()) {
      const key = categoryKey(row.category);
      const entry = counts.get(key) ?? { name: row.category, count: 0 };
      entry.count += 1;
      counts.set(key, entry);
    }
    for (const name of DEFAULT_CATEGORIES)
      if (!counts.has(categoryKey(name))) counts.set(categoryKey(name), { name, count: 0 });
    return [...counts.values()].sort((a, b) => b.count - a.count);
  }

  #wire(row: StoredExpense): Expense {
    return {
      id: row.id,
      walletId: this.walletId,
      amount: minorToDecimal(row.amountMinor, this.currency),
      currency: this.currency,
      category: row.category,
      date: row.date,
      note: row.note,
      createdBy: USER_ID,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      version: row.version,
      // This fake keeps expenses in the wallet's currency only.
      kind: 'expense',
      originalAmount: null,
      originalCurrency: null,
      rate: null,
      recurringRuleId: null,
    };
  }

  #tick(): string {
    this.#clock += 1000;
    return new Date(this.#clock).toISOString();
  }
}

/** One device's connection to a FakeSyncServer: it records calls and can lose requests or answers. */
export class FakeDevice implements ApiCaller {
  readonly calls: string[] = [];
  /** Calls to fail with NetworkError before they reach the server. */
  failBefore = 0;
  /** Calls to fail with NetworkError after the server has handled them (a lost answer). */
  failAfter = 0;
  offline = false;
  #gate: Promise<void> | null = null;
  #pushHold: { readonly entered: () => void; readonly gate: Promise<void> } | null = null;
  readonly #server: FakeSyncServer;

  constructor(server: FakeSyncServer) {
    this.#server = server;
  }

  /** Makes every call wait until the returned function is called. */
  hold(): () => void {
    let release = () => {};
    this.#gate = new Promise<void>((resolve) => {
      release = () => {
        this.#gate = null;
        resolve();
      };
    });
    return release;
  }

  /**
   * Makes the next push wait, once it has been sent, until `release` is called: `sent` settles
   * when it is on its way. Releasing before any push was sent just drops the hold.
   */
  holdNextPush(): { readonly sent: Promise<void>; release(): void } {
    let entered = () => {};
    const sent = new Promise<void>((resolve) => (entered = resolve));
    let open = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const hold = { entered, gate };
    this.#pushHold = hold;
    return {
      sent,
      release: () => {
        if (this.#pushHold === hold) this.#pushHold = null;
        open();
      },
    };
  }

  async call<E extends Endpoint>(endpoint: E, input: EndpointInput<E>): Promise<EndpointOutput<E>> {
    this.calls.push(endpoint.operationId);
    await (this.#gate ?? Promise.resolve());
    const pushHold = endpoint.operationId === 'syncPush' ? this.#pushHold : null;
    if (pushHold) {
      this.#pushHold = null;
      pushHold.entered();
      await pushHold.gate;
    }
    if (this.offline || this.failBefore > 0) {
      if (!this.offline) this.failBefore -= 1;
      throw new NetworkError(new TypeError('Failed to fetch'));
    }
    const raw = input as { params?: unknown; query?: unknown; body?: unknown };
    const parse = (schema: Endpoint['body'], value: unknown): unknown => {
      if (!schema) return undefined;
      const result = schema.safeParse(value);
      if (!result.success) throw problem('validation_failed', result.error.issues[0]?.message);
      return result.data;
    };
    const output = this.#server.handle(endpoint.operationId, {
      params: parse(endpoint.params, raw.params) as { id: string } | undefined,
      query: parse(endpoint.query, raw.query) as Record<string, unknown> | undefined,
      body: parse(endpoint.body, raw.body) as Record<string, unknown> | undefined,
    });
    if (this.failAfter > 0) {
      this.failAfter -= 1;
      throw new NetworkError(new TypeError('Connection reset'));
    }
    const status = Number(Object.keys(endpoint.success)[0]);
    const schema = endpoint.success[status];
    if (!schema || output === undefined) return undefined as EndpointOutput<E>;
    return schema.parse(output) as EndpointOutput<E>;
  }
}
