/**
 * The example projects shipped in policies/, loaded with the real topology loader and policy
 * checker, as the CLI would: every golden and engine test runs them too.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PolicyModel, Topology } from '../../../simulator/core/model.js';
import { checkPolicy } from '../../../simulator/language/index.js';
import { parseTopology } from '../../../simulator/topology/index.js';

export const POLICIES_DIR = fileURLToPath(new URL('../../../policies', import.meta.url));

export interface ExampleProject {
  name: string;
  policy: PolicyModel;
  topology: Topology | undefined;
}

export function exampleNames(): string[] {
  if (!existsSync(POLICIES_DIR)) return [];
  return readdirSync(POLICIES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(POLICIES_DIR, e.name, 'policy.egress')))
    .map((e) => e.name)
    .sort();
}

/** Loads an example; throws with the diagnostics when it does not check cleanly. */
export function loadExample(name: string): ExampleProject {
  const dir = join(POLICIES_DIR, name);
  let topology: Topology | undefined;
  const topologyPath = join(dir, 'topology.yaml');
  if (existsSync(topologyPath)) {
    const parsed = parseTopology(readFileSync(topologyPath, 'utf8'), { file: 'topology.yaml' });
    const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
    if (!parsed.topology || errors.length > 0) {
      throw new Error(`${name}/topology.yaml: ${errors.map((d) => d.message).join('; ')}`);
    }
    topology = parsed.topology;
  }
  const checked = checkPolicy(readFileSync(join(dir, 'policy.egress'), 'utf8'), {
    file: 'policy.egress',
    ...(topology ? { topology } : {}),
  });
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0)
    throw new Error(`${name}/policy.egress: ${errors.map((d) => d.message).join('; ')}`);
  return { name, policy: checked.model, topology };
}
