/**
 * Project files ⇄ the document the app edits. The topology is parsed and written by the
 * engine (`parseTopology`, `serializeTopology`), so the app saves exactly the bytes the CLI
 * would: deterministic YAML, stable key order, integer positions (docs/topology.md).
 */
import {
  TOPOLOGY_FORMAT_VERSION,
  parseTopology,
  serializeTopology,
  type Diagnostic,
  type Topology,
} from '../../simulator/index.js';
import { TOPOLOGY_FILE, type ProjectFiles } from '../host/project-host.js';
import type { ProjectDocument } from './document.js';

export interface DecodedProject {
  topology: Topology;
  hasTopology: boolean;
  policyText: string;
  policyFile: string;
  flows: { name: string; text: string }[];
  /** Problems reading topology.yaml; with errors the project opens with an empty canvas. */
  diagnostics: Diagnostic[];
}

function policyName(text: string): string | null {
  const m = /^\s*policy\s+([a-z][a-z0-9_-]*)/m.exec(text);
  return m ? m[1]! : null;
}

export function decodeProject(files: ProjectFiles): DecodedProject {
  const fallback: Topology = {
    version: TOPOLOGY_FORMAT_VERSION,
    name: policyName(files.policyText) ?? files.name,
    zones: [],
    nodes: [],
    edges: [],
  };
  let topology = fallback;
  let diagnostics: Diagnostic[] = [];
  if (files.topologyText !== null) {
    const parsed = parseTopology(files.topologyText, { file: TOPOLOGY_FILE });
    diagnostics = parsed.diagnostics;
    if (parsed.topology) topology = parsed.topology;
  }
  return {
    topology,
    hasTopology: files.topologyText !== null,
    policyText: files.policyText,
    policyFile: files.policyFile,
    flows: files.flows,
    diagnostics,
  };
}

export function encodeProject(doc: ProjectDocument): ProjectFiles {
  return {
    name: doc.projectName,
    topologyText: doc.hasTopology ? serializeTopology(doc.history.present) : null,
    policyFile: doc.policyFile,
    policyText: doc.policyText,
    flows: doc.flows,
  };
}
