/** The example projects, bundled at build time from `policies/` (no network at run time). */
import { describeTemplates, groupTemplates } from './template-catalog.js';

const bundled = import.meta.glob(['../../policies/*/*', '../../policies/*/flows/*'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

export const TEMPLATES = groupTemplates(bundled);
export const TEMPLATE_INFO = describeTemplates(TEMPLATES);
