import {
  ApiError,
  categoryKey,
  decimalToMinor,
  DEFAULT_CATEGORIES,
  minorToDecimal,
  NetworkError,
  PROBLEM_TYPES,
  problemTypeUri,
  searchFold,
  type Endpoint,
  type EndpointInput,
  type EndpointOutput,
  type ErrorCode,
  type Expense,
  type Wallet,
} from '@ttm/contract';
import type { ApiCaller } from '../api/api-caller.js';

interface StoredExpense {
  readonly id: string;
  readonly walletId: string;
  amountMinor: number;
  category: string;
  date: string;
  note: string | null;
  readonly createdAt: string;
  updatedAt: string;
  version: number;
}

function problem(
  code: ErrorCode,
  detail = PROBLEM_TYPES[code].title,
  errors?: { path: string; message: string }[],
): ApiError {
  const { status, title } = PROBLEM_TYPES[code];
  return new ApiError({ type: problemTypeUri(code), title, status, detail, code, ...(errors ? { errors } : {}) });
}

/**
 * An in-memory stand-in for the server's expense API, following the contract's rules
 * (idempotent create by id, versions, If-Match, cursor pages newest first, categories by use).
 * Inputs and outputs go through the contract's own zod schemas. Tests can cut the network.
 */
export class FakeExpenseApi implements ApiCaller {
  readonly walletId = '00000000-0000-4000-8000-000000000001';
  readonly currency: string;
  readonly expenses = new Map<string, StoredExpense>();
  /** Deleted expenses as the server keeps them for the change feed: id -> version of the delete. */
  readonly deletions = new Map<string, number>();
  readonly calls: string[] = [];
  /** Answered by listMembers. */
  members = [{ userId: '00000000-0000-4000-8000-0000000000aa', email: 'ann@example.com', role: 'owner' as const }];
  personal = true;
  #walletVersion = 0;
  #gate: Promise<void> | null = null;
  #clock = Date.parse('2026-11-01T10:00:00Z');
  #callerRemoved = false;
  /** Calls to fail with NetworkError before they reach the "server". */
  failBefore = 0;
  /** Calls to fail with NetworkError after the "server" has applied them (lost answer). */
  failAfter = 0;

  constructor(currency = 'EUR') {
    this.currency = currency;
  }

  get wallet(): Wallet {
    return {
      id: this.walletId,
      name: this.personal ? 'Personal' : 'Household',
      currency: this.currency,
      role: 'owner',
      personal: this.personal,
      version: this.#walletVersion,
      createdAt: '2026-01-01T00:00:00.000Z',
    };
  }

  /** The caller loses access to the wallet, as when the owner removes them: it is unlisted and 404s. */
  removeCaller(): void {
    this.#callerRemoved = true;
  }

