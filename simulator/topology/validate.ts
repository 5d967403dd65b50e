/**
 * The meaning of a topology (docs/topology.md): ids, kinds, references, addresses, hosts, edges and
 * the cross-checks between them. Works on the model, so the same checks serve a parsed file
 * (`parseTopology`) and a topology edited on the canvas (`validateTopology`). Returns the
 * topology normalised: canonical CIDRs and addresses, lower-case hosts, integer positions,
 * canonical edge services. Zones are checked before nodes and nodes before edges, because
 * each refers to the ones before.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { Topology } from '../core/model.js';
import { TOPOLOGY_FORMAT_VERSION } from '../core/model.js';
import { CheckContext } from './check-context.js';
import { checkEdge } from './check-edge.js';
import { checkNode } from './check-node.js';
import { checkZone } from './check-zone.js';
import type { Finding, Report } from './findings.js';
import { findingsToDiagnostics } from './findings.js';

function checkVersion(report: Report, version: number, supported: number): void {
  if (Number.isInteger(version) && version > supported) {
    report({ name: 'newerVersion', args: { found: version, supported }, at: ['version'] });
  } else if (version !== supported) {
    report({
      name: 'invalidVersion',
      args: { found: String(version), supported },
      at: ['version'],
    });
  }
}

/** Checks a topology and returns it normalised; findings go to `report`, with model paths. */
export function checkTopology(
  t: Topology,
  report: Report,
  supportedVersion: number = TOPOLOGY_FORMAT_VERSION,
): Topology {
  checkVersion(report, t.version, supportedVersion);
  if (t.name.trim() === '') report({ name: 'emptyName', args: {}, at: ['name'] });
  const ctx = new CheckContext(report);
  const zones = t.zones.map((zone, i) => checkZone(ctx, zone, i));
  const nodes = t.nodes.map((node, i) => checkNode(ctx, node, i));
  const edges = t.edges.map((edge, i) => checkEdge(ctx, edge, i));
  return { version: t.version, name: t.name, zones, nodes, edges };
}

/**
 * Diagnostics of a topology built in memory (the app's canvas): the checks of
 * `parseTopology` after reading, with field paths and no ranges.
 */
export function validateTopology(t: Topology): Diagnostic[] {
  const findings: Finding[] = [];
  checkTopology(t, (f) => findings.push(f));
  return findingsToDiagnostics(findings, {});
}
