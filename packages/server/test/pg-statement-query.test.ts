import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatementQuery } from '../src/db/pg-statement-query.js';

const postgresUrl = process.env['TEST_DATABASE_URL'];

describe.skipIf(postgresUrl === undefined)('queries run as StatementQuery [postgres]', () => {
  const table = `statement_query_${randomUUID().replaceAll('-', '')}`;
  const clients: pg.Client[] = [];
  const connect = async (options: { pipeline?: boolean } = {}) => {
    const client = new pg.Client({ connectionString: postgresUrl, ...options });
    await client.connect();
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    const client = await connect();
    await client.query(`create table ${table} (id int primary key, label text, amount bigint)`);
    await client.query(`insert into ${table} values (1, 'one', 100), (2, null, 200), (3, 'three', null)`);
  });
  afterAll(async () => {
    await clients[0]?.query(`drop table if exists ${table}`);
    await Promise.all(clients.map((client) => client.end()));
  });

  it('answers a named statement run again and again with the rows node-postgres gives, nulls and parsers included', async () => {
    const client = await connect();
    const text = `select id, label, amount from ${table} where id = $1 or $1 = 0 order by id`;
    const name = `sq_${randomUUID().slice(0, 8)}`;
    const expected = await client.query<{ id: number; label: string | null; amount: string | null }>({
      text,
      values: [0],
    });
    expect(expected.rows).toEqual([
      { id: 1, label: 'one', amount: '100' },
      { id: 2, label: null, amount: '200' },
      { id: 3, label: 'three', amount: null },
    ]);
    for (let round = 0; round < 3; round += 1) {
      for (const id of [0, 1, 2, 3, 4]) {
        const result = await new StatementQuery(name, text, [id]).runOn(client);
        expect(result.rows).toEqual(expected.rows.filter((row) => id === 0 || row.id === id));
        expect(result.fields.map((field) => field.name)).toEqual(['id', 'label', 'amount']);
        expect(result.command).toBe('SELECT');
      }
    }
  });

  it('keeps each query’s own rows and errors on a pipelined connection', async () => {
    const client = await connect({ pipeline: true });
    const name = `sq_${randomUUID().slice(0, 8)}`;
    const text = `select id, label from ${table} where id = 1 / ($1::int - 5) + $1::int - 1`;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 60 }, (_, n) => new StatementQuery(name, text, [n % 10]).runOn(client)),
    );
    outcomes.forEach((outcome, n) => {
      const value = n % 10;
      if (value === 5) {
        expect(outcome.status, `query ${String(n)}`).toBe('rejected');
        return;
      }
      const id = Math.trunc(1 / (value - 5)) + value - 1;
      const rows = [
        { id: 1, label: 'one' },
        { id: 2, label: null },
        { id: 3, label: 'three' },
      ].filter((row) => row.id === id);
      expect(outcome.status === 'fulfilled' ? outcome.value.rows : outcome.reason, `query ${String(n)}`).toEqual(rows);
    });
  });
});
