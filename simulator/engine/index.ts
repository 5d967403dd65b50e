/**
 * The policy engine: flow resolution, the reference interpreter, the compiled matcher,
 * explain and expectation runs (docs/language.md "Flows", "Resolution", "Matching").
 */
export { compileMatcher, DECIDED_BY_DEFAULT, DECIDED_BY_INBOUND } from './compile.js';
export type { CompiledMatcher } from './compile.js';
export { FlowParts } from './matcher.js';
export type { PartsMatcher } from './matcher.js';
export { AddressResolution } from './resolve.js';
export { evaluateReference, resolveReference, ruleMatchesReference } from './reference.js';
export { indexTopology, resolveFlow, validateFlow } from './resolve.js';
export type {
  IndexedNode,
  ResolvedDestination,
  ResolvedFlow,
  ResolvedSource,
  TopologyIndex,
} from './resolve.js';
export { defaultVerdict, inboundVerdict, ruleVerdict } from './verdicts.js';
export { explainFlow, traceRule } from './explain.js';
export type {
  ClauseName,
  ClauseTrace,
  Decider,
  ExplainedDestination,
  ExplainedSource,
  Explanation,
  ExplainOptions,
  RuleTrace,
} from './explain.js';
export {
  buildEdgeFlow,
  buildExpectFlow,
  edgeLabel,
  expectationLabel,
  parseEdgeService,
  runPolicyTests,
} from './expectations.js';
export type { FlowBuild, TestReport, TestResult } from './expectations.js';
export { peerItemText, serviceItemText, pathPatternText } from './item-text.js';
export { allowRuleFix, allowRuleText } from './allow-rule-fix.js';
export type { AllowRuleFix, AllowRuleFixResult } from './allow-rule-fix.js';
