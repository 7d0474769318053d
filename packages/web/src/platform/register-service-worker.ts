import { registerSW } from 'virtual:pwa-register';
import { appUpdate } from './app-update.js';

/** Registers the Workbox service worker that precaches the app shell for offline starts. */
export function registerServiceWorker(): void {
  const update = registerSW({
    immediate: true,
    onNeedRefresh() {
      appUpdate.offer(() => {
        void update(true);
      });
    },
  });
}
