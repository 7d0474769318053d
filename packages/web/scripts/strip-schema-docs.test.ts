import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSync } from 'vite';
import { stripSchemaDocCalls } from './strip-schema-docs.js';

const CONTRACT_DIST = join(import.meta.dirname, '..', '..', 'contract', 'dist');

function strip(code: string): string {
  return stripSchemaDocCalls(code, 'module.js')?.code ?? code;
}

describe('stripSchemaDocCalls', () => {
  it('removes describe and meta calls with inert arguments, keeping the rest of the chain', () => {
    expect(strip("const Name = z.string().min(1).describe('Your name');")).toBe('const Name = z.string().min(1);');
    expect(strip("const A = z.string().describe(`a ${LIMIT}`).optional().meta({ id: 'A', example: ['x', 1] });")).toBe(
      'const A = z.string().optional();',
    );
    expect(strip("const B = z.object({ a: z.number()\n  .describe('—a€'), b: Base.meta({ id: 'B' }) });")).toBe(
      'const B = z.object({ a: z.number(), b: Base });',
    );
  });

  it('keeps a call whose arguments could do something, and other methods', () => {
    const kept = [
      'const A = z.string().describe(text());',
      'const B = z.string().meta({ id: makeId() });',
      'const C = z.string().meta({ ...base });',
      "const D = z.string()['describe']('computed');",
      "const E = z.string().describe('a', 'b');",
      "const F = z.string().default('describe');",
    ];
    for (const code of kept) expect(strip(code)).toBe(code);
    expect(stripSchemaDocCalls('const A = z.string();', 'module.js')).toBeNull();
  });

  it('gives a source map that points the kept code back at its place', () => {
    const stripped = stripSchemaDocCalls("const A = z.string().describe('x');\nconst B = z.number();", 'module.js');
    expect(stripped?.removed).toBe(1);
    expect(stripped?.map.sources).toEqual(['module.js']);
    expect(stripped?.map.mappings).not.toBe('');
  });
});

type ZodLike = { readonly _zod: { readonly def: object } };

function isSchema(value: unknown): value is ZodLike {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

/** Everything a schema validates and transforms by, as text: its definition tree (functions by their source). */
function definition(value: unknown, depth = 0): unknown {
  if (depth > 40) throw new Error('definition too deep (a recursive schema?)');
  if (isSchema(value)) return definition(value._zod.def, depth + 1);
  if (typeof value === 'function') return `fn:${String(value)}`;
  if (Array.isArray(value)) return value.map((item) => definition(item, depth + 1));
  if (value instanceof RegExp) return `re:${String(value)}`;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, definition((value as Record<string, unknown>)[key], depth + 1)]),
    );
  }
  return value;
}

function modulesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.js'))
    .map((name) => join(dir, name));
}

describe('the contract with its documentation stripped', () => {
  // A copy inside the project (its `zod` imports resolve as the original's do) that git ignores,
  // and outside node_modules, so the test runner loads both copies the same way.
  const scratchParent = join(import.meta.dirname, '..', '.vite');
  mkdirSync(scratchParent, { recursive: true });
  const scratch = mkdtempSync(join(scratchParent, '.strip-schema-docs-'));
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('parses, and every schema it exports validates and transforms exactly as the original', async () => {
    cpSync(CONTRACT_DIST, scratch, { recursive: true });
    let removed = 0;
    for (const file of modulesUnder(scratch)) {
      const stripped = stripSchemaDocCalls(readFileSync(file, 'utf8'), file);
      if (!stripped) continue;
      expect(parseSync(file, stripped.code).errors).toEqual([]);
      writeFileSync(file, stripped.code);
      removed += stripped.removed;
    }
    // Almost every description and id goes (about 170 of them in all).
    expect(removed).toBeGreaterThan(150);

    let compared = 0;
    for (const file of modulesUnder(CONTRACT_DIST)) {
      const name = relative(CONTRACT_DIST, file);
      const original = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      const copy = (await import(pathToFileURL(join(scratch, name)).href)) as Record<string, unknown>;
      for (const [key, value] of Object.entries(original)) {
        if (!isSchema(value)) continue;
        expect(definition(copy[key]), `${name}: ${key}`).toEqual(definition(value));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
