import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebClient } from './web-client.js';

const INDEX_HTML = `<!doctype html><html><body><div id="root"></div>${'<!-- padding -->'.repeat(40)}</body></html>`;
const APP_JS = `export const answer = ${JSON.stringify('forty-two '.repeat(200))};\n`;
const SW_JS = `self.addEventListener('fetch', () => {});${'/* padding */'.repeat(60)}\n`;
const TINY_JS = 'export {};\n';

/** A build folder laid out as the web build writes it: originals plus .br and .gz siblings. */
function writeBuild(dir: string): void {
  mkdirSync(join(dir, 'assets'));
  const files: Record<string, string> = { 'index.html': INDEX_HTML, 'assets/app-1a2b.js': APP_JS, 'sw.js': SW_JS };
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, `${name}.br`), brotliCompressSync(text));
    writeFileSync(join(dir, `${name}.gz`), gzipSync(text));
  }
  // Too small to gain from compression: the build leaves it without siblings.
  writeFileSync(join(dir, 'assets/tiny-3c4d.js'), TINY_JS);
}

describe('registerWebClient', () => {
  let dir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ttm-web-client-'));
    writeBuild(dir);
    app = Fastify();
    await registerWebClient(app, dir);
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GET of a hashed asset sends the brotli copy to a browser that accepts br, cached as immutable', async () => {
    const response = await app.inject({
      url: '/assets/app-1a2b.js',
      headers: { 'accept-encoding': 'gzip, deflate, br, zstd' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers.vary).toBe('accept-encoding');
    expect(response.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.rawPayload.equals(brotliCompressSync(APP_JS))).toBe(true);
  });

  it('GET of a hashed asset sends the gzip copy when the client accepts gzip but not br', async () => {
    const response = await app.inject({ url: '/assets/app-1a2b.js', headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers.vary).toBe('accept-encoding');
    expect(response.rawPayload.equals(gzipSync(APP_JS))).toBe(true);
  });

  it('GET without Accept-Encoding sends the original file, still marked Vary: Accept-Encoding', async () => {
    const response = await app.inject({ url: '/assets/app-1a2b.js' });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers.vary).toBe('accept-encoding');
    expect(response.body).toBe(APP_JS);
  });

  it('GET of a file the build left uncompressed sends the original even to a br client', async () => {
    const response = await app.inject({ url: '/assets/tiny-3c4d.js', headers: { 'accept-encoding': 'br' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body).toBe(TINY_JS);
  });

  it('GET /sw.js sends the brotli copy with no-cache, so installed apps see a new release', async () => {
    const response = await app.inject({ url: '/sw.js', headers: { 'accept-encoding': 'br' } });
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(response.rawPayload.equals(brotliCompressSync(SW_JS))).toBe(true);
  });

  it('GET / and GET of a client route send index.html compressed with no-cache', async () => {
    for (const url of ['/', '/dashboard']) {
      const response = await app.inject({ url, headers: { accept: 'text/html', 'accept-encoding': 'gzip, br' } });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-encoding'], url).toBe('br');
      expect(response.headers.vary, url).toBe('accept-encoding');
      expect(response.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.rawPayload.equals(brotliCompressSync(INDEX_HTML)), url).toBe(true);
    }
    const plain = await app.inject({ url: '/dashboard', headers: { accept: 'text/html' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(INDEX_HTML);
  });

  it('GET of an unknown API path is a problem+json 404, not the app page', async () => {
    const response = await app.inject({
      url: '/api/v1/nothing-here',
      headers: { accept: 'text/html', 'accept-encoding': 'br' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['content-encoding']).toBeUndefined();
  });
});
