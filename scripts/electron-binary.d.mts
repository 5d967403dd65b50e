/** Types of electron-binary.mjs, for the TypeScript tests that share it. */
export declare function findElectronBinary():
  { ok: true; path: string } | { ok: false; reason: string };
