export { Project, ProjectErrors } from './project.js';
export type { FlowSimulation, ProjectSource, SimulatedFlow, TopologySource } from './project.js';
