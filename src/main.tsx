import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { appStore } from './store/appStore';
import { startUrlSync } from './store/urlSync';
import { syncSavedAcrossTabs } from './store/persistence';
import './styles.css';

// Before the first render: a link in the address bar replaces what local storage restored.
startUrlSync(appStore, window);
// Scenarios saved in another tab of the page appear here too (and are not overwritten by this tab's next save).
syncSavedAcrossTabs(appStore, window);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
