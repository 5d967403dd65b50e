/**
 * What a worker thread of the CLI (`egress simulate`'s and `egress export`'s) needs to build
 * the same `Project` as the main thread: the texts and the parsed topology, plain data that
 * crosses to the thread as it is, and the one way to build the project from them.
 */
import type { Topology } from '../core/model.js';
import { Project } from '../project/index.js';
import type { CheckedProject } from './project.js';

export interface ProjectTexts {
  /** The project's own name (topology's, else policy's, else the folder's). */
  name: string;
  policyText: string;
  policyFile: string;
  topology: Topology | undefined;
}

export function projectTexts(project: CheckedProject): ProjectTexts {
  return {
    name: project.checked.name,
    policyText: project.project.policyText,
    policyFile: project.checked.policyFile,
    topology: project.checked.topology,
  };
}

export function projectFromTexts(texts: ProjectTexts): Project {
  return new Project({
    name: texts.name,
    policyText: texts.policyText,
    policyFile: texts.policyFile,
    topology: { model: texts.topology, diagnostics: [] },
  });
}
