import { useCallback, useRef, useState } from 'react';
import { clampPanel, parsePanelSizes, type PanelSizes } from '../model/panel-sizes.js';

const STORAGE_KEY = 'egress-studio.panels';

function load(): PanelSizes {
  try {
    return parsePanelSizes(localStorage.getItem(STORAGE_KEY));
  } catch {
    return parsePanelSizes(null);
  }
}

/** Panel sizes with drag support: `resize(key, delta, sign)` is relative to the drag's start. */
export function usePanelSizes() {
  const [sizes, setSizes] = useState<PanelSizes>(load);
  const base = useRef<PanelSizes | null>(null);
  const resize = useCallback((key: keyof PanelSizes, delta: number, sign: 1 | -1) => {
    setSizes((current) => {
      base.current ??= current;
      return { ...current, [key]: clampPanel(key, base.current[key] + sign * delta) };
    });
  }, []);
  const end = useCallback(() => {
    base.current = null;
    setSizes((current) => {
      try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify(current));
      } catch {
        // Storage can be unavailable (private mode); sizes then last for the session.
      }
      return current;
    });
  }, []);
  return { sizes, resize, end };
}
