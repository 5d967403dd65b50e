import type { StudioState } from './studio-store.js';
import type { ProjectInput } from '../worker/protocol.js';

/** The engine's view of the open project. */
export function projectInput(s: StudioState): ProjectInput {
  return {
    policyText: s.doc.policyText,
    policyFile: s.doc.policyFile,
    topology:
      s.doc.hasTopology || s.doc.history.present.nodes.length > 0 ? s.doc.history.present : null,
  };
}
