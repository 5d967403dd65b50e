// Bundles the Electron main process and preload into dist-electron/ (docs/architecture.md "Desktop").
// Both are CommonJS: a sandboxed preload cannot be an ES module, and one format keeps the
// main bundle simple. Everything except electron is bundled in, so the packaged app needs
// no node_modules. The renderer is built separately by Vite (dist/renderer).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // Electron 39 runs Node 22 in main and Chromium 142 with a small Node-like shim in preload.
  target: 'node22',
  external: ['electron'],
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

await Promise.all([
  build({ ...common, entryPoints: ['main/main.ts'], outfile: 'dist-electron/main.cjs' }),
  build({ ...common, entryPoints: ['main/preload.ts'], outfile: 'dist-electron/preload.cjs' }),
]);
