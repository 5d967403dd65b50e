// Scans main/ with Doyensec's electronegativity (npm test) and fails on any HIGH-severity
// finding, or on a file it could not parse (an unscanned file would pass silently).
// Lower findings are printed for review. The tool runs offline: its translation download
// and its "newer Electron releases" check would contact the internet, so `got` is replaced
// by a stub that refuses, and that check is excluded (Electron's version is pinned in
// package.json and reviewed when it is bumped).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const Module = require('node:module');
const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  if (request === 'got' && parent?.filename?.includes('@doyensec/electronegativity')) {
    return () => Promise.reject(new Error('offline: Egress Studio scans without network'));
  }
  return originalLoad.call(this, request, parent, isMain);
};

const run = require('@doyensec/electronegativity');
// A folder may be given to scan something else (e.g. to check that a bad app fails).
const input = process.argv[2] ?? fileURLToPath(new URL('../main', import.meta.url));
const { version: electronVersion } = require('electron/package.json');

// i18n prints one line when its (stubbed) download fails; keep the output about findings.
const log = console.log;
console.log = () => undefined;
let result;
try {
  result = await run({
    input,
    electronVersionOverride: electronVersion,
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    isRelative: true,
  });
} finally {
  console.log = log;
}

const fatal = result.errors.filter((e) => !e.tolerable);
for (const e of result.errors)
  console.log(`${e.tolerable ? 'warning' : 'error'}: ${e.file}: ${e.message}`);
const rows = result.issues.map((i) => ({
  severity: i.severity.name,
  confidence: i.confidence.name,
  check: i.id,
  where: `${i.file}:${i.location.line}:${i.location.column}`,
}));
for (const r of rows)
  console.log(`${r.severity.padEnd(13)} ${r.confidence.padEnd(9)} ${r.check}  ${r.where}`);
const high = rows.filter((r) => r.severity === 'HIGH');
console.log(
  `electronegativity: ${result.atomicChecks + result.globalChecks} checks, ${rows.length} finding(s), ${high.length} high, ${fatal.length} unparsed file(s)`,
);
if (high.length > 0 || fatal.length > 0) process.exit(1);
