/**
 * Versioned topology files (versioned documents with up-migrations, as tldraw's records). A file states
 * its format in a top-level `version` (absent means 1). Before validation, the plain data
 * of an older file is brought up to the current format by an ordered list of
 * up-migrations, each from version N to N + 1. Version 1 is the first format, so the list
 * is empty today; the next format change adds its step here, and the loader, the CLI and
 * the app read old files without further change.
 */
import { TOPOLOGY_FORMAT_VERSION } from '../core/model.js';

export type RawTopology = Record<string, unknown>;

export interface TopologyMigration {
  /** The version this step reads; it produces `from + 1`. */
  from: number;
  /** What changed, for release notes and error messages. */
  description: string;
  /** Returns the document in the next format. May throw on data it cannot convert. */
  up(raw: RawTopology): RawTopology;
}

/** The format this build reads and writes, and how to get there from older formats. */
export interface TopologyFormat {
  version: number;
  migrations: readonly TopologyMigration[];
}

export const TOPOLOGY_MIGRATIONS: readonly TopologyMigration[] = [];

export const CURRENT_TOPOLOGY_FORMAT: TopologyFormat = {
  version: TOPOLOGY_FORMAT_VERSION,
  migrations: TOPOLOGY_MIGRATIONS,
};

export type MigrationResult =
  { ok: true; raw: RawTopology } | { ok: false; from: number; to: number; reason: string };

/**
 * Applies the steps from `fromVersion` up to `format.version`. The result carries no
 * `version` key: the reader stamps the current version on the model.
 */
export function migrateTopology(
  raw: RawTopology,
  fromVersion: number,
  format: TopologyFormat = CURRENT_TOPOLOGY_FORMAT,
): MigrationResult {
  let current = { ...raw };
  delete current.version;
  for (let version = fromVersion; version < format.version; version++) {
    const step = format.migrations.find((m) => m.from === version);
    if (!step) {
      return { ok: false, from: version, to: version + 1, reason: 'no migration is defined' };
    }
    try {
      current = step.up(current);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, from: version, to: version + 1, reason };
    }
  }
  return { ok: true, raw: current };
}
