import { ReactFlowProvider } from '@xyflow/react';
import { ConfirmProvider } from '../shell/confirm.js';
import { StudioStoreProvider } from '../store/store-context.js';
import type { StudioStore } from '../store/studio-store.js';
import { ServicesProvider, type Services } from '../services/services.js';
import { Workbench } from './workbench.js';

export function App({ store, services }: { store: StudioStore; services: Services }) {
  return (
    <ServicesProvider services={services}>
      <StudioStoreProvider store={store}>
        <ConfirmProvider>
          <ReactFlowProvider>
            <Workbench />
          </ReactFlowProvider>
        </ConfirmProvider>
      </StudioStoreProvider>
    </ServicesProvider>
  );
}
