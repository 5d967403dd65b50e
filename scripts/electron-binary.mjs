// Where the Electron binary is, or why there is none. `require('electron')` returns the
// binary's path once its postinstall downloaded it; with ELECTRON_SKIP_BINARY_DOWNLOAD (or
// no internet) it throws instead. Shared by `npm start` and `npm run dist`.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** @returns {{ ok: true, path: string } | { ok: false, reason: string }} */
export function findElectronBinary() {
  let path;
  try {
    path = require('electron');
  } catch {
    return { ok: false, reason: "Electron's binary is not installed (its download was skipped)" };
  }
  if (typeof path !== 'string' || !existsSync(path)) {
    return { ok: false, reason: `Electron's binary is missing (${String(path)})` };
  }
  return { ok: true, path };
}
