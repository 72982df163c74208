import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { appStore } from './store/appStore';
import { startUrlSync } from './store/urlSync';
import './styles.css';

// Before the first render: a link in the address bar replaces what local storage restored.
startUrlSync(appStore, window);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
