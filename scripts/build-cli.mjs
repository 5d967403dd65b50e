// Bundles the `egress` CLI into dist/egress.mjs so that `bin/egress.mjs` starts fast with
// plain Node (no TypeScript loader at run time). Runs on `npm install` (prepare) and `npm test`.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: ['simulator/cli/main.ts'],
  outfile: 'dist/egress.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { __EGRESS_VERSION__: JSON.stringify(pkg.version) },
});
