/** The worker's learn request: the same proposal as the CLI, and unreadable logs as an answer. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendRule } from '../../../renderer/learn/append-rule.js';
import { EngineSession } from '../../../renderer/worker/engine-handlers.js';
import { parseTopology } from '../../../simulator/index.js';
import { Project } from '../../../simulator/project/index.js';

const example = join(import.meta.dirname, '../../../policies/ml-training');
const project = {
  policyText: readFileSync(join(example, 'policy.egress'), 'utf8'),
  policyFile: 'policy.egress',
  topology: parseTopology(readFileSync(join(example, 'topology.yaml'), 'utf8'), {
    file: 'topology.yaml',
  }).topology!,
};
const log = readFileSync(
  join(import.meta.dirname, '../../learn/fixtures/ml-training-access.log'),
  'utf8',
);

describe('the learn request', () => {
  it('proposes the rules, and each accepted rule keeps the policy valid and its tests passing', () => {
    const run = new EngineSession().handle({
      type: 'learn',
      project,
      files: [{ name: 'access.log', text: log }],
      includeDenied: false,
    });
    expect(run.error).toBeNull();
    expect(run.rules.map((r) => r.id)).toEqual([
      'trainer-to-wandb-ai',
      'trainer-to-example-models-com',
      'trainer-to-addresses',
    ]);
    expect(run.external).toEqual([{ src: '198.51.100.99', connections: 1 }]);
    let text = project.policyText;
    for (const rule of run.rules) {
      text = appendRule(text, rule);
      const checked = new Project({
        policyText: text,
        policyFile: 'policy.egress',
        topology: { model: project.topology },
      });
      expect(checked.errors).toEqual([]);
      expect(checked.test().failed).toBe(0);
      expect(checked.policy.rules.at(-1)!.id).toBe(rule.id);
    }
  });

  it('answers an unreadable log with its reason', () => {
    const run = new EngineSession().handle({
      type: 'learn',
      project,
      files: [{ name: 'notes.txt', text: 'hello\n' }],
      includeDenied: false,
    });
    expect(run.rules).toEqual([]);
    expect(run.error).toMatch(/^notes\.txt: not a flow file or log of a known format/);
  });
});
