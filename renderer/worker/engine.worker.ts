/**
 * The engine in a Web Worker (docs/architecture.md): checking, testing, explaining and exporting run
 * here, so typing in the editor never blocks the canvas. Errors come back as messages,
 * never as an unhandled exception that would kill the worker.
 */
import { EngineSession } from './engine-handlers.js';
import type { RequestEnvelope, ResponseEnvelope } from './protocol.js';
import {
  PROJECT_WARM_UP_MIN_STATEMENTS,
  projectWarmUpSteps,
  runInSteps,
  syntheticPolicy,
  warmUpSteps,
} from './warm-up.js';

/** The example policies (bundled at build time), the warm-up's material. */
const samples = Object.values(
  import.meta.glob('../../policies/*/policy.egress', {
    query: '?raw',
    import: 'default',
    eager: true,
  }) as Record<string, string>,
);

const session = new EngineSession();
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<RequestEnvelope>) => void) | null;
  postMessage(message: ResponseEnvelope): void;
};

/** Stops the warm-up for the previous project, if one is still running. */
let stopProjectWarmUp = (): void => undefined;

scope.onmessage = (event) => {
  const { id, request } = event.data;
  if (request.type === 'simulate-logs') {
    // Streams its files: other requests are answered between its chunks.
    session
      .simulateLogs(request, (progress) => scope.postMessage({ id, progress }))
      .then((result) => scope.postMessage({ id, ok: true, result }))
      .catch((e: unknown) =>
        scope.postMessage({ id, ok: false, error: e instanceof Error ? e.message : String(e) }),
      );
    return;
  }
  try {
    scope.postMessage({ id, ok: true, result: session.handle(request) });
  } catch (e) {
    scope.postMessage({ id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
  if (request.type === 'analyze' && session.parsedStatements >= PROJECT_WARM_UP_MIN_STATEMENTS) {
    stopProjectWarmUp();
    stopProjectWarmUp = runInSteps(projectWarmUpSteps(request.project));
  }
};

runInSteps(warmUpSteps(samples));
runInSteps(warmUpSteps([syntheticPolicy(100)], 15));
