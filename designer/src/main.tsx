import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// the shared stylesheet first: each feature's own rules come after it and win over it
import './app/app.css';
import './i18n';
import { App } from './app/App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
