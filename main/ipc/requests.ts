/**
 * The shape of every request the renderer may send, checked in the main process as
 * untrusted input (docs/architecture.md): strict objects (an unexpected field is refused, not ignored),
 * bounded strings and arrays, file names without folders. Only main imports this module;
 * the preload and the renderer see its types.
 */
import { z } from 'zod';
import type { DesktopTask } from './channels.js';

/** Larger than any hand-written policy or topology; the engine refuses bigger files too. */
export const MAX_TEXT_LENGTH = 32 * 1024 * 1024;
export const MAX_EXPORT_FILES = 500;
export const MAX_FLOW_FILES = 200;

const text = z.string().max(MAX_TEXT_LENGTH);
const path = z.string().min(1).max(4096);
/** A file name inside the project folder: no separators, no `..`. */
const fileName = z
  .string()
  .min(1)
  .max(255)
  // eslint-disable-next-line no-control-regex -- NUL is exactly what must be refused
  .regex(/^[^/\\\u0000]+$/, 'must be a file name without folders')
  .refine((n) => n !== '.' && n !== '..', 'must be a file name');

const projectFiles = z.strictObject({
  name: z.string().min(1).max(255),
  topologyText: text.nullable(),
  policyFile: fileName.regex(/\.egress$/i, 'must end with .egress'),
  policyText: text,
  flows: z.array(z.strictObject({ name: fileName, text })).max(MAX_FLOW_FILES),
});

const nothing = z.strictObject({});

function defineRequests<T extends Record<DesktopTask, z.ZodType>>(schemas: T): T {
  return schemas;
}

export const REQUEST_SCHEMAS = defineRequests({
  openProjectFolder: nothing,
  openRecentProject: z.strictObject({ id: path }),
  listRecentProjects: nothing,
  saveProject: z.strictObject({
    /** The folder the project was opened from or saved to; null asks the user where. */
    folder: path.nullable(),
    project: projectFiles,
  }),
  /** A folder (or `.egress` file) opened or saved in this session. */
  checkProjectFolder: z.strictObject({ folder: path }),
  exportToFolder: z.strictObject({
    suggestedName: z.string().min(1).max(255),
    files: z
      .array(z.strictObject({ path: z.string().min(1).max(400), content: text }))
      .min(1, 'there is nothing to export')
      .max(MAX_EXPORT_FILES),
  }),
  openTextFile: z.strictObject({
    extensions: z
      .array(z.string().regex(/^[a-z0-9]{1,10}$/i, 'must be a plain extension like "csv"'))
      .min(1)
      .max(10),
  }),
  revealInFileManager: z.strictObject({ path }),
  appVersion: nothing,
});

export type DesktopRequests = { [K in DesktopTask]: z.infer<(typeof REQUEST_SCHEMAS)[K]> };