  /** Another device deletes an expense. */
  deleteElsewhere(id: string): void {
    this.expenses.delete(this.#find(id).id);
    this.deletions.set(id, ++this.#walletVersion);
  }

  /** Another device edits an expense. */
  editElsewhere(id: string, changes: { amountMinor?: number; note?: string | null }): void {
    const stored = this.#find(id);
    if (changes.amountMinor !== undefined) stored.amountMinor = changes.amountMinor;
    if (changes.note !== undefined) stored.note = changes.note;
    stored.updatedAt = this.#tick();
    stored.version = ++this.#walletVersion;
  }

  /** Adds an expense as if another device had written it. */
  seed(fields: { id?: string; amount: string; category: string; date: string; note?: string | null }): Expense {
    const parsed = decimalToMinor(fields.amount, this.currency);
    if (!parsed.ok) throw new Error(parsed.message);
    const stamp = this.#tick();
    const stored: StoredExpense = {
      id: fields.id ?? crypto.randomUUID(),
      walletId: this.walletId,
      amountMinor: parsed.minor,
      category: fields.category.trim(),
      date: fields.date,
      note: fields.note ?? null,
      createdAt: stamp,
      updatedAt: stamp,
      version: ++this.#walletVersion,
    };
    this.expenses.set(stored.id, stored);
    return this.#wire(stored);
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

  async call<E extends Endpoint>(endpoint: E, input: EndpointInput<E>): Promise<EndpointOutput<E>> {
    this.calls.push(endpoint.operationId);
    await (this.#gate ?? Promise.resolve());
    if (this.failBefore > 0) {
      this.failBefore -= 1;
      throw new NetworkError(new TypeError('Failed to fetch'));
    }
    const raw = input as { params?: unknown; query?: unknown; body?: unknown; headers?: unknown };
    const parse = (schema: Endpoint['body'], value: unknown): unknown => {
      if (!schema) return undefined;
      const result = schema.safeParse(value);
      if (!result.success) {
        throw problem(
          'validation_failed',
          'Invalid request',
          result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
        );
      }
      return result.data;
    };
    const output = this.#handle(endpoint.operationId, {
      params: parse(endpoint.params, raw.params) as { id: string } | undefined,
      query: parse(endpoint.query, raw.query) as Record<string, unknown> | undefined,
      body: parse(endpoint.body, raw.body) as Record<string, unknown> | undefined,
      headers: parse(endpoint.headers, raw.headers ?? {}) as Record<string, string | undefined> | undefined,
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

  #handle(
    operation: string,
    input: {
      params?: { id: string };
      query?: Record<string, unknown>;
      body?: Record<string, unknown>;
      headers?: Record<string, string | undefined>;
    },
  ): unknown {
    const walletParam = input.params?.id;
    if (this.#callerRemoved) {
      if (operation === 'listWallets') return [];
      throw problem('not_found');
    }
    switch (operation) {
      case 'listWallets':
        return [this.wallet];
      case 'walletChanges':
        if (walletParam !== this.walletId) throw problem('not_found');
        return this.#changes(input.query ?? {});
      case 'listMembers':
        if (walletParam !== this.walletId) throw problem('not_found');
        return this.members.map((member) => ({ ...member, joinedAt: '2026-01-01T00:00:00.000Z' }));
      case 'listCategories':
        return this.#categories();
      case 'listExpenses':
        return this.#list(input.query ?? {});
      case 'createExpense':
        return this.#create(input.body ?? {});
      case 'getExpense':
        return this.#wire(this.#find(input.params?.id));
      case 'updateExpense':
        return this.#update(input.params?.id, input.body ?? {}, input.headers?.['if-match']);
      case 'deleteExpense': {
        const id = this.#find(input.params?.id).id;
        this.expenses.delete(id);
        this.deletions.set(id, ++this.#walletVersion);
        return undefined;
      }
      default:
        throw new Error(`FakeExpenseApi does not implement ${operation}`);
    }
  }

  #find(id: string | undefined): StoredExpense {
    const found = id === undefined ? undefined : this.expenses.get(id);
    if (!found) throw problem('not_found');
    return found;
  }

  #minor(amount: unknown): number {
    const parsed = decimalToMinor(String(amount), this.currency);
    if (!parsed.ok) throw problem('validation_failed', parsed.message, [{ path: 'amount', message: parsed.message }]);
    return parsed.minor;
  }

  #create(body: Record<string, unknown>): Expense {
    const amountMinor = this.#minor(body.amount);
    const id = typeof body.id === 'string' ? body.id : crypto.randomUUID();
    const existing = this.expenses.get(id);
    const category = String(body.category);
    const note = typeof body.note === 'string' ? body.note : null;
    if (existing) {
      const same =
        existing.amountMinor === amountMinor &&
        existing.category === category &&
        existing.date === body.date &&
        existing.note === note;
      if (!same) throw problem('id_conflict');
      return this.#wire(existing);
    }
    const stamp = this.#tick();
    const stored: StoredExpense = {
      id,
      walletId: this.walletId,
      amountMinor,
      category,
      date: String(body.date),
      note,
      createdAt: stamp,
      updatedAt: stamp,
      version: ++this.#walletVersion,
    };
    this.expenses.set(id, stored);
    return this.#wire(stored);
  }

  #update(id: string | undefined, body: Record<string, unknown>, ifMatch: string | undefined): Expense {
    const stored = this.#find(id);
    if (ifMatch !== undefined && ifMatch !== `"${String(stored.version)}"`) throw problem('version_mismatch');
    if (body.amount !== undefined) stored.amountMinor = this.#minor(body.amount);
    if (typeof body.category === 'string') stored.category = body.category;
    if (typeof body.date === 'string') stored.date = body.date;
    if (body.note !== undefined) stored.note = typeof body.note === 'string' ? body.note : null;
    stored.updatedAt = this.#tick();
    stored.version = ++this.#walletVersion;
    return this.#wire(stored);
  }

  #list(query: Record<string, unknown>): { items: Expense[]; nextCursor: string | null } {
    const limit = typeof query.limit === 'number' ? query.limit : 50;
    const q = typeof query.q === 'string' ? searchFold(query.q) : null;
    const sorted = [...this.expenses.values()]
      .filter((row) => q === null || searchFold(row.category).includes(q) || searchFold(row.note ?? '').includes(q))
      .sort((a, b) =>
        a.date !== b.date
          ? a.date < b.date
            ? 1
            : -1
          : a.createdAt !== b.createdAt
            ? a.createdAt < b.createdAt
              ? 1
              : -1
            : a.id < b.id
              ? 1
              : -1,
      );
    const start = typeof query.cursor === 'string' ? Number(query.cursor) : 0;
    const items = sorted.slice(start, start + limit);
    const next = start + limit;
    return { items: items.map((row) => this.#wire(row)), nextCursor: next < sorted.length ? String(next) : null };
  }

  /** The change feed: rows and deletions stamped after `since`, oldest change first. */
  #changes(query: Record<string, unknown>): {
    items: Expense[];
    deleted: { id: string; version: number }[];
    nextSince: number;
    hasMore: boolean;
  } {
    const since = typeof query.since === 'number' ? query.since : 0;
    const limit = typeof query.limit === 'number' ? query.limit : 500;
    const changed = [
      ...[...this.expenses.values()].map((row) => ({ version: row.version, row, id: row.id })),
      ...[...this.deletions].map(([id, version]) => ({ version, row: null, id })),
    ]
      .filter((change) => change.version > since)
      .sort((a, b) => a.version - b.version);
    const page = changed.slice(0, limit);
    const hasMore = changed.length > limit;
    return {
      items: page.flatMap((change) => (change.row ? [this.#wire(change.row)] : [])),
      deleted: page.flatMap((change) => (change.row ? [] : [{ id: change.id, version: change.version }])),
      nextSince: hasMore ? (page.at(-1)?.version ?? since) : Math.max(this.#walletVersion, since),
      hasMore,
    };
  }

  #categories(): { name: string; count: number }[] {
    const counts = new Map<string, { name: string; count: number }>();
    for (const row of this.expenses.values()) {
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
      walletId: row.walletId,
      amount: minorToDecimal(row.amountMinor, this.currency),
      currency: this.currency,
      category: row.category,
      date: row.date,
      note: row.note,
      createdBy: '00000000-0000-4000-8000-0000000000aa',
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      version: row.version,
    };
  }

  #tick(): string {
    this.#clock += 1000;
    return new Date(this.#clock).toISOString();
  }
}
