import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { precompress } from './scripts/precompress-plugin.js';

const THEME_COLOUR = '#0f766e';

export default defineConfig(({ command, mode }) => {
  // A production build is a production build whatever NODE_ENV the shell has: Vite takes a
  // development React build (and import.meta.env.PROD false: no service worker) from
  // NODE_ENV=development, and it reads NODE_ENV again after loading this file.
  if (command === 'build' && mode === 'production') process.env.NODE_ENV = 'production';
  return {
    plugins: [
      react(),
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
      precompress(),
    ],
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: true,
      // The network layer's two halves as two chunks each: the session (zod, the contract client,
      // the auth schemas) that every first visit loads, and the sync engine's schemas that only a
      // signed-in user's start loads (app/create-services.ts). Left to itself the bundler cut the
      // contract into a dozen files of 0.1 to 6 KB, one per set of lazy screens sharing them.
      // Dependencies are not pulled in with a group: the contract's money and text helpers stay
      // in the main bundle, which must not import zod.
      rolldownOptions: {
        output: {
          codeSplitting: {
            includeDependenciesRecursively: false,
            groups: [
              {
                name: 'session-contract',
                test: /node_modules[\\/]zod[\\/]|contract[\\/]dist[\\/](errors|endpoint|client|dates|schemas[\\/](common|auth)|endpoints[\\/]auth)\.js/,
              },
              {
                name: 'sync-contract',
                test: /contract[\\/]dist[\\/](schemas[\\/](sync|expenses|wallets|categories)|endpoints[\\/](sync|member|category|wallet|conflict|invite))\.js|src[\\/]sync[\\/](pull|wallet-actions)\.ts|src[\\/]local-db[\\/]expense-mapper\.ts/,
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
