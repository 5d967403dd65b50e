/**
 * `topology.yaml` → `Topology` (docs/topology.md). Never throws: every problem is a diagnostic with
 * its field path and its range in the text. Steps: refuse binary text; parse YAML (syntax
 * errors stop here); check the format version and migrate older files; read the shapes and
 * types; validate the meaning. A file with mistakes in its values still gives a topology
 * (what could be read, with the problems reported) so that it opens and saves without loss;
 * callers that need a sound topology check `hasErrors(diagnostics)`.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { Diagnostic, Position, Range } from '../core/diagnostic.js';
import type { Topology } from '../core/model.js';
import { makeDiagnostic } from '../diagnostics/define.js';
import { TOPOLOGY_DIAGNOSTICS } from '../diagnostics/catalog-topology.js';
import type { FieldPath } from './field-path.js';
import { formatFieldPath } from './field-path.js';
import type { Finding } from './findings.js';
import { findingsToDiagnostics } from './findings.js';
import type { TopologyFormat } from './migrate.js';
import { CURRENT_TOPOLOGY_FORMAT, migrateTopology } from './migrate.js';
import { describeValue, isMapping, readTopologyDocument } from './read-document.js';
import { checkTopology } from './validate.js';
import { yamlLocator } from './yaml-locate.js';
import { TOPOLOGY_LIMITS, checkTopologyCounts, count, scanTopologyText } from './limits.js';

export interface ParseTopologyOptions {
  /** The file name diagnostics carry (e.g. `topology.yaml`). */
  file?: string;
  /** The format to read into; tests inject synthetic migrations here. */
  format?: TopologyFormat;
}

export interface TopologyParseResult {
  /** Null when the text is not a readable topology (binary, YAML syntax, not a mapping, newer format). */
  topology: Topology | null;
  diagnostics: Diagnostic[];
}

/** yaml's messages for the common mistakes, said in the user's terms. */
const YAML_MESSAGES: Record<string, string> = {
  DUPLICATE_KEY: 'this key is repeated in the same mapping',
  MULTIPLE_DOCS: 'the file holds more than one YAML document (a second "---")',
  TAB_AS_INDENT: 'tabs cannot indent YAML; use spaces',
};

const START: Range = {
  start: { line: 1, column: 1, offset: 0 },
  end: { line: 1, column: 1, offset: 0 },
};

/** The line and column of `offset`, counted without the YAML parser (which has not run). */
function offsetPosition(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1, offset };
}

function sortByPlace(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (a.d.range?.start.offset ?? 0) - (b.d.range?.start.offset ?? 0) || a.i - b.i)
    .map(({ d }) => d);
}

/** Model path → document path, through the reader's record of shifted items and entries. */
function toDocumentPath(at: FieldPath, origins: Map<string, FieldPath>): FieldPath {
  for (const length of [4, 2]) {
    if (at.length < length) continue;
    const origin = origins.get(formatFieldPath(at.slice(0, length)));
    if (origin) return [...origin, ...at.slice(length)];
  }
  return at;
}

