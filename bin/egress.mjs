#!/usr/bin/env node
// The `egress` command. The CLI is bundled to dist/ by `npm run build:cli` (also run on
// `npm install`), so it starts with plain Node.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/egress.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write(
    'egress: the CLI is not built (dist/egress.mjs is missing); run `npm run build:cli` in the repository.\n',
  );
  process.exit(2);
}
await import(bundle);
