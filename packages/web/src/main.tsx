import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.js';
import { installPrompt } from './platform/install-prompt.js';
import { createServices } from './app/create-services.js';
import { captureInviteLink } from './platform/invite-link.js';
import { ServicesContext } from './session/services-context.js';
import { prepareFirstScreen } from './app/prepare-first-screen.js';
import { whenIdle } from './platform/scheduling.js';
import './app/app.css';

installPrompt.listen();
captureInviteLink();

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  // Once the page has loaded and the browser is idle, so the worker and its precache download
  // never compete with what the first screen needs.
  const register = () => {
    void import('./platform/register-service-worker.js').then((module) => {
      module.registerServiceWorker();
    });
  };
  window.addEventListener('load', () => {
    whenIdle(register, 5000);
  });
}

/** Opens the local store and renders the first screen. */
function start(): void {
  const services = createServices();
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  createRoot(root).render(
    <StrictMode>
      <ServicesContext value={services}>
        <App />
      </ServicesContext>
    </StrictMode>,
  );
  prepareFirstScreen(services);
}

// The modules above (React, Dexie, the app) are evaluated in one task; opening the local store,
// whose first localStorage read and schema parsing are the costly part, happens in the next, so
// neither makes one long task of the start of the page. (Not a top-level await: that would make
// the bundler split the entry into a score of chunks.)
setTimeout(start, 0);
