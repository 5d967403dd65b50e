/**
 * The catalog of node kinds (docs/topology.md): what the canvas palette offers and what a
 * topology's `kind:` may say. The engine only needs the kind ids (validation and "did you
 * mean"); label, category, colour, icon and suggested roles are here too so the app and the
 * docs draw every kind the same way. `icon` is a short glyph id that the renderer maps to an
 * SVG; `external` says whether nodes of the kind normally live outside the platform.
 */

export type NodeCategory = 'compute' | 'data' | 'network' | 'external' | 'other';

export interface NodeKind {
  kind: string;
  label: string;
  category: NodeCategory;
  /** A hex colour, distinct for every kind. */
  color: string;
  /** Glyph id for the renderer's icon set. */
  icon: string;
  /** True when nodes of this kind normally live in an external zone. */
  external: boolean;
  /** Roles a new node of this kind starts with (`role:NAME` in the policy). */
  roles: readonly string[];
  /** One line for tooltips and docs. */
  description: string;
}

export const CATEGORY_LABELS: Readonly<Record<NodeCategory, string>> = {
  compute: 'Compute',
  data: 'Data',
  network: 'Network',
  external: 'External services',
  other: 'Other',
};

export const NODE_KINDS: readonly NodeKind[] = [
  // --- compute: the workloads whose outbound traffic the policy governs -----------------
  {
    kind: 'training-job',
    label: 'Training job',
    category: 'compute',
    color: '#7c3aed',
    icon: 'chip',
    external: false,
    roles: ['trainer'],
    description: 'Batch or scheduled model training',
  },
  {
    kind: 'notebook',
    label: 'Notebook',
    category: 'compute',
    color: '#db2777',
    icon: 'notebook',
    external: false,
    roles: ['researcher'],
    description: 'Interactive notebooks (Jupyter, Colab-style workspaces)',
  },
  {
    kind: 'inference-service',
    label: 'Inference service',
    category: 'compute',
    color: '#2563eb',
    icon: 'bolt',
    external: false,
    roles: ['inference'],
    description: 'A model serving endpoint or application backend',
  },
  {
    kind: 'agent',
    label: 'Agent',
    category: 'compute',
    color: '#0891b2',
    icon: 'robot',
    external: false,
    roles: ['agent'],
    description: 'An autonomous agent that calls tools and APIs',
  },
  // --- data: internal stores ------------------------------------------------------------
  {
    kind: 'vector-db',
    label: 'Vector database',
    category: 'data',
    color: '#059669',
    icon: 'vectors',
    external: false,
    roles: ['vector-store'],
    description: 'Embeddings store for retrieval',
  },
  {
    kind: 'feature-store',
    label: 'Feature store',
    category: 'data',
    color: '#65a30d',
    icon: 'table',
    external: false,
    roles: ['feature-store'],
    description: 'Features for training and online inference',
  },
  {
    kind: 'model-registry',
    label: 'Model registry',
    category: 'data',
    color: '#9333ea',
    icon: 'layers',
    external: false,
    roles: ['model-registry'],
    description: 'Versioned model artefacts',
  },
  {
    kind: 'data-lake',
    label: 'Data lake',
    category: 'data',
    color: '#0d9488',
    icon: 'lake',
    external: false,
    roles: ['data-lake'],
    description: 'Raw and curated training data',
  },
  {
    kind: 'database',
    label: 'Database',
    category: 'data',
    color: '#4f46e5',
    icon: 'cylinder',
    external: false,
    roles: ['database'],
    description: 'A relational or document database',
  },
  {
    kind: 'queue',
    label: 'Queue',
    category: 'data',
    color: '#ca8a04',
    icon: 'queue',
    external: false,
    roles: ['queue'],
    description: 'A message queue or event stream',
  },
  // --- network: enforcement points and relays -------------------------------------------
  {
    kind: 'proxy',
    label: 'Egress proxy',
    category: 'network',
    color: '#ea580c',
    icon: 'relay',
    external: false,
    roles: ['egress-proxy'],
    description: 'A forward proxy or gateway that relays outbound requests',
  },
  {
    kind: 'firewall',
    label: 'Firewall',
    category: 'network',
    color: '#dc2626',
    icon: 'shield',
    external: false,
    roles: ['firewall'],
    description: 'A network firewall or egress gateway',
  },
  // --- external: destinations outside the platform --------------------------------------
  {
    kind: 'llm-api',
    label: 'LLM API',
    category: 'external',
    color: '#c026d3',
    icon: 'sparkle',
    external: true,
    roles: ['llm-api'],
    description: 'A hosted model API (OpenAI, Anthropic, …)',
  },
  {
    kind: 'model-hub',
    label: 'Model hub',
    category: 'external',
    color: '#f59e0b',
    icon: 'hub',
    external: true,
    roles: ['model-hub'],
    description: 'Pretrained models and datasets (Hugging Face, …)',
  },
  {
    kind: 'package-index',
    label: 'Package index',
    category: 'external',
    color: '#0284c7',
    icon: 'package',
    external: true,
    roles: ['package-index'],
    description: 'Language package registries (PyPI, npm, …)',
  },
  {
    kind: 'object-store',
    label: 'Object storage',
    category: 'external',
    color: '#16a34a',
    icon: 'bucket',
    external: true,
    roles: ['object-store'],
    description: 'Cloud object storage (S3, GCS, Azure Blob)',
  },
  {
    kind: 'code-host',
    label: 'Code host',
    category: 'external',
    color: '#475569',
    icon: 'branch',
    external: true,
    roles: ['code-host'],
    description: 'Source repositories (GitHub, GitLab, …)',
  },
  {
    kind: 'saas',
    label: 'SaaS',
    category: 'external',
    color: '#e11d48',
    icon: 'cloud',
    external: true,
    roles: ['saas'],
    description: 'A third-party hosted service',
  },
  {
    kind: 'monitoring',
    label: 'Monitoring',
    category: 'external',
    color: '#84cc16',
    icon: 'pulse',
    external: true,
    roles: ['monitoring'],
    description: 'Metrics, traces and logs collection',
  },
  // --- other -----------------------------------------------------------------------------
  {
    kind: 'generic',
    label: 'Generic',
    category: 'other',
    color: '#6b7280',
    icon: 'box',
    external: false,
    roles: [],
    description: 'Anything else',
  },
];

const BY_KIND = new Map(NODE_KINDS.map((k) => [k.kind, k]));

export const NODE_KIND_IDS: readonly string[] = NODE_KINDS.map((k) => k.kind);

/** The catalog entry of a kind, or undefined for a kind the catalog does not know. */
export function getNodeKind(kind: string): NodeKind | undefined {
  return BY_KIND.get(kind);
}
