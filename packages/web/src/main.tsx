import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.js';
import { installPrompt } from './platform/install-prompt.js';
import { createServices } from './app/create-services.js';
import { captureInviteLink } from './platform/invite-link.js';
import { ServicesContext } from './session/services-context.js';
import { prepareFirstScreen } from './app/prepare-first-screen.js';
import './app/app.css';

installPrompt.listen();
captureInviteLink();
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
prepareFirstScreen(services.session);

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  // Once the page has loaded and the browser is idle, so the worker and its precache download
  // never compete with what the first screen needs (Safari has no requestIdleCallback).
  const register = () => {
    void import('./platform/register-service-worker.js').then((module) => {
      module.registerServiceWorker();
    });
  };
  window.addEventListener('load', () => {
    if ('requestIdleCallback' in window) requestIdleCallback(register, { timeout: 5000 });
    else setTimeout(register, 200);
  });
}
