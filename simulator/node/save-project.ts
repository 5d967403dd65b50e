/**
 * Saves a project (docs/topology.md): the topology is serialised deterministically, and only files
 * whose bytes differ from what is on disk are written, each atomically. Saving an unchanged
 * project touches nothing, so file watchers and `git status` stay quiet.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import type { Topology } from '../core/model.js';
import { makeDiagnostic } from '../diagnostics/define.js';
import { PROJECT_DIAGNOSTICS } from '../diagnostics/catalog-project.js';
import { serializeTopology } from '../topology/serialize.js';
import { writeFileAtomic } from './atomic-write.js';
import { describeIoFailure } from './io-error.js';

export interface SaveProjectInput {
  /** Written as `topology.yaml`; left alone when absent. */
  topology?: Topology;
  policyText: string;
  /** The policy's file name in the folder; `policy.egress` by default. */
  policyFile?: string;
}

export type SaveProjectResult =
  | { ok: true; written: string[]; unchanged: string[] }
  | { ok: false; error: Diagnostic; written: string[] };

async function sameBytes(path: string, bytes: Uint8Array): Promise<boolean> {
  try {
    return Buffer.from(bytes).equals(await readFile(path));
  } catch {
    return false;
  }
}

export async function saveProject(
  dir: string,
  input: SaveProjectInput,
): Promise<SaveProjectResult> {
  const files: { path: string; bytes: Uint8Array }[] = [];
  const encoder = new TextEncoder();
  if (input.topology) {
    files.push({
      path: join(dir, 'topology.yaml'),
      bytes: encoder.encode(serializeTopology(input.topology)),
    });
  }
  files.push({
    path: join(dir, input.policyFile ?? 'policy.egress'),
    bytes: encoder.encode(input.policyText),
  });

  const written: string[] = [];
  const unchanged: string[] = [];
  let current = dir;
  try {
    await mkdir(dir, { recursive: true });
    for (const file of files) {
      current = file.path;
      if (await sameBytes(file.path, file.bytes)) {
        unchanged.push(file.path);
        continue;
      }
      await writeFileAtomic(file.path, file.bytes);
      written.push(file.path);
    }
  } catch (error) {
    const diagnostic = makeDiagnostic(
      PROJECT_DIAGNOSTICS.cannotWrite,
      { file: current, reason: describeIoFailure(error) },
      { file: current },
    );
    return { ok: false, error: diagnostic, written };
  }
  return { ok: true, written, unchanged };
}
