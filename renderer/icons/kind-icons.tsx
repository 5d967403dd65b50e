/**
 * One icon per catalog kind (docs/topology.md), drawn on a 24×24 grid with 1.75 strokes so they
 * read at 16–20 px. Unknown kinds fall back to the generic glyph.
 */
import type { ReactElement } from 'react';

const KIND_GLYPHS: Record<string, ReactElement> = {
  'training-job': (
    <>
      <rect x="6" y="6" width="12" height="12" rx="2" />
      <rect x="9.5" y="9.5" width="5" height="5" rx="1" />
      <path d="M9 2.5V6M15 2.5V6M9 18v3.5M15 18v3.5M2.5 9H6M2.5 15H6M18 9h3.5M18 15h3.5" />
    </>
  ),
  notebook: (
    <>
      <rect x="5.5" y="3" width="14" height="18" rx="2" />
      <path d="M3 7.5h5M3 12h5M3 16.5h5" />
      <path d="M11.5 8h5M11.5 12h3.5" />
    </>
  ),
  'inference-service': (
    <>
      <path d="M13.5 2.5 5 13.5h6.5L10.5 21.5 19 10.5h-6.5z" />
    </>
  ),
  agent: (
    <>
      <rect x="4" y="8" width="16" height="12" rx="3.5" />
      <path d="M12 4.5V8" />
      <circle cx="12" cy="3.5" r="1" />
      <path d="M9 13.5v1.5M15 13.5v1.5" />
      <path d="M1.8 12.5v3.5M22.2 12.5v3.5" />
    </>
  ),
  'vector-db': (
    <>
      <path d="M4 3.5V20h16.5" />
      <path d="M4 20l6.5-6.5" />
      <circle cx="13" cy="8" r="1.8" />
      <circle cx="18" cy="13" r="1.8" />
      <circle cx="9.5" cy="7" r="1.3" />
      <circle cx="15.5" cy="16.5" r="1.3" />
    </>
  ),
  'feature-store': (
    <>
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <path d="M3 9.5h18M3 14.75h18M9.5 4v16" />
    </>
  ),
  'model-registry': (
    <>
      <path d="M12 3 2.5 8 12 13l9.5-5z" />
      <path d="M2.5 12.5 12 17.5l9.5-5" />
      <path d="M2.5 16.5 12 21.5l9.5-5" />
    </>
  ),
  'data-lake': (
    <>
      <path d="M2.5 7.5c1.6-1.4 3.2-1.4 4.75 0s3.15 1.4 4.75 0 3.2-1.4 4.75 0 3.15 1.4 4.75 0" />
      <path d="M2.5 12.5c1.6-1.4 3.2-1.4 4.75 0s3.15 1.4 4.75 0 3.2-1.4 4.75 0 3.15 1.4 4.75 0" />
      <path d="M2.5 17.5c1.6-1.4 3.2-1.4 4.75 0s3.15 1.4 4.75 0 3.2-1.4 4.75 0 3.15 1.4 4.75 0" />
    </>
  ),
  database: (
    <>
      <ellipse cx="12" cy="5.5" rx="7.5" ry="3" />
      <path d="M4.5 5.5v13c0 1.66 3.36 3 7.5 3s7.5-1.34 7.5-3v-13" />
      <path d="M4.5 12c0 1.66 3.36 3 7.5 3s7.5-1.34 7.5-3" />
    </>
  ),
  queue: (
    <>
      <rect x="2.5" y="7" width="4.5" height="10" rx="1.2" />
      <rect x="9.75" y="7" width="4.5" height="10" rx="1.2" />
      <path d="M17 12h4.5M19 9.5l2.5 2.5-2.5 2.5" />
    </>
  ),
  proxy: (
    <>
      <circle cx="12" cy="12" r="3.25" />
      <path d="M2.5 12h6.25M15.25 12h6.25M18.5 9l3 3-3 3" />
      <path d="M12 3v5.75M12 15.25V21" />
    </>
  ),
  firewall: (
    <>
      <rect x="3" y="4" width="18" height="16" rx="1.5" />
      <path d="M3 9.33h18M3 14.67h18" />
      <path d="M12 4v5.33M7.5 9.33v5.34M16.5 9.33v5.34M12 14.67V20" />
    </>
  ),
  'llm-api': (
    <>
      <path d="M20.5 12a8.5 8.5 0 0 1-12.3 7.6L3.5 20.5l1-4.4A8.5 8.5 0 1 1 20.5 12z" />
      <path d="M12 7.75l1.05 2.45 2.45 1.05-2.45 1.05L12 14.75l-1.05-2.45-2.45-1.05 2.45-1.05z" />
    </>
  ),
  'model-hub': (
    <>
      <circle cx="12" cy="12" r="3" />
      <circle cx="5" cy="5" r="2" />
      <circle cx="19" cy="5" r="2" />
      <circle cx="5" cy="19" r="2" />
      <circle cx="19" cy="19" r="2" />
      <path d="M6.5 6.5l3.3 3.3M17.5 6.5l-3.3 3.3M6.5 17.5l3.3-3.3M17.5 17.5l-3.3-3.3" />
    </>
  ),
  'package-index': (
    <>
      <path d="M3 7.5 12 3l9 4.5v9L12 21l-9-4.5z" />
      <path d="M3 7.5 12 12l9-4.5M12 12v9" />
      <path d="M7.5 5.25l9 4.5" />
    </>
  ),
  'object-store': (
    <>
      <ellipse cx="12" cy="6" rx="8" ry="2.75" />
      <path d="M4 6l1.9 12.6c.2 1.6 2.9 2.9 6.1 2.9s5.9-1.3 6.1-2.9L20 6" />
    </>
  ),
  'code-host': (
    <>
      <circle cx="6" cy="5" r="2.2" />
      <circle cx="6" cy="19" r="2.2" />
      <circle cx="18" cy="7" r="2.2" />
      <path d="M6 7.2v9.6" />
      <path d="M18 9.2c0 4.6-6.5 3.6-11 7.9" />
    </>
  ),
  saas: (
    <>
      <path d="M7 19a4.75 4.75 0 0 1-.6-9.46A6 6 0 0 1 17.9 9a5 5 0 0 1-.4 10z" />
    </>
  ),
  monitoring: (
    <>
      <path d="M2.5 12.5h4l3-8 5 15 3-7h4" />
    </>
  ),
  generic: (
    <>
      <rect x="4" y="4" width="16" height="16" rx="3.5" />
      <circle cx="12" cy="12" r="2.25" />
    </>
  ),
};

export function KindIcon({ kind, size = 20 }: { kind: string; size?: number }): ReactElement {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {KIND_GLYPHS[kind] ?? KIND_GLYPHS['generic']}
    </svg>
  );
}

/** Kinds that have their own glyph (the rest use the generic one). */
export const KINDS_WITH_ICONS: readonly string[] = Object.keys(KIND_GLYPHS);
