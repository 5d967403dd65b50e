import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StudioActions, StudioState, StudioStore } from './studio-store.js';

const StoreContext = createContext<StudioStore | null>(null);

export function StudioStoreProvider({
  store,
  children,
}: {
  store: StudioStore;
  children: ReactNode;
}) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useStudioStore(): StudioStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStudioStore outside <StudioStoreProvider>');
  return store;
}

/** Subscribes narrowly: the component re-renders only when the selected value changes. */
export function useStudio<T>(selector: (s: StudioState & StudioActions) => T): T {
  return useStore(useStudioStore(), selector);
}
