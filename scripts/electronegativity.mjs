// Scans main/ with Doyensec's electronegativity (npm test) and fails on any finding, of any
// severity, that the list below does not justify, on a justification that no longer matches a
// finding (so the list cannot go stale), and on a file it could not parse (an unscanned file
// would pass silently). The tool runs offline: its translation download
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

/**
 * Findings reviewed and accepted, each for one check in one file (relative to main/), with the
 * reason. The same check anywhere else is a new finding and fails the scan.
 */
const JUSTIFIED = [
  {
    check: 'CSP_GLOBAL_CHECK',
    file: 'N/A',
    reason:
      'the CSP is sent as a header with every app:// response (security/app-protocol.ts, ' +
      'security/content-security-policy.ts) and written into index.html; the tool looks only ' +
      'for session.webRequest handlers and meta tags in the scanned folder',
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'security/harden-web-contents.ts',
    reason:
      'shell.openExternal is reached only through the gate in security/external-links.ts: ' +
      'http(s) only, no credentials, at most 2,048 characters, after a real click or key press, ' +
      'and with the full URL confirmed for any host but the documentation sites',
  },
  {
    check: 'PRELOAD_JS_CHECK',
    file: 'app/main-window.ts',
    reason:
      'the preload runs sandboxed with context isolation and exposes one typed object of task ' +
      'methods, never ipcRenderer (preload.ts, ipc/desktop-api.ts; tested in test/main/preload.test.ts)',
  },
];

const run = require('@doyensec/electronegativity');
// A folder may be given to scan something else (e.g. to check that a bad app fails).
const input = process.argv[2] ?? fileURLToPath(new URL('../main', import.meta.url));
const scanningMain = process.argv[2] === undefined;
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
  file: i.file,
  where: `${i.file}:${i.location.line}:${i.location.column}`,
}));
const justification = (r) => JUSTIFIED.find((j) => j.check === r.check && j.file === r.file);
const unjustified = rows.filter((r) => !justification(r));
for (const r of rows) {
  const why = justification(r);
  console.log(
    `${r.severity.padEnd(13)} ${r.confidence.padEnd(9)} ${r.check}  ${r.where}` +
      (why
        ? `\n  justified: ${why.reason}`
        : '\n  NOT JUSTIFIED: fix it, or justify it in scripts/electronegativity.mjs'),
  );
}
// Only a scan of main/ can tell that a justification no longer matches anything.
const stale = scanningMain
  ? JUSTIFIED.filter((j) => !rows.some((r) => r.check === j.check && r.file === j.file))
  : [];
for (const j of stale)
  console.log(`stale justification: ${j.check} in ${j.file} no longer found; remove it`);
console.log(
  `electronegativity: ${result.atomicChecks + result.globalChecks} checks, ${rows.length} finding(s), ${unjustified.length} not justified, ${stale.length} stale, ${fatal.length} unparsed file(s)`,
);
if (unjustified.length > 0 || stale.length > 0 || fatal.length > 0) process.exit(1);
