/**
 * The baseline: a bare Fastify server with one route answering a ~1.2 KB JSON body (a page of
 * expenses' worth of fields), default options, no plugins. Our API is reported as a ratio to it.
 */
import Fastify from 'fastify';

const BODY = {
  items: Array.from({ length: 5 }, (_, n) => ({
    id: `0b6c7a4e-6f1d-4d8e-9a7b-${String(n).padStart(12, '0')}`,
    walletId: '5f0c2b1e-8a4d-4c3b-9e2f-1a2b3c4d5e6f',
    amount: '12.34',
    currency: 'EUR',
    category: 'Groceries',
    date: '2026-11-22',
    note: 'weekly shop',
    createdBy: '7d9e8f1a-2b3c-4d5e-8f9a-0b1c2d3e4f5a',
    createdAt: '2026-11-22T10:00:00.000Z',
    updatedAt: '2026-11-22T10:00:00.000Z',
    version: n,
  })),
  nextCursor: null,
};

const app = Fastify();
app.get('/bare', () => BODY);
app.post('/bare', () => BODY);
await app.listen({ host: '127.0.0.1', port: Number(process.env['PORT'] ?? 0) });
