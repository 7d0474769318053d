import MagicString, { type SourceMap } from 'magic-string';
import { parseSync, type Plugin } from 'vite';

/** The contract's compiled modules: the only code whose schemas carry documentation. */
const CONTRACT_MODULE = /[\\/]packages[\\/]contract[\\/]dist[\\/].+\.js$/;

/** zod's documentation methods: each returns a copy of the schema with the text registered on it. */
const DOC_METHODS = new Set(['describe', 'meta']);

interface AstNode {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly [key: string]: unknown;
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function visit(node: AstNode, enter: (node: AstNode) => void): void {
  enter(node);
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) visit(item, enter);
    } else if (isNode(value)) visit(value, enter);
  }
}

/** An argument whose evaluation cannot do anything: literals, names, and objects, arrays and templates of them. */
function isInert(node: unknown): boolean {
  if (!isNode(node)) return false;
  switch (node.type) {
    case 'Literal':
    case 'Identifier':
      return true;
    case 'TemplateLiteral':
      return (node['expressions'] as unknown[]).every(isInert);
    case 'ArrayExpression':
      return (node['elements'] as unknown[]).every(isInert);
    case 'ObjectExpression':
      return (node['properties'] as unknown[]).every(
        (property) =>
          isNode(property) &&
          property.type === 'Property' &&
          property['computed'] === false &&
          isInert(property['value']),
      );
    default:
      return false;
  }
}

/** For `<schema>.describe(text)` or `<schema>.meta({...})` with inert arguments: `<schema>`. */
function documentedSchema(node: AstNode): AstNode | null {
  if (node.type !== 'CallExpression') return null;
  const callee = node['callee'];
  if (!isNode(callee) || callee.type !== 'MemberExpression' || callee['computed'] !== false) return null;
  const property = callee['property'];
  if (!isNode(property) || property.type !== 'Identifier' || !DOC_METHODS.has(property['name'] as string)) return null;
  const args = node['arguments'] as unknown[];
  if (args.length !== 1 || !isInert(args[0])) return null;
  const object = callee['object'];
  return isNode(object) ? object : null;
}

export interface StrippedModule {
  readonly code: string;
  readonly map: SourceMap;
  /** How many documentation calls were removed. */
  readonly removed: number;
}

/**
 * `code` with every `.describe(...)` and `.meta(...)` call on a schema removed, when its
 * arguments are inert (a call such as `.describe(text())` stays): `z.string().describe('Name')`
 * becomes `z.string()`. Null when there was none.
 */
export function stripSchemaDocCalls(code: string, id: string): StrippedModule | null {
  if (!code.includes('.describe(') && !code.includes('.meta(')) return null;
  const { program, errors } = parseSync(id, code);
  // Code that does not parse is left for the bundler to report.
  if (errors.length > 0) return null;
  const edited = new MagicString(code);
  let removed = 0;
  visit(program as unknown as AstNode, (node) => {
    const schema = documentedSchema(node);
    if (!schema) return;
    edited.remove(schema.end, node.end);
    removed += 1;
  });
  if (removed === 0) return null;
  return {
    code: edited.toString(),
    map: edited.generateMap({ hires: true, source: id, includeContent: true }),
    removed,
  };
}

/**
 * Drops the contract schemas' documentation from the web build. Descriptions, examples and
 * component ids exist for the server's OpenAPI document; in the browser each `.describe()` or
 * `.meta()` only builds a copy of its schema (about a fifth of the schema objects the client
 * builds as its network layer loads) and ships its text.
 */
export function stripSchemaDocs(): Plugin {
  return {
    name: 'ttm:strip-schema-docs',
    apply: 'build',
    transform(code, id) {
      if (!CONTRACT_MODULE.test(id)) return null;
      const stripped = stripSchemaDocCalls(code, id);
      return stripped ? { code: stripped.code, map: stripped.map } : null;
    },
  };
}
