/**
 * The renderer's entry: one store, the project host (desktop when the Electron preload is
 * present, browser otherwise), the engine worker, and the app.
 */
import '@xyflow/react/dist/style.css';
import './styles/tokens.css';
import './styles/base.css';
import './styles/app.css';
import './styles/canvas.css';
import './styles/panels.css';
import './styles/dialogs.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.js';
import { chooseHost } from './host/choose-host.js';
import { DEFAULT_POLICY_FILE } from './host/project-host.js';
import { blankPolicy, blankTopology } from './store/blank-project.js';
import { createStudioStore } from './store/studio-store.js';
import { createEngineClient } from './worker/engine-client.js';
import EngineWorker from './worker/engine.worker.ts?worker';

const name = 'untitled';
const store = createStudioStore({
  projectName: name,
  policyFile: DEFAULT_POLICY_FILE,
  topology: blankTopology(name),
  policyText: blankPolicy(name),
  hasTopology: true,
  handle: null,
  saved: true,
});
const services = {
  host: chooseHost(window),
  engine: createEngineClient(() => new EngineWorker()),
  changes: createEngineClient(() => new EngineWorker()),
};

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App store={store} services={services} />
  </StrictMode>,
);