export function parseTopology(
  text: string,
  options: ParseTopologyOptions = {},
): TopologyParseResult {
  const file = options.file;
  const format = options.format ?? CURRENT_TOPOLOGY_FORMAT;
  const place = file !== undefined ? { file } : {};
  const documentError = (
    name: keyof typeof TOPOLOGY_DIAGNOSTICS,
    args: Record<string, string | number>,
    range: Range = START,
  ): TopologyParseResult => ({
    topology: null,
    diagnostics: [makeDiagnostic(TOPOLOGY_DIAGNOSTICS[name], args, { ...place, range })],
  });

  if (text.includes('\u0000')) return documentError('binaryFile', {});
  // Before the YAML parser: its cost grows with size and its composer recurses per level.
  const tooLarge = scanTopologyText(text);
  if (tooLarge !== null) {
    const { problem, limit, advice, offset } = tooLarge;
    const at = offsetPosition(text, offset);
    return documentError('limitExceeded', { problem, limit, advice }, { start: at, end: at });
  }

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locate = yamlLocator(doc, lineCounter, text);
  const positionAt = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col, offset };
  };
  const spanRange = ([start, end]: [number, number]): Range => ({
    start: positionAt(start),
    end: positionAt(Math.max(start, end)),
  });
  const yamlDiagnostics = (
    list: typeof doc.errors | typeof doc.warnings,
    name: 'yamlSyntax' | 'yamlWarning',
  ): Diagnostic[] =>
    list.map((e) =>
      makeDiagnostic(
        TOPOLOGY_DIAGNOSTICS[name],
        { message: YAML_MESSAGES[e.code] ?? e.message },
        { ...place, range: spanRange(e.pos) },
      ),
    );
  if (doc.errors.length > 0) {
    return {
      topology: null,
      diagnostics: sortByPlace([
        ...yamlDiagnostics(doc.errors, 'yamlSyntax'),
        ...yamlDiagnostics(doc.warnings, 'yamlWarning'),
      ]),
    };
  }
  const warnings = yamlDiagnostics(doc.warnings, 'yamlWarning');

  let raw: unknown;
  try {
    // A bounded alias count keeps a hostile file from expanding without end.
    raw = doc.toJS({ maxAliasCount: TOPOLOGY_LIMITS.aliases });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/alias/i.test(message)) {
      return documentError('limitExceeded', {
        problem: 'aliases (*name) that expand too often',
        limit: count(TOPOLOGY_LIMITS.aliases, 'aliases'),
        advice: 'write the repeated items out, or use fewer aliases',
      });
    }
    return documentError('yamlSyntax', { message });
  }
  if (raw === null || raw === undefined) {
    return {
      topology: null,
      diagnostics: [
        ...warnings,
        makeDiagnostic(TOPOLOGY_DIAGNOSTICS.emptyDocument, {}, { ...place, range: START }),
      ],
    };
  }
  if (!isMapping(raw)) {
    return {
      topology: null,
      diagnostics: [
        ...warnings,
        makeDiagnostic(
          TOPOLOGY_DIAGNOSTICS.rootNotMapping,
          { found: describeValue(raw) },
          { ...place, range: locate([], false) },
        ),
      ],
    };
  }

  const tooMany = checkTopologyCounts(raw);
  if (tooMany !== null) {
    const { at, ...args } = tooMany;
    return documentError('limitExceeded', args, locate(at, false));
  }

  const findings: Finding[] = [];
  const report = (f: Finding): void => {
    findings.push(f);
  };
  const finish = (topology: Topology | null, extra: Finding[] = []): TopologyParseResult => ({
    topology,
    diagnostics: sortByPlace([
      ...warnings,
      ...findingsToDiagnostics([...findings, ...extra], { ...place, locate }),
    ]),
  });

  // The format version decides how to read everything else.
  let version = 1;
  const rawVersion = raw.version;
  if (rawVersion !== undefined && rawVersion !== null) {
    if (typeof rawVersion !== 'number' || !Number.isInteger(rawVersion) || rawVersion < 1) {
      report({
        name: 'invalidVersion',
        args: { found: describeValue(rawVersion), supported: format.version },
        at: ['version'],
      });
      version = format.version;
    } else if (rawVersion > format.version) {
      report({
        name: 'newerVersion',
        args: { found: rawVersion, supported: format.version },
        at: ['version'],
      });
      return finish(null);
    } else {
      version = rawVersion;
    }
  }
  const migrated = migrateTopology(raw, version, format);
  if (!migrated.ok) {
    report({
      name: 'migrationFailed',
      args: { from: migrated.from, to: migrated.to, reason: migrated.reason },
      at: ['version'],
    });
    return finish(null);
  }

  // After migration the document is in the current format, whatever version the file had.
  const read = readTopologyDocument(migrated.raw, format.version, report);
  const validated: Finding[] = [];
  const topology = checkTopology(
    read.topology,
    (f) =>
      validated.push({
        ...f,
        at: toDocumentPath(f.at, read.origins),
        ...(f.related
          ? { related: f.related.map((r) => ({ ...r, at: toDocumentPath(r.at, read.origins) })) }
          : {}),
      }),
    format.version,
  );
  return finish(topology, validated);
}
