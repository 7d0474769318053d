// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

// Layers inside the packages (eslint-plugin-boundaries). Every import must be allowed by a policy
// below; anything else fails the lint. README.md ("Architecture") describes the same directions.

const WEB = 'packages/web/src';
/** Folders of the web client, from the composition root down. */
const webElements = [
  ['web-app', 'app'],
  ['web-feature', 'features/*'],
  ['web-session', 'session'],
  ['web-platform', 'platform'],
  ['web-shared', 'shared'],
  ['web-sync', 'sync'],
  ['web-local-db', 'local-db'],
  ['web-api', 'api'],
  ['web-locale', 'locale'],
  ['web-test-support', 'test-support'],
].map(([type, folder]) => ({
  type,
  pattern: `${WEB}/${folder}`,
  partialMatch: false,
  ...(folder === 'features/*' ? { capture: ['feature'] } : {}),
}));

/** One-way imports between the web client's folders, as "from: allowed targets". */
const webLayers = {
  'web-app': [
    'web-feature',
    'web-session',
    'web-platform',
    'web-shared',
    'web-sync',
    'web-local-db',
    'web-api',
    'web-locale',
  ],
  'web-feature': ['web-session', 'web-platform', 'web-shared', 'web-sync', 'web-local-db', 'web-api', 'web-locale'],
  'web-session': ['web-sync', 'web-local-db', 'web-api', 'web-locale'],
  'web-platform': ['web-shared', 'web-locale'],
  'web-shared': ['web-locale'],
  'web-sync': ['web-local-db', 'web-api', 'web-locale'],
  'web-local-db': ['web-locale'],
  'web-api': [],
  'web-locale': [],
  'web-test-support': ['web-sync', 'web-local-db', 'web-api', 'web-locale'],
};

const webPolicies = [
  ...Object.entries(webLayers).map(([from, to]) => ({
    from: { element: { type: from } },
    allow: { to: { element: { types: { anyOf: to } } } },
  })),
  {
    disallow: { to: { element: { type: 'web-app' } } },
    message: 'app/ is the composition root: only main.tsx imports it.',
  },
  // The entry point boots the composition root.
  {
    from: { file: { categories: 'web-main' } },
    allow: { to: { element: { types: { anyOf: ['web-app', 'web-session', 'web-platform'] } } } },
  },
  // Tests may reach whatever they test, and the fakes in test-support.
  { from: { file: { categories: 'test' } }, allow: { to: { element: { types: '*' } } } },
  {
    from: { element: { type: 'web-feature' } },
    allow: { to: { element: { type: 'web-feature', fileInternalPath: 'index.ts' } } },
  },
  {
    from: { element: { type: 'web-feature' } },
    disallow: { to: { element: { type: 'web-feature', fileInternalPath: '!index.ts' } } },
    message: 'Another feature is used only through its index.ts, never its internals.',
  },
];

const SERVER = 'packages/server/src';
/** Kinds of server files, by path; the first pattern that matches a file decides. */
const serverFiles = [
  ['test', '**/*.test.ts'],
  ['server-main', `${SERVER}/{main,migrate}.ts`],
  ['server-app', `${SERVER}/app.ts`],
  ['server-process', `${SERVER}/process/**`],
  ['server-core', `${SERVER}/{config,errors,clock}.ts`],
  ['server-db', `${SERVER}/db/**`],
  ['server-http', `${SERVER}/http/**`],
  ['server-security', `${SERVER}/security/**`],
  ['server-routes', `${SERVER}/modules/**/*.routes.ts`],
  ['server-service', `${SERVER}/modules/**/*.service.ts`],
  ['server-repository', `${SERVER}/modules/**/*.repository.ts`],
  // Mappers, access checks, parsers and other helpers of a module.
  ['server-module', `${SERVER}/modules/**`],
].map(([category, pattern]) => ({ category, pattern }));

