/**
 * `egress export --target all` on every core: the targets are independent, so worker
 * threads (export-worker.ts), each with the same `Project` built from the same texts, take
 * them one at a time from a shared queue, and the results come back in the registry's
 * order. Every target's files are the ones `Project.export` writes in this thread
 * (test/cli/export/parallel-export.test.ts compares them byte for byte). One target, one
 * core, or a build without the worker's bundle (the tests' TypeScript sources): this thread
 * exports, one target after another. `EGRESS_EXPORT_THREADS` sets the threads (the tests).
 *
 * Measured on 20,000 rules (the project of `npm run bench -- export`, 25 files, 377 MB): one
 * target after another 61–64 s, on two worker threads 44 s, the same files (`diff -r`). The
 * longest target (terraform-gcp, 12.5 s) bounds how unevenly the two queues can end.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ExportOptions, ExportResult } from '../../export/types.js';
import type { CheckedProject } from '../project.js';
import { projectTexts } from '../worker-project.js';
import type { ExportReply, ExportSetup } from './export-protocol.js';

const WORKER_URL = new URL('./export-worker.mjs', import.meta.url);
const MOST_WORKERS = 4;
/** Worker threads for the tests: 1 exports in this thread, more start that many whatever the cores. */
const THREADS = Number(process.env.EGRESS_EXPORT_THREADS) || undefined;

/**
 * Exports `targets` (known to the registry) in their order; `done` is called as each one
 * finishes, in any order.
 */
export async function exportTargets(
  project: CheckedProject,
  targets: readonly string[],
  options: ExportOptions,
  done: () => void,
): Promise<ExportResult[]> {
  const workers = Math.min(THREADS ?? availableParallelism(), targets.length, MOST_WORKERS);
  if (workers < 2 || !existsSync(WORKER_URL)) {
    return targets.map((target) => {
      const result = project.checked.export(target, options)!;
      done();
      return result;
    });
  }
  const setup: ExportSetup = { ...projectTexts(project), options };
  const results: ExportResult[] = new Array(targets.length);
  let next = 0;
  const threads = Array.from(
    { length: workers },
    () => new Worker(WORKER_URL, { workerData: setup }),
  );
  try {
    await Promise.all(
      threads.map(async (worker) => {
        while (next < targets.length) {
          const index = next++;
          results[index] = await exportOne(worker, targets[index]!);
          done();
        }
      }),
    );
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
  return results;
}

function exportOne(worker: Worker, target: string): Promise<ExportResult> {
  return new Promise((resolve, reject) => {
    const cleanUp = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
    };
    const onMessage = (reply: ExportReply) => {
      cleanUp();
      if (reply.kind === 'result') {
        resolve(reply.result);
        return;
      }
      // An exporter failing is a bug, not the user's: it surfaces as it would in this thread.
      const error = new Error(`export ${target}: ${reply.message}`);
      if (reply.stack !== undefined) error.stack = reply.stack;
      reject(error);
    };
    const onError = (error: Error) => {
      cleanUp();
      reject(error);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.postMessage({ target });
  });
}
