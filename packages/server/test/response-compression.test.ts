import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Expense, ExpensePage } from '@ttm/contract';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { COMPRESS_MIN_BYTES } from '../src/http/response-compression.js';
import { describeEachDatabase } from './support/app.js';
import { API, createExpense, registerUser, type TestUser } from './support/factories.js';

const decoders: Record<string, (bytes: Buffer) => Buffer> = { br: brotliDecompressSync, gzip: gunzipSync };

function decoded(response: LightMyRequestResponse): Buffer {
  const coding = response.headers['content-encoding'];
  if (coding === undefined) return response.rawPayload;
  const decode = decoders[coding];
  if (decode === undefined) throw new Error(`unexpected content-encoding ${coding}`);
  return decode(response.rawPayload);
}

describeEachDatabase('response compression', (ctx) => {
  const app = () => ctx().app;
  let user: TestUser;
  let first: Expense;
  const get = (url: string, acceptEncoding?: string) =>
    app().inject({
      method: 'GET',
      url: `${API}${url}`,
      headers: { ...user.auth, ...(acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }) },
    });

  beforeAll(async () => {
    user = await registerUser(app());
    first = await createExpense(app(), user, { amount: '1.00', category: 'Food', note: 'note 0' });
    for (let i = 1; i < 40; i += 1)
      await createExpense(app(), user, {
        amount: `${String(i)}.25`,
        category: i % 2 ? 'Food' : 'Rent',
        note: `note ${String(i)}`,
      });
  });

  it('GET /expenses sends the page brotli-encoded to a browser, the same JSON once decoded', async () => {
    const plain = await get('/expenses?limit=40');
    const compressed = await get('/expenses?limit=40', 'gzip, deflate, br, zstd');
    expect(plain.statusCode).toBe(200);
    expect(compressed.statusCode).toBe(200);
    expect(plain.rawPayload.length).toBeGreaterThan(COMPRESS_MIN_BYTES);
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(compressed.headers['vary']).toMatch(/accept-encoding/i);
    expect(compressed.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(compressed.headers['content-length'])).toBe(compressed.rawPayload.length);
    expect(compressed.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(decoded(compressed).equals(plain.rawPayload)).toBe(true);
    expect(JSON.parse(decoded(compressed).toString('utf8')) as ExpensePage).toEqual(plain.json());
  });

  it('a cached page sent again decodes to the same page, in each coding asked for', async () => {
    const reference = (await get('/expenses?limit=30')).rawPayload;
    for (const acceptEncoding of ['br', 'gzip', 'br', 'gzip']) {
      const response = await get('/expenses?limit=30', acceptEncoding);
      expect(response.headers['content-encoding']).toBe(acceptEncoding);
      expect(decoded(response).equals(reference)).toBe(true);
    }
  });

  it('answers gzip to a client that refuses brotli, and plain JSON with Vary to one that accepts neither', async () => {
    const gzip = await get('/expenses?limit=40', 'br;q=0, gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const identity = await get('/expenses?limit=40', 'identity');
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers['vary']).toMatch(/accept-encoding/i);
    expect(decoded(gzip).equals(identity.rawPayload)).toBe(true);
    expect(identity.json<ExpensePage>().items).toHaveLength(40);
  });

  it('a change is seen through the compressed page at once (the copy belongs to the old page)', async () => {
    const before = JSON.parse(decoded(await get('/expenses?limit=40', 'br')).toString('utf8')) as ExpensePage;
    const added = await createExpense(app(), user, { amount: '99.99', category: 'Travel', note: 'new one' });
    const after = JSON.parse(decoded(await get('/expenses?limit=40', 'br')).toString('utf8')) as ExpensePage;
    expect(before.items.map((item) => item.id)).not.toContain(added.id);
    expect(after.items.map((item) => item.id)).toContain(added.id);
  });

  it('POST /sync/pull sends a first download compressed', async () => {
    const response = await app().inject({
      method: 'POST',
      url: `${API}/sync/pull`,
      headers: { ...user.auth, 'accept-encoding': 'gzip, br' },
      payload: {},
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    const body = JSON.parse(decoded(response).toString('utf8')) as { changes: unknown[] };
    expect(body.changes.length).toBeGreaterThanOrEqual(40);
  });

  it('leaves small answers and answers with an entity tag as they are', async () => {
    const one = await get(`/expenses/${first.id}`, 'br, gzip');
    expect(one.statusCode).toBe(200);
    expect(one.headers['etag']).toBe('"1"');
    expect(one.headers['content-encoding']).toBeUndefined();
    expect(one.json<Expense>().id).toBe(first.id);
    const missing = await get('/expenses/00000000-0000-4000-8000-000000000000', 'br, gzip');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-encoding']).toBeUndefined();
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('leaves a HEAD answer uncoded', async () => {
    const head = await app().inject({
      method: 'HEAD',
      url: `${API}/expenses?limit=40`,
      headers: { ...user.auth, 'accept-encoding': 'br' },
    });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-encoding']).toBeUndefined();
  });
});
