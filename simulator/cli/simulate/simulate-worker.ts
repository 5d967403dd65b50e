/**
 * A worker thread of `egress simulate` (parallel-simulate.ts): builds the same project and
 * matcher from the texts it is given, then reads, decides and formats the pieces of flow files
 * it is sent, one at a time, answering each with its output bytes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { projectFromTexts } from '../worker-project.js';
import type { ChunkResult, ChunkTask, WorkerReply, WorkerSetup } from './chunk-protocol.js';
import { chunkDecider, decideChunk } from './decide-chunk.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;
const project = projectFromTexts(setup);
const decider = chunkDecider(project, project.matcher(), setup);

port.on('message', (task: ChunkTask) => {
  let result: ChunkResult;
  try {
    result = decideChunk(task, decider);
  } catch (error) {
    port.postMessage({ kind: 'failed', message: (error as Error).message } satisfies WorkerReply);
    return;
  }
  // Moved, not copied: the output, the counts (as long as the policy at 10,000 rules), and
  // the piece's own bytes, to be read into again.
  port.postMessage({ kind: 'result', result } satisfies WorkerReply, [
    result.output.buffer as ArrayBuffer,
    result.flowsByDecision.buffer as ArrayBuffer,
    result.input,
  ]);
});
