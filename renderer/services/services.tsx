/** The app's outside world: the project host (files) and the engine worker. */
import { createContext, useContext, type ReactNode } from 'react';
import type { ProjectHost } from '../host/project-host.js';
import type { EngineClient } from '../worker/engine-client.js';

export interface Services {
  host: ProjectHost;
  engine: EngineClient;
  /**
   * A second engine worker for the Changes view's diff: it can take seconds on a large
   * policy, so it runs beside the checks rather than ahead of them, and a stale run is
   * cancelled by stopping this worker.
   */
  changes: EngineClient;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({
  services,
  children,
}: {
  services: Services;
  children: ReactNode;
}) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices outside <ServicesProvider>');
  return s;
}
