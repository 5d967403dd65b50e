/**
 * Every exported rule names who answers for it and when it is reviewed next: the review
 * fields of a rule's description reach the nftables comment block and the Kubernetes
 * annotations, beside the description (which no longer holds the review lines).
 */
import { describe, expect, it } from 'vitest';
import { kubernetesExporter } from '../../simulator/export/kubernetes.js';
import { nftablesExporter } from '../../simulator/export/nftables.js';
import type { ExportInput } from '../../simulator/export/types.js';
import { checkPolicy } from '../../simulator/language/index.js';
import { parseTopology } from '../../simulator/topology/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A small project whose one allow rule has a description and all three review lines. */
const FIXTURE = join(import.meta.dirname, '../cli/fixtures/reviewed');

function input(): ExportInput {
  const topology = parseTopology(readFileSync(join(FIXTURE, 'topology.yaml'), 'utf8')).topology;
  const checked = checkPolicy(readFileSync(join(FIXTURE, 'policy.egress'), 'utf8'), {
    topology: topology!,
  });
  expect(checked.diagnostics).toEqual([]);
  return {
    policy: checked.model,
    topology: topology!,
    project: { name: 'small', policyFile: 'p' },
  };
}

function text(files: { content: string }[]): string {
  return files.map((f) => f.content).join('\n');
}

describe('review fields in exports', () => {
  it('nftables: in the rule comment block, under the description', () => {
    const out = text(nftablesExporter.run(input(), {}).files);
    expect(out).toMatch(
      /# allow train-deps\n\s*# {3}Trainers install Python packages\.\n\s*# {3}owner: ml-platform-team, ticket: SEC-1234, review-by: 2027-03-31\n/,
    );
  });

  it('kubernetes: in the rule annotation, after the description', () => {
    const out = text(kubernetesExporter.run(input(), {}).files);
    expect(out).toContain(
      'egress-studio/rule.train-deps: "Trainers install Python packages.\\nowner: ml-platform-team, ticket: SEC-1234, review-by: 2027-03-31"',
    );
  });
});
