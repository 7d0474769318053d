import fc from 'fast-check';
import type { z } from 'zod';

/**
 * A small zod 4 to fast-check walker, enough for the contract's request schemas (zod-fast-check
 * supports zod 3 and fast-check 3 only). It reads `schema._zod.def`, generates *input* values
 * (before transforms), and aims at valid ones; refinements it cannot invert get generators from
 * the hints, by predicate or by property name. Callers judge validity with `schema.safeParse`,
 * so a value the walker gets wrong is classified, not trusted.
 */

interface CheckDef {
  readonly check: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly length?: number;
  readonly format?: string;
  readonly pattern?: RegExp;
  readonly value?: number | bigint;
  readonly inclusive?: boolean;
  readonly fn?: unknown;
}

interface LooseDef {
  readonly type: string;
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
  readonly format?: string;
  readonly pattern?: RegExp;
  readonly coerce?: boolean;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly catchall?: z.ZodType;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly out?: z.ZodType;
  readonly values?: readonly unknown[];
  readonly entries?: Readonly<Record<string, string | number>>;
}

export function defOf(schema: z.ZodType): LooseDef {
  return (schema as unknown as { _zod: { def: LooseDef } })._zod.def;
}

function checksOf(def: LooseDef): CheckDef[] {
  return (def.checks ?? []).map((check) => check._zod.def);
}

export interface ArbitraryHints {
  /** Generators for object properties by name (real wallet ids, amounts), used instead of the schema's. */
  readonly byKey?: Readonly<Record<string, fc.Arbitrary<unknown>>>;
  /** Generators for refinements whose predicate cannot be inverted, keyed by the predicate itself. */
  readonly byRefinement?: ReadonlyMap<unknown, fc.Arbitrary<string>>;
}

/** Keeps generated text short: long inputs are the invalid generator's business. */
const MAX_GENERATED_LENGTH = 40;
/** Arrays (push mutations) stay small, so a run stays bounded. */
const MAX_GENERATED_ITEMS = 4;

/** Any Unicode text (whole graphemes: no lone surrogates), or plain ASCII. */
function text(minLength: number, maxLength: number): fc.Arbitrary<string> {
  const max = Math.max(minLength, Math.min(maxLength, MAX_GENERATED_LENGTH));
  return fc.oneof(
    fc.string({ minLength, maxLength: max, unit: 'grapheme-ascii' }),
    fc.string({ minLength, maxLength: max, unit: 'grapheme' }),
  );
}

const emailArbitrary: fc.Arbitrary<string> = fc
  .tuple(fc.stringMatching(/^[a-z0-9]{1,16}$/), fc.stringMatching(/^[a-z]{1,12}$/), fc.constantFrom('com', 'org', 'io'))
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);

const timestampArbitrary: fc.Arbitrary<string> = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString());

function stringArbitrary(def: LooseDef, hints: ArbitraryHints): fc.Arbitrary<string> {
  const checks = checksOf(def);
  for (const check of checks) {
    if (check.check === 'custom') {
      const hinted = hints.byRefinement?.get(check.fn);
      if (hinted) return hinted;
    }
  }
  switch (def.format) {
    case 'uuid':
      return fc.uuid({ version: 4 });
    case 'email':
      return emailArbitrary;
    case 'datetime':
      return timestampArbitrary;
    default:
      break;
  }
  const regex = checks.find((check) => check.check === 'string_format' && check.pattern)?.pattern;
  let minLength = 0;
  let maxLength = MAX_GENERATED_LENGTH;
  for (const check of checks) {
    if (check.check === 'min_length' && check.minimum !== undefined) minLength = Math.max(minLength, check.minimum);
    if (check.check === 'max_length' && check.maximum !== undefined) maxLength = Math.min(maxLength, check.maximum);
    if (check.check === 'length_equals' && check.length !== undefined) {
      minLength = check.length;
      maxLength = check.length;
    }
  }
  if (regex) {
    return fc
      .stringMatching(regex)
      .filter((value) => value.length >= minLength && value.length <= Math.max(maxLength, minLength));
  }
  return text(minLength, maxLength);
}

function numberArbitrary(def: LooseDef): fc.Arbitrary<number> {
  const checks = checksOf(def);
  const integer = checks.some((check) => check.check === 'number_format');
  let min = integer ? -1_000_000 : -1e6;
  let max = integer ? 1_000_000 : 1e6;
  for (const check of checks) {
    if (typeof check.value !== 'number') continue;
    if (check.check === 'greater_than') min = check.inclusive ? check.value : check.value + (integer ? 1 : 1e-9);
    if (check.check === 'less_than') max = check.inclusive ? check.value : check.value - (integer ? 1 : 1e-9);
  }
  return integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** Whether an object property of this schema may be left out. */
export function isOptional(schema: z.ZodType): boolean {
  const type = defOf(schema).type;
  return type === 'optional' || type === 'default' || type === 'prefault';
}

function unwrapOptional(schema: z.ZodType): z.ZodType {
  const def = defOf(schema);
  return isOptional(schema) && def.innerType ? unwrapOptional(def.innerType) : schema;
}

/** Values for `schema`'s input, mostly valid; see the module comment. */
export function arbitraryFor(schema: z.ZodType, hints: ArbitraryHints = {}): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return stringArbitrary(def, hints);
    case 'number':
      return numberArbitrary(def);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'literal':
      return fc.constantFrom(...(def.values ?? []));
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? {}));
    case 'optional':
    case 'default':
    case 'prefault':
      return fc.option(arbitraryFor(def.innerType as z.ZodType, hints), { nil: undefined });
    case 'nullable':
      return fc.option(arbitraryFor(def.innerType as z.ZodType, hints), { nil: null });
    case 'readonly':
    case 'nonoptional':
      return arbitraryFor(def.innerType as z.ZodType, hints);
    case 'pipe': {
      // A transform's input is the schema before it; otherwise the output schema is the stricter one.
      const into = def.out as z.ZodType;
      return arbitraryFor(defOf(into).type === 'transform' ? (def.in as z.ZodType) : into, hints);
    }
    case 'union':
      return fc.oneof(...(def.options ?? []).map((option) => arbitraryFor(option, hints)));
    case 'array': {
      const checks = checksOf(def);
      const minLength = checks.find((check) => check.check === 'min_length')?.minimum ?? 0;
      const maxLength = checks.find((check) => check.check === 'max_length')?.maximum ?? MAX_GENERATED_ITEMS;
      return fc.array(arbitraryFor(def.element as z.ZodType, hints), {
        minLength,
        maxLength: Math.max(minLength, Math.min(maxLength, MAX_GENERATED_ITEMS)),
      });
    }
    case 'object': {
      const shape = def.shape ?? {};
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      const requiredKeys: string[] = [];
      for (const [key, property] of Object.entries(shape)) {
        model[key] = hints.byKey?.[key] ?? arbitraryFor(unwrapOptional(property), hints);
        if (!isOptional(property)) requiredKeys.push(key);
      }
      return fc.record(model, { requiredKeys });
    }
    case 'any':
    case 'unknown':
      return fc.jsonValue();
    default:
      throw new Error(`zod-arbitrary: no generator for schema type "${def.type}"`);
  }
}

/** Whether unknown properties are refused (z.strictObject). */
export function isStrictObject(schema: z.ZodType): boolean {
  const def = defOf(schema);
  return def.type === 'object' && def.catchall !== undefined && defOf(def.catchall).type === 'never';
}
