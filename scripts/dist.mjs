// `npm run dist`: builds the renderer and the Electron bundles, then packages them with
// electron-builder (electron.config.ts) for the host platform, or for the targets given
// after `--` (e.g. `npm run dist -- --linux AppImage deb`). Packaging needs an Electron
// distribution: the local binary when installed (used for the host platform), otherwise
// electron-builder downloads it, and the packaging tools, from the internet.
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const builder = fileURLToPath(new URL('../node_modules/electron-builder/cli.js', import.meta.url));

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const vite = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));
run(process.execPath, [vite, 'build', '--logLevel', 'warn']);
run(process.execPath, ['scripts/build-electron.mjs']);

const args = ['--config', 'electron.config.ts', '--publish', 'never', ...process.argv.slice(2)];
const electron = findElectronBinary();
if (electron.ok) {
  // The installed distribution folder (node_modules/electron/dist), so no download is needed
  // for the host platform. On macOS the binary sits inside Electron.app/Contents/MacOS.
  const dist =
    process.platform === 'darwin'
      ? electron.path.split('/Electron.app/')[0]
      : dirname(electron.path);
  args.push(`-c.electronDist=${dist}`);
} else {
  console.log(`${electron.reason}: electron-builder will try to download Electron.`);
}
run(process.execPath, [builder, ...args]);
