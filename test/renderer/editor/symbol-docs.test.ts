import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../../simulator/index.js';
import { describeSymbol } from '../../../renderer/editor/symbol-docs.js';
import { sampleTopology } from '../fixtures.js';

const POLICY = `policy ml
hosts pypi = pypi.org, files.pythonhosted.org
# Training installs its dependencies.
allow train-deps from role:trainer to pypi on tcp/443 log
default deny
`;

describe('hover text', () => {
  const topology = sampleTopology();
  const { model } = checkPolicy(POLICY, { topology });

  it('describes a rule with its clauses and description', () => {
    const text = describeSymbol({ kind: 'rule', name: 'train-deps' }, topology, model);
    expect(text).toContain('**allow train-deps** — rule 1, logged');
    expect(text).toContain('from `role:trainer`');
    expect(text).toContain('to `pypi.org`, `files.pythonhosted.org`');
    expect(text).toContain('on `tcp/443`');
    expect(text).toContain('Training installs its dependencies.');
  });

  it('shows the review fields of a rule and marks an overdue review', () => {
    const reviewed = checkPolicy(
      POLICY.replace(
        '# Training',
        '# owner: ml-platform-team\n# review-by: 2027-03-31\n# Training',
      ),
      { topology },
    ).model;
    const on = describeSymbol(
      { kind: 'rule', name: 'train-deps' },
      topology,
      reviewed,
      '2027-03-31',
    );
    expect(on).toContain('`owner: ml-platform-team` · `review-by: 2027-03-31`');
    expect(on).not.toContain('overdue');
    expect(on).not.toContain('owner: ml-platform-team\n');
    const after = describeSymbol(
      { kind: 'rule', name: 'train-deps' },
      topology,
      reviewed,
      '2027-04-01',
    );
    expect(after).toContain('`review-by: 2027-03-31` · **review overdue**');
  });

  it('describes a set with its members', () => {
    expect(describeSymbol({ kind: 'set', name: 'pypi' }, topology, model)).toContain(
      '**hosts pypi** — 2 members',
    );
  });

  it('describes topology references', () => {
    expect(describeSymbol({ kind: 'role', name: 'trainer' }, topology, model)).toBe(
      '**role:trainer** — 1 node: `trainer`',
    );
    expect(describeSymbol({ kind: 'role', name: 'nobody' }, topology, model)).toMatch(/no node/);
    expect(describeSymbol({ kind: 'node', name: 'pypi' }, topology, model)).toContain(
      'hosts `pypi.org`',
    );
    expect(describeSymbol({ kind: 'zone', name: 'vpc' }, topology, model)).toContain(
      'nodes `trainer`, `notebook`',
    );
    expect(describeSymbol({ kind: 'node', name: 'ghost' }, topology, model)).toMatch(
      /not in the topology/,
    );
  });
});
