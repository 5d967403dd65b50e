import { describe, expect, it, vi } from 'vitest';
import { checkPolicy, Project } from '../../../simulator/index.js';
import {
  detailsAreFor,
  parseDetails,
  readAnalysis,
  withDetails,
} from '../../../renderer/worker/analysis.js';
import { EngineSession, simulateFlowFile } from '../../../renderer/worker/engine-handlers.js';
import type { AnalysisDetails, ProjectInput } from '../../../renderer/worker/protocol.js';
import { sampleTopology } from '../fixtures.js';

const POLICY = `policy ml
# Training installs its dependencies.
allow train-deps from role:trainer to pypi.org on tcp/443
default deny log
expect allow node:trainer -> pypi.org on tcp/443 by train-deps
`;

function project(policyText = POLICY): ProjectInput {
  return { policyText, policyFile: 'policy.egress', topology: sampleTopology() };
}

describe('engine worker handlers', () => {
  it('keeps unchanged diagnostic lists from the previous analysis', () => {
    const session = new EngineSession();
    const first = readAnalysis(session.handle({ type: 'analyze', project: project() }));
    const broken = POLICY + 'allow x from role:trainr to pypi.org\n';
    const second = readAnalysis(
      session.handle({ type: 'analyze', project: project(broken) }),
      first,
    );
    expect(second.topologyDiagnostics).toBe(first.topologyDiagnostics);
    expect(second.policyDiagnostics).not.toBe(first.policyDiagnostics);
    expect(second.policyDiagnostics.some((d) => d.message.includes('trainr'))).toBe(true);
  });

  it('knows which text and topology its details were checked from, also when borrowed', () => {
    const session = new EngineSession();
    const input = project();
    const first = withDetails(
      readAnalysis(session.handle({ type: 'analyze', project: input })),
      session.handle({ type: 'analysis-details', project: input }),
      { policyText: input.policyText, topology: input.topology },
    );
    expect(detailsAreFor(first, input.policyText, input.topology)).toBe(true);
    expect(detailsAreFor(first, input.policyText, sampleTopology())).toBe(false);
    expect(detailsAreFor(first, input.policyText + '\n', input.topology)).toBe(false);
    // The next edit's check lends the previous details until its own arrive.
    const edited = '# a note\n' + input.policyText;
    const next = readAnalysis(session.handle({ type: 'analyze', project: project(edited) }), first);
    expect(next.model).toBe(first.model);
    expect(detailsAreFor(next, edited, input.topology)).toBe(false);
    expect(detailsAreFor(readAnalysis(next), edited, input.topology)).toBe(false);
    expect(detailsAreFor(null, edited, input.topology)).toBe(false);
  });

  it('sends the symbols and model on request as JSON texts, each parsed once on first use', () => {
    const session = new EngineSession();
    const message = session.handle({ type: 'analyze', project: project() });
    expect(message).not.toHaveProperty('model');
    const json = session.handle({ type: 'analysis-details', project: project() });
    expect(typeof json.symbols).toBe('string');
    expect(typeof json.model).toBe('string');
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const a = readAnalysis(message, null, json);
      expect(parse).not.toHaveBeenCalled();
      expect(a.symbols.definitions.length).toBeGreaterThan(0);
      expect(a.symbols.references.length).toBeGreaterThan(0);
      expect(parse).toHaveBeenCalledTimes(1);
      expect(a.model?.name).toBe('ml');
      expect(a.model?.rules).toHaveLength(1);
      expect(parse).toHaveBeenCalledTimes(2);
    } finally {
      parse.mockRestore();
    }
  });

  it('parses the details a part at a time when asked, and not for a replaced analysis', () => {
    const session = new EngineSession();
    const message = session.handle({ type: 'analyze', project: project() });
    const json = session.handle({ type: 'analysis-details', project: project() });
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const a = readAnalysis(message, null, json);
      expect(parseDetails(a, () => false)).toBe(false);
      expect(parse).not.toHaveBeenCalled();
      expect(parseDetails(a, () => true)).toBe(true);
      expect(parseDetails(a, () => true)).toBe(false);
      expect(parse).toHaveBeenCalledTimes(2);
      expect(a.model?.name).toBe('ml');
      expect(a.symbols.definitions.length).toBeGreaterThan(0);
      expect(parse).toHaveBeenCalledTimes(2);
    } finally {
      parse.mockRestore();
    }
  });

  it('sends items without their ranges, and rules, sets and symbols with theirs', () => {
    const session = new EngineSession();
    const json = session.handle({ type: 'analysis-details', project: project() });
    const details = {
      symbols: JSON.parse(json.symbols) as AnalysisDetails['symbols'],
      model: JSON.parse(json.model) as AnalysisDetails['model'],
    };
    const rule = details.model!.rules[0]!;
    expect(rule.range.start.line).toBeGreaterThan(0);
    expect(rule.to.length).toBeGreaterThan(0);
    for (const item of [...rule.from, ...rule.to, ...(rule.services ?? [])]) {
      expect(item).not.toHaveProperty('range');
      expect(item).toHaveProperty('via');
    }
    expect(details.symbols.references.every((r) => r.range.start.line > 0)).toBe(true);
    // The worker's own model keeps them (explain and the other requests use it).
    const checked = checkPolicy(POLICY, { topology: sampleTopology() });
    expect(checked.model!.rules[0]!.to[0]).toHaveProperty('range');
  });

  it('lends the previous details until the new ones arrive', () => {
    const session = new EngineSession();
    const first = project();
    const a = readAnalysis(
      session.handle({ type: 'analyze', project: first }),
      null,
      session.handle({ type: 'analysis-details', project: first }),
    );
    const edited = project(POLICY + 'allow more from role:trainer to example.org\n');
    const b = readAnalysis(session.handle({ type: 'analyze', project: edited }), a);
    expect(b.counts?.rules).toBe(2);
    expect(b.model?.rules.map((r) => r.id)).toEqual(['train-deps']);
    const c = withDetails(b, session.handle({ type: 'analysis-details', project: edited }));
    expect(c.model?.rules.map((r) => r.id)).toEqual(['train-deps', 'more']);
    expect(c.policyDiagnostics).toBe(b.policyDiagnostics);
    expect(readAnalysis(session.handle({ type: 'analyze', project: edited })).model).toBeNull();
  });

  it('analyzes: diagnostics, symbols and the checked model', () => {
    const session = new EngineSession();
    const message = session.handle({ type: 'analyze', project: project() });
    expect(message.counts).toEqual({ rules: 1, expectations: 1, sets: 0 });
    const a = readAnalysis(
      message,
      null,
      session.handle({ type: 'analysis-details', project: project() }),
    );
    expect(a.policyDiagnostics).toEqual([]);
    expect(a.topologyDiagnostics).toEqual([]);
    expect(a.model?.rules.map((r) => r.id)).toEqual(['train-deps']);
    expect(a.symbols.definitions.find((d) => d.name === 'train-deps')).toMatchObject({
      kind: 'rule',
      description: 'Training installs its dependencies.',
    });
    expect(a.symbols.references.some((r) => r.kind === 'role' && r.name === 'trainer')).toBe(true);
  });

  it('reports a policy error with its place', () => {
    const a = new EngineSession().handle({
      type: 'analyze',
      project: project('policy ml\nallow x from role:trainr to pypi.org\n'),
    });
    const d = a.policyDiagnostics.find((x) => x.message.includes('trainr'));
    expect(d?.severity).toBe('error');
    expect(d?.range?.start.line).toBe(2);
  });

  it('runs expectations and edge conformance', () => {
    const report = new EngineSession().handle({ type: 'test', project: project() });
    expect(report.results.map((r) => [r.kind, r.passed])).toEqual([
      ['expect', true],
      ['edge', true],
      ['edge', false],
      ['edge', false],
    ]);
    expect(report.results[2]!.actual).toEqual({ verdict: 'deny', rule: 'default', log: true });
  });

  it('refuses to simulate a project with errors, saying what to do', () => {
    const session = new EngineSession();
    expect(() =>
      session.handle({
        type: 'test',
        project: project('policy ml\nallow x from role:nope to a.com\n'),
      }),
    ).toThrow(/fix it first/);
  });

  it('explains a flow', () => {
    const e = new EngineSession().handle({
      type: 'explain',
      project: project(),
      flow: { src: 'notebook', host: 'pypi.org', proto: 'tcp', port: 443 },
    });
    expect(e.verdict).toEqual({ verdict: 'deny', rule: 'default', log: true });
    expect(e.rules.map((r) => [r.id, r.matched])).toEqual([['train-deps', false]]);
  });

  it('formats and lists exporters', () => {
    const session = new EngineSession();
    const f = session.handle({ type: 'format', text: 'policy   ml\n' });
    expect(f.text).toBe('policy ml\n');
    expect(f.changed).toBe(true);
    const targets = session.handle({ type: 'list-exporters' }).map((e) => e.target);
    expect(targets).toContain('nftables');
  });

  it('exports nftables with fidelity for every rule', () => {
    const [result] = new EngineSession().handle({
      type: 'export',
      project: project('policy ml\nallow updates from role:trainer to 151.101.0.0/16 on tcp/443\n'),
      targets: ['nftables'],
      options: {},
    });
    expect(result!.files[0]!.path).toBe('egress.nft');
    expect(result!.files[0]!.content).toContain('table inet egress_studio');
    expect(result!.fidelity.map((f) => f.rule)).toEqual(['updates', 'default']);
  });

  it('rejects an unknown export target', () => {
    expect(() =>
      new EngineSession().handle({
        type: 'export',
        project: project(),
        targets: ['nope'],
        options: {},
      }),
    ).toThrow('Unknown export target "nope".');
  });
});

