/**
 * Which golden tree holds each registered target: the firewall and proxy targets, whose
 * outputs also run in the real engines, under test/export-engines/golden; every other
 * registered target under test/export-cloud/golden. Both golden tests loop over these
 * lists, taken from the registry, so a target registered without golden files fails.
 */
import { EXPORTERS } from '../../../simulator/export/registry.js';
import type { Exporter } from '../../../simulator/export/types.js';

const ENGINE_TARGETS: readonly string[] = ['nftables', 'iptables', 'squid'];

export const ENGINE_GOLDEN_EXPORTERS: readonly Exporter[] = EXPORTERS.filter((e) =>
  ENGINE_TARGETS.includes(e.target),
);

export const CLOUD_GOLDEN_EXPORTERS: readonly Exporter[] = EXPORTERS.filter(
  (e) => !ENGINE_TARGETS.includes(e.target),
);
