import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addCompileHints, COMPILE_HINT } from './compile-hints.js';

const scratchRoot = join(import.meta.dirname, '..', '.vite');
mkdirSync(scratchRoot, { recursive: true });
const dir = mkdtempSync(join(scratchRoot, 'compile-hints-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, code: string, mappings: string): void {
  writeFileSync(join(dir, `${name}.js`), code);
  writeFileSync(join(dir, `${name}.js.map`), JSON.stringify({ version: 3, sources: ['a.ts'], names: [], mappings }));
}

const chunk = (name: string) => ({
  type: 'chunk' as const,
  name,
  fileName: `${name}.js`,
  sourcemapFileName: `${name}.js.map`,
});

describe('addCompileHints', () => {
  it('hints the startup chunks on their first line, above Vite’s preload map, and shifts their maps', async () => {
    write('index', 'const __vite__mapDeps=(i)=>i;\nexport function start(){}\n', ';AAAA');
    write('lazy-screen', 'export function screen(){}\n', 'AAAA');
    const hinted = await addCompileHints(
      dir,
      { index: chunk('index'), lazy: chunk('lazy-screen'), css: { type: 'asset' } },
      /^index$/,
    );

    expect(hinted).toEqual(['index.js']);
    const index = readFileSync(join(dir, 'index.js'), 'utf8').split('\n');
    expect(index.slice(0, 3)).toEqual([COMPILE_HINT, 'const __vite__mapDeps=(i)=>i;', 'export function start(){}']);
    // The mapped code moved down a line; so did its mappings (one more empty line in front).
    expect((JSON.parse(readFileSync(join(dir, 'index.js.map'), 'utf8')) as { mappings: string }).mappings).toBe(
      ';;AAAA',
    );
    expect(readFileSync(join(dir, 'lazy-screen.js'), 'utf8')).toBe('export function screen(){}\n');
    expect((JSON.parse(readFileSync(join(dir, 'lazy-screen.js.map'), 'utf8')) as { mappings: string }).mappings).toBe(
      'AAAA',
    );
  });

  it('leaves a chunk that already starts with the hint as it is', async () => {
    write('again', `${COMPILE_HINT}\nexport const a = 1;\n`, ';AAAA');
    expect(await addCompileHints(dir, { again: chunk('again') }, /^again$/)).toEqual([]);
    expect(readFileSync(join(dir, 'again.js'), 'utf8')).toBe(`${COMPILE_HINT}\nexport const a = 1;\n`);
  });
});
