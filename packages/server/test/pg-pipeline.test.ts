import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelinedConnection } from '../src/db/pg-pipeline.js';
import { StatementQuery } from '../src/db/pg-statement-query.js';
import { bumpWalletVersion, findWalletForMember } from '../src/modules/wallets/wallets.repository.js';
import { createTestApp, type TestApp } from './support/app.js';
import { registerUser } from './support/factories.js';

const postgresUrl = process.env['TEST_DATABASE_URL'];

async function eventually<T>(attempt: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe.skipIf(postgresUrl === undefined)('the pipelined PostgreSQL connection', () => {
  const errors: Error[] = [];
  let connection: PipelinedConnection;
  beforeAll(() => {
    connection = new PipelinedConnection({ connectionString: postgresUrl }, (error) => errors.push(error));
  });
  afterAll(() => connection.end());

  it('answers each of many queries sent together with its own rows, and an error fails only its query', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 300 }, (_, n) =>
        connection.query<{ n: number }>(
          new StatementQuery(undefined, n % 50 === 7 ? 'select 1 / ($1::int - $1::int) as n' : 'select $1::int as n', [
            n,
          ]),
        ),
      ),
    );
    outcomes.forEach((outcome, n) => {
      if (n % 50 === 7) expect(outcome.status, `query ${String(n)}`).toBe('rejected');
      else expect(outcome.status === 'fulfilled' ? outcome.value.rows : outcome.reason).toEqual([{ n }]);
    });
  });

  it('opens a new connection after PostgreSQL ended the old one', async () => {
    const before = (
      await connection.query<{ pid: number }>(new StatementQuery(undefined, 'select pg_backend_pid() as pid', []))
    ).rows[0]?.pid;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    try {
      await admin.query('select pg_terminate_backend($1)', [before]);
    } finally {
      await admin.end();
    }
    const after = await eventually(
      async () =>
        (await connection.query<{ pid: number }>(new StatementQuery(undefined, 'select pg_backend_pid() as pid', [])))
          .rows[0]?.pid,
    );
    expect(after).toBeTypeOf('number');
    expect(after).not.toBe(before);
    expect(errors.length).toBeGreaterThan(0);
  });

  it('refuses queries once ended, after answering the ones in flight', async () => {
    const ending = new PipelinedConnection({ connectionString: postgresUrl }, () => undefined);
    const inFlight = ending.query<{ n: number }>(new StatementQuery(undefined, 'select 42 as n, pg_sleep(0.05)', []));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const closed = ending.end();
    expect((await inFlight).rows[0]?.n).toBe(42);
    await closed;
    await expect(ending.query(new StatementQuery(undefined, 'select 1', []))).rejects.toThrow('closed');
  });
});

describe.skipIf(postgresUrl === undefined)('point reads outside and inside a transaction [postgres]', () => {
  let harness: TestApp;
  beforeAll(async () => {
    harness = await createTestApp('postgres');
  });
  afterAll(() => harness.close());

  it('a point read in a transaction sees its uncommitted write; one outside sees the committed state', async () => {
    const user = await registerUser(harness.app);
    const { db } = harness.database;
    const committed = await findWalletForMember(db, user.walletId, user.id);
    if (!committed) throw new Error('no wallet');
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inside: number | undefined;
    const transaction = db.transaction().execute(async (trx) => {
      await bumpWalletVersion(trx, user.walletId);
      inside = (await findWalletForMember(trx, user.walletId, user.id))?.version;
      await held;
    });
    await eventually(() => (inside === undefined ? Promise.reject(new Error('not yet')) : Promise.resolve()));
    // Concurrent reads from other requests do not wait for the transaction and do not see it.
    const outside = await Promise.all(
      Array.from({ length: 20 }, () => findWalletForMember(db, user.walletId, user.id)),
    );
    expect(inside).toBe(committed.version + 1);
    expect(outside.map((wallet) => wallet?.version)).toEqual(Array.from({ length: 20 }, () => committed.version));
    release();
    await transaction;
    expect((await findWalletForMember(db, user.walletId, user.id))?.version).toBe(committed.version + 1);
  });
});
