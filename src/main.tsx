import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Before the app, so that each feature's own styles, imported with its components, come after the base.
import './ui/shared/base.css';
import { App } from './ui/App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
