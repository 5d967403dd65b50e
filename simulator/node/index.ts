/**
 * The engine's file-system layer (docs/topology.md): loading and saving projects, atomic writes.
 * Only the CLI and the Electron main process import this; the pure engine never does.
 */
export {
  DEFAULT_POLICY_FILE,
  FLOWS_FOLDER,
  TOPOLOGY_FILES,
  loadProject,
  saveProject,
  writeFileAtomic,
} from './project.js';
export type {
  LoadedProject,
  ProjectLoadResult,
  SaveProjectInput,
  SaveProjectResult,
} from './project.js';
export { loadCheckedProject } from './checked-project.js';
export type { CheckedLoad } from './checked-project.js';
export { MAX_PROJECT_FILE_BYTES, readProjectText } from './read-text.js';
export type { TextRead } from './read-text.js';
