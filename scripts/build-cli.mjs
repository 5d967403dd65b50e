// Bundles the `egress` CLI into dist/egress.mjs so that `bin/egress.mjs` starts fast with
// plain Node (no TypeScript loader at run time). Runs on `npm install` (prepare) and `npm test`.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  // The worker threads of `egress simulate` and `egress export` load their own bundles,
  // beside the CLI's.
  entryPoints: {
    egress: 'simulator/cli/main.ts',
    'simulate-worker': 'simulator/cli/simulate/simulate-worker.ts',
    'export-worker': 'simulator/cli/export/export-worker.ts',
  },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { __EGRESS_VERSION__: JSON.stringify(pkg.version) },
});