describe('simulateFlowFile', () => {
  const project = new Project({
    policyText: POLICY,
    policyFile: 'policy.egress',
    topology: { model: sampleTopology() },
  });

  it('gives a verdict per CSV row and reports unreadable lines', () => {
    const run = simulateFlowFile(project, {
      name: 'flows.csv',
      text: 'src,host,ip,proto,port,method,path\ntrainer,pypi.org,,tcp,443,,\n# comment\nnotebook,pypi.org,,tcp,443,,\ntrainer,pypi.org,,tcp,99999,,\n',
    });
    expect(run.rows.map((r) => [r.line, r.verdict.verdict, r.verdict.rule])).toEqual([
      [2, 'allow', 'train-deps'],
      [4, 'deny', 'default'],
    ]);
    expect(run.rejected.map((r) => r.line)).toEqual([5]);
  });

  it('reads JSONL', () => {
    const run = simulateFlowFile(project, {
      name: 'flows.jsonl',
      text: '{"src":"trainer","host":"pypi.org","proto":"tcp","port":443}\n',
    });
    expect(run.rows[0]!.verdict.rule).toBe('train-deps');
  });

  it('reports malformed sources and sources that name no node, never deciding them', () => {
    const run = simulateFlowFile(project, {
      name: 'flows.csv',
      text: 'src,ip,proto,port\n10.30.1.999,203.0.113.10,tcp,443\nfoo:bar,203.0.113.10,tcp,443\ntrainr,203.0.113.10,tcp,443\n',
    });
    expect(run.rows).toEqual([]);
    expect(run.rejected.map((r) => [r.line, r.kind])).toEqual([
      [2, 'malformed'],
      [3, 'malformed'],
      [4, 'unknown-source'],
    ]);
    expect(run.rejected[2]!.reason).toMatch(
      /unknown source node "trainr" \(did you mean "trainer"\?\)/,
    );
    expect(run.rejectedCount).toBe(3);
  });

  it('answers a file no format claims with the reason instead of rows', () => {
    const run = simulateFlowFile(project, { name: 'notes.txt', text: 'hello\n' });
    expect(run.error).toMatch(/notes\.txt: not a flow file of a known format/);
    expect(run.rows).toEqual([]);
  });
});
