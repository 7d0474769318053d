import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { compileHints } from './scripts/compile-hints.js';
import { precompress } from './scripts/precompress-plugin.js';
import { stripSchemaDocs } from './scripts/strip-schema-docs.js';

const THEME_COLOUR = '#0f766e';

export default defineConfig(({ command, mode }) => {
  // A production build is a production build whatever NODE_ENV the shell has: Vite takes a
  // development React build (and import.meta.env.PROD false: no service worker) from
  // NODE_ENV=development, and it reads NODE_ENV again after loading this file.
  if (command === 'build' && mode === 'production') process.env.NODE_ENV = 'production';
  return {
    plugins: [
      react(),
      stripSchemaDocs(),
      VitePWA({
        // The page shows an "update ready" prompt instead of reloading under the user's fingers.
        registerType: 'prompt',
        // Registration is imported lazily from app code; no inline script (the server sends a strict CSP).
        injectRegister: false,
        includeAssets: ['favicon.svg', 'icons/apple-touch-icon.png'],
        manifest: {
          id: '/',
          name: 'TrackThatMoney',
          short_name: 'Expenses',
          description: 'Track personal and household expenses on every device.',
          lang: 'en',
          start_url: '/',
          scope: '/',
          display: 'standalone',
          orientation: 'portrait-primary',
          background_color: '#f7f8f7',
          theme_color: THEME_COLOUR,
          categories: ['finance', 'productivity'],
          icons: [
            { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
            { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
            { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          ],
        },
        workbox: {
          globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
          navigateFallback: '/index.html',
          navigateFallbackDenylist: [/^\/api\//, /^\/docs/, /^\/openapi\.json$/],
          clientsClaim: true,
          cleanupOutdatedCaches: true,
        },
      }),
      // The chunks a start runs most of (the entry with React and the app shell, Dexie, zod and
      // the contract, the network layer, the sign-in screen, the history's budget banner) are
      // compiled on a background thread as they stream in. In real Chromium at 4x CPU slowdown a
      // returning user's history spent a quarter less main-thread time in script, together with
      // Dexie's debug mode off (README).
      compileHints(
        /^(index|rolldown-runtime|jsx-runtime|dexie|zod|session-contract|session-errors|network|sync-contract|sync-network|budgets|auth-screen|auth-checks|field-error)$/,
      ),
      precompress(),
    ],
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: true,
      // The network layer's two halves as two chunks each: the session (the contract client, the
      // auth schemas) that every first visit loads, and the sync engine's schemas that only a
      // signed-in user's start loads (app/create-services.ts). zod is a chunk of its own, which
      // app/zod-first.ts loads and evaluates a task before the session. Left to itself the bundler
      // cut the contract into a dozen files of 0.1 to 6 KB, one per set of lazy screens sharing them.
      // Dependencies are not pulled in with a group: the contract's money and text helpers stay
      // in the main bundle, which must not import zod.
      // Three more groups gather the small modules the lazy screens share, which the bundler left
      // as files of 0.2 to 4 KB (and re-export stubs of 30 bytes for the barrel files): the
      // budget helpers (the history's banner and the expense dialog load them), the amount and
      // category fields, and the forms' and screens' small shared pieces. A returning user's
      // history loads 17 scripts instead of 23, and the expense dialog, prefetched once the
      // history is idle, 4 new files instead of 8; every request a page starts costs its main
      // thread a few milliseconds. `field-error` stays alone: the sign-in screen needs only it.
      rolldownOptions: {
        output: {
          codeSplitting: {
            includeDependenciesRecursively: false,
            groups: [
              // Dexie is a chunk of its own either way; the group gives it its name.
              { name: 'dexie', test: /node_modules[\\/]dexie[\\/]/ },
              { name: 'zod', test: /node_modules[\\/]zod[\\/]|src[\\/]app[\\/]zod-first\.ts/ },
              {
                name: 'session-contract',
                test: /contract[\\/]dist[\\/](errors|endpoint|client|dates|schemas[\\/](common|auth)|endpoints[\\/]auth)\.js/,
              },
              {
                name: 'budgets',
                test: /src[\\/]features[\\/]budgets[\\/]budget-(banner|bar|math|queries|watch)\.tsx?|src[\\/]features[\\/]budgets[\\/](budgets\.css|index\.ts)|src[\\/]locale[\\/]share-format\.ts|contract[\\/]dist[\\/](schemas[\\/]summaries|endpoints[\\/]budget)\.js/,
              },
              {
                name: 'amount-field',
                test: /src[\\/]features[\\/]expense-form[\\/](amount-field|category-picker)\.tsx|src[\\/]features[\\/]expense-form[\\/]index\.ts|src[\\/]locale[\\/](amount-parse|number-symbols)\.ts/,
              },
              {
                name: 'shared-ui',
                test: /src[\\/]shared[\\/](field-errors|form-actions|load-error|subpage-header)\.tsx?|src[\\/]locale[\\/]wire-amount\.ts|src[\\/]session[\\/]use-server-data\.ts/,
              },
              {
                name: 'sync-contract',
                test: /contract[\\/]dist[\\/](schemas[\\/](sync|expenses|wallets|categories)|endpoints[\\/](sync|member|category|wallet|conflict|invite))\.js|src[\\/]sync[\\/](pull|wallet-actions|try-later)\.ts|src[\\/]local-db[\\/](expense-mapper|server-list)\.ts/,
              },
            ],
          },
        },
      },
    },
    server: {
      port: 5173,
      proxy: { '/api': 'http://127.0.0.1:8000' },
    },
  };
});
