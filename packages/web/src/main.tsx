import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.js';
import { installPrompt } from './app/install-prompt.js';
import { createServices } from './app/services.js';
import { captureInviteLink } from './features/invites/invite-link.js';
import { ServicesContext } from './app/services-context.js';
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

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  window.addEventListener('load', () => {
    void import('./app/register-service-worker.js').then((module) => {
      module.registerServiceWorker();
    });
  });
}
