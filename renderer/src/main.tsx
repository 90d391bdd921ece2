// First: the settings the Content-Security-Policy needs, before any other module runs.
import { cspNonce } from './services/csp-nonce';
import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { wireSoftphone } from './app/softphone-wiring';
import { initI18n } from './services/i18n';
import './styles/base.css';
import './styles/shell.css';
import './styles/call.css';
import './styles/customer.css';
import './styles/softphone.css';
import './styles/admin.css';

initI18n();
wireSoftphone();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <MantineProvider getStyleNonce={cspNonce}>
      <App />
    </MantineProvider>
  </StrictMode>,
);
