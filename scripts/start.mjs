// `npm start` (docs/architecture.md): the desktop app when Electron's binary is installed; otherwise one
// line saying why, then the same renderer in browser mode on 127.0.0.1 (what `npm run web`
// serves). Arguments after `--` go to the app, e.g. `npm start -- policies/rag-app`.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const vite = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function forward(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const electron = findElectronBinary();
run(process.execPath, [vite, 'build', '--logLevel', 'warn']);
if (electron.ok) {
  run(process.execPath, ['scripts/build-electron.mjs']);
  forward(spawn(electron.path, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' }));
} else {
  console.log(`${electron.reason}: serving the browser build on http://127.0.0.1:5174 instead.`);
  forward(
    spawn(
      process.execPath,
      [vite, 'preview', '--host', '127.0.0.1', '--port', '5174', '--strictPort'],
      {
        cwd: root,
        stdio: 'inherit',
      },
    ),
  );
}
