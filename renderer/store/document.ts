/**
 * The open project as the app holds it: the topology (with its undo history), the policy
 * text, and what was last saved, for the unsaved-changes dot and the close guard. Pure
 * functions over plain values; the store (studio-store.ts) wires them to React.
 */
import type { Topology } from '../../simulator/index.js';
import type { ProjectHandle } from '../host/project-host.js';
import { commit, createHistory, type History } from '../model/history.js';
import { applyTopologyChange, type TopologyChange } from '../model/topology-changes.js';

export interface ProjectDocument {
  projectName: string;
  policyFile: string;
  history: History<Topology>;
  policyText: string;
  flows: { name: string; text: string }[];
  /** Whether the project has a topology.yaml (a lone .egress file has none until one is drawn). */
  hasTopology: boolean;
  saved: { topology: Topology; policyText: string };
  /**
   * The project as last saved, or as opened when it was never saved (a template): what the
   * Changes view compares the working copy with.
   */
  baseline: { topology: Topology; policyText: string };
  handle: ProjectHandle | null;
  /** Changes whenever a different document is loaded, so views can reset (editor model, viewport). */
  documentId: number;
}

let nextDocumentId = 1;

export function createDocument(init: {
  projectName: string;
  policyFile: string;
  topology: Topology;
  policyText: string;
  flows?: { name: string; text: string }[];
  hasTopology: boolean;
  handle: ProjectHandle | null;
  /** False for a document that was never saved (a template, a blank project). */
  saved: boolean;
}): ProjectDocument {
  return {
    projectName: init.projectName,
    policyFile: init.policyFile,
    history: createHistory(init.topology),
    policyText: init.policyText,
    flows: init.flows ?? [],
    hasTopology: init.hasTopology,
    // A never-saved document compares against an impossible text, so it counts as unsaved.
    saved: init.saved
      ? { topology: init.topology, policyText: init.policyText }
      : { topology: init.topology, policyText: '\u0000unsaved' },
    baseline: { topology: init.topology, policyText: init.policyText },
    handle: init.handle,
    documentId: nextDocumentId++,
  };
}

export function isDirty(d: ProjectDocument): boolean {
  return d.history.present !== d.saved.topology || d.policyText !== d.saved.policyText;
}

export function applyChangeToDocument(
  d: ProjectDocument,
  change: TopologyChange,
  coalesceKey: string | null = null,
): ProjectDocument {
  const next = applyTopologyChange(d.history.present, change);
  if (next === d.history.present) return d;
  return { ...d, history: commit(d.history, next, coalesceKey), hasTopology: true };
}

export function markSaved(d: ProjectDocument, handle: ProjectHandle | null): ProjectDocument {
  return {
    ...d,
    handle: handle ?? d.handle,
    saved: { topology: d.history.present, policyText: d.policyText },
    baseline: { topology: d.history.present, policyText: d.policyText },
  };
}
