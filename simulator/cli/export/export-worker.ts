/**
 * A worker thread of `egress export --target all` (parallel-export.ts): builds the same
 * `Project` from the texts it is given, then exports each target it is sent, one at a time,
 * answering with the files and the fidelity report.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { projectFromTexts } from '../worker-project.js';
import type { ExportReply, ExportSetup, ExportTask } from './export-protocol.js';

const setup = workerData as ExportSetup;
const port = parentPort!;
const project = projectFromTexts(setup);

port.on('message', (task: ExportTask) => {
  let reply: ExportReply;
  try {
    const result = project.export(task.target, setup.options);
    reply =
      result === undefined
        ? { kind: 'failed', message: `unknown target ${task.target}` }
        : { kind: 'result', result };
  } catch (error) {
    const e = error as Error;
    reply = { kind: 'failed', message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
  }
  port.postMessage(reply);
});
