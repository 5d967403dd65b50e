/**
 * The layering of docs/architecture.md, enforced with the tests (`npm run depcheck`).
 * Each rule says why the arrow is banned; a violation fails `npm test`.
 */
module.exports = {
  forbidden: [
    {
      name: 'simulator-is-self-contained',
      comment:
        'simulator/ is the engine: it runs in Node and in a Web Worker, so it may not reach into the UI (renderer/) or the Electron shell (main/). Move shared code into simulator/ instead.',
      severity: 'error',
      from: { path: '^simulator/' },
      to: { path: '^(renderer|main)/' },
    },
    {
      name: 'simulator-core-has-no-node-builtins',
      comment:
        'The pure core of simulator/ also runs in a Web Worker: Node built-ins (fs, path, child_process, …) are allowed only in simulator/node/ and simulator/cli/. Read files there and pass text in.',
      severity: 'error',
      from: { path: '^simulator/', pathNot: '^simulator/(node|cli)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'simulator-core-does-not-import-node-layer',
      comment:
        'simulator/node/ and simulator/cli/ touch the file system; the pure core may not import them (the arrow goes the other way).',
      severity: 'error',
      from: { path: '^simulator/', pathNot: '^simulator/(node|cli)/' },
      to: { path: '^simulator/(node|cli)/' },
    },
    {
      name: 'duckdb-only-in-the-node-layer',
      comment:
        '@duckdb/node-api is a native module: it loads only in Node, never in the Web Worker or the ' +
        'pure engine. Run SQL through simulator/node/duckdb-engine.ts.',
      severity: 'error',
      from: { path: '^simulator/', pathNot: '^simulator/node/' },
      to: { path: 'node_modules/@duckdb/' },
    },
    {
      name: 'tuned-structures-stay-behind-the-matcher',
      comment:
        "simulator/engine/tuned/ holds the cache-tuned structures, each behind one small interface with its plain reference named in its header. Only the matcher side of the engine builds on them (compile, matcher, host-table, topology-index, resolve), so the semantics (reference, explain, expectations) read without them and a structure can be replaced without touching anything else. Use the engine's public entry instead.",
      severity: 'error',
      from: {
        pathNot:
          '^simulator/engine/(tuned/|(compile|matcher|host-table|topology-index|resolve)\\.ts$)|^simulator/flows/',
      },
      to: { path: '^simulator/engine/tuned/' },
    },
    {
      name: 'flow-readers-use-only-owned-strings',
      comment:
        'The flow readers make the source and host texts they hand the matcher own their characters (tuned/owned-string.ts): those are its lookup keys, and flows kept in memory would otherwise keep whole chunks alive. Nothing else of tuned/ is theirs.',
      severity: 'error',
      from: { path: '^simulator/flows/' },
      to: {
        path: '^simulator/engine/tuned/',
        pathNot: '^simulator/engine/tuned/owned-string\\.ts$',
      },
    },
    {
      name: 'only-main-imports-electron',
      comment:
        'Only the Electron main process and preload (main/) may import electron; the renderer talks to it through the typed preload API, the engine never does.',
      severity: 'error',
      from: { pathNot: '^main/' },
      to: { path: '^electron$|node_modules/electron/' },
    },
    {
      name: 'renderer-has-no-node-builtins',
      comment:
        'The renderer runs in a sandboxed browser context: no Node built-ins. Ask the host interface (renderer/host) for files instead.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-uses-simulator-public-entry',
      comment:
        'The renderer imports the engine only through its public entry (simulator/index.ts), so the engine can change inside without breaking the UI.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^simulator/', pathNot: '^simulator/index\\.ts$' },
    },
    {
      name: 'only-the-entry-imports-the-composition-root',
      comment:
        'renderer/app/ wires the window together (services, engine sync, the workbench); every other renderer folder is a part it composes. A part that imports from app/ points upward and makes the root a utility drawer: shared pieces live in the folder they belong to (services/, store/, shell/). Only renderer/main.tsx mounts the root.',
      severity: 'error',
      from: { pathNot: '^renderer/(app/|main\\.tsx$)' },
      to: { path: '^renderer/app/' },
    },
    {
      name: 'main-does-not-import-renderer',
      comment: 'main/ is the Electron shell; the renderer is loaded as a page, never imported.',
      severity: 'error',
      from: { path: '^main/' },
      to: { path: '^renderer/' },
    },
    {
      name: 'renderer-sees-main-only-through-the-bridge-types',
      comment:
        'The renderer may name the desktop bridge (main/ipc/desktop-api.ts, DesktopApi = ReturnType<typeof createDesktopApi>) and the data it answers (main/ipc/responses.ts), so the two sides cannot drift; nothing else of main/, which runs in another process.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^main/', pathNot: '^main/ipc/(desktop-api|responses)\\.ts$' },
    },
    {
      name: 'renderer-imports-main-types-only',
      comment:
        'Even the bridge modules are imported with `import type` only: main/ code never runs in the page, the preload puts the real object on window.egressStudio.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^main/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'main-workspace-and-ipc-are-plain-node',
      comment:
        'main/workspace/ (file rules: containment, atomic writes, git) and main/ipc/ (channels, schemas, dispatcher, bridge factory) do not import electron, so they run under vitest and the rules are tested without an Electron binary. Electron glue lives in main/app/ and main/security/.',
      severity: 'error',
      from: { path: '^main/(workspace|ipc)/' },
      to: { path: '^electron$|node_modules/electron/' },
    },
    {
      name: 'main-security-policies-are-plain',
      comment:
        'The security decisions (which URL may load, which asset is served, the CSP, trusted senders, external links) are pure functions unit-tested in Node; only their wiring (app-protocol, harden-*) touches electron at run time. Type-only imports of electron are fine.',
      severity: 'error',
      from: {
        path: '^main/security/(app-origin|asset-path|content-security-policy|request-policy|external-links|trusted-sender)\\.ts$',
      },
      to: { path: '^electron$|node_modules/electron/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'preload-bundle-stays-minimal',
      comment:
        'A sandboxed preload can require only electron, so it is bundled into one file: it may pull in the channel registry, the command buffer and the bridge factory, nothing else (no zod, no engine, no Node built-ins), keeping the code that runs next to the page small and reviewable.',
      severity: 'error',
      from: {
        path: '^main/(preload|ipc/(desktop-api|command-buffer|channels|menu-command))\\.ts$',
      },
      to: {
        pathNot:
          '^main/ipc/(channels|command-buffer|desktop-api|menu-command)\\.ts$|^electron$|node_modules/electron/',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'no-circular',
      comment:
        'Cycles make modules impossible to understand alone; break the cycle by moving the shared part down.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