/** main -> process (one server, or a primary and its workers) -> app -> modules (routes -> service -> repository) -> db; http/ and security/ are infrastructure. */
const serverLayers = {
  'server-main': ['server-process', 'server-app', 'server-core', 'server-db'],
  'server-process': ['server-process', 'server-app', 'server-security', 'server-db', 'server-core'],
  'server-app': [
    'server-routes',
    'server-service',
    'server-repository',
    'server-module',
    'server-http',
    'server-security',
    'server-db',
    'server-core',
  ],
  'server-routes': ['server-service', 'server-module', 'server-http', 'server-security', 'server-core'],
  'server-service': [
    'server-service',
    'server-repository',
    'server-module',
    'server-security',
    'server-db',
    'server-core',
  ],
  'server-repository': ['server-repository', 'server-module', 'server-db', 'server-core'],
  'server-module': ['server-repository', 'server-module', 'server-security', 'server-db', 'server-core'],
  'server-http': ['server-http', 'server-security', 'server-core'],
  'server-security': ['server-security', 'server-core'],
  'server-db': ['server-db', 'server-core'],
  'server-core': ['server-core'],
};

const serverPolicies = [
  ...Object.entries(serverLayers).map(([from, to]) => ({
    from: { file: { categories: from } },
    allow: { to: { file: { categories: { anyOf: to } } } },
  })),
  // Routes may name the database type (the readiness check pings it), never query through it.
  {
    from: { file: { categories: 'server-routes' } },
    allow: { to: { file: { categories: 'server-db' } }, dependency: { kind: 'type' } },
  },
  { from: { file: { categories: 'test' } }, allow: { to: { file: { categories: '*' } } } },
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/coverage/**',
      'e2e/screenshots/**',
      '**/dev-dist/**',
      '**/*.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Explicit list: the test configs cover sources, tests and tool configs of each package.
        project: ['packages/*/tsconfig.test.json', 'e2e/tsconfig*.json', 'bench/tsconfig.json', 'tsconfig.tools.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    // Config files are loaded by their tools through a default export.
    files: ['**/*.config.ts', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Package boundaries: the contract imports nothing of ours; server and web never import each other.
    files: ['packages/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@ttm/*', '**/server/**', '**/web/**'] }],
    },
  },
  {
    files: ['packages/server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['@ttm/web', '**/web/src/**'] }] },
  },
  {
    files: ['packages/web/**/*.ts', 'packages/web/**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['@ttm/server', '**/server/src/**'] }] },
  },
  {
    // The app imports endpoint groups: the aggregate would bring every schema of the contract into
    // whichever chunk imports it, the sign-in screen's included (see app/create-services.ts).
    files: ['packages/web/src/**/*.ts', 'packages/web/src/**/*.tsx'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: ['@ttm/server', '**/server/src/**'],
          paths: [
            {
              name: '@ttm/contract',
              importNames: ['endpoints'],
              message: 'Import the endpoint group (authEndpoints, syncEndpoints, ...) instead.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [`${WEB}/**/*.{ts,tsx}`, `${SERVER}/**/*.ts`],
    plugins: { boundaries },
    settings: {
      // Resolves the `.js` specifiers of our ES modules to their `.ts` sources.
      'import/resolver': {
        typescript: {
          project: ['packages/web/tsconfig.json', 'packages/server/tsconfig.json'],
          noWarnOnMultipleProjects: true,
        },
      },
      'boundaries/root-path': import.meta.dirname,
      'boundaries/legacy-templates': false,
      'boundaries/elements': webElements,
      'boundaries/files': [
        { category: 'test', pattern: [`${WEB}/**/*.test.ts`, `${WEB}/test-setup.ts`] },
        { category: 'web-main', pattern: `${WEB}/main.tsx` },
        ...serverFiles,
      ],
      'boundaries/files-single-match': true,
    },
  },
  {
    files: [`${WEB}/**/*.{ts,tsx}`],
    rules: { 'boundaries/dependencies': ['error', { default: 'disallow', policies: webPolicies }] },
  },
  {
    // Files of one module folder are checked against each other too (a repository must not import its service).
    files: [`${SERVER}/**/*.ts`],
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', checkInternals: true, policies: serverPolicies }],
    },
  },
  prettier,
);
