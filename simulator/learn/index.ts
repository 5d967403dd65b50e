/** Learning a policy from observed traffic (docs/traffic.md). */
export { learnPolicy, METADATA_ADDRESSES, EXPECTS_PER_RULE } from './learn.js';
export type { LearnedFlag, LearnedRule, LearnOptions, LearnSource, Proposal } from './learn.js';
export { inputFormatNames, readObservedFlows, UnreadableFlowInput } from './flow-input.js';
export type { FlowText, InputProblem, LearnedFlowInput, ObservedFlows } from './flow-input.js';
export { exactCover, exactCoverText } from './address-cover.js';
export { collapseNames, WILDCARD_MIN_NAMES } from './names.js';
export { serviceItems, USUAL_SERVICES } from './services.js';
