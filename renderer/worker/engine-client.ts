/**
 * The UI side of the engine worker: typed request → promise. The worker is created lazily
 * and once; a crashed worker rejects its pending requests with a readable message.
 */
import type {
  EngineRequest,
  EngineResults,
  ProgressOf,
  RequestEnvelope,
  RequestType,
  ResponseEnvelope,
} from './protocol.js';

type Pending = {
  resolve: (value: never) => void;
  reject: (e: Error) => void;
  progress: ((value: never) => void) | undefined;
};

export interface EngineClient {
  /** `onProgress` receives what a long request reports before its answer (protocol.ts). */
  request<T extends RequestType>(
    request: Extract<EngineRequest, { type: T }>,
    onProgress?: (progress: ProgressOf<T>) => void,
  ): Promise<EngineResults[T]>;
  dispose(): void;
}

export function createEngineClient(makeWorker: () => Worker): EngineClient {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const failAll = (message: string): void => {
    for (const p of pending.values()) p.reject(new Error(message));
    pending.clear();
  };

  const ensure = (): Worker => {
    if (worker) return worker;
    const w = makeWorker();
    w.addEventListener('message', (event: MessageEvent<ResponseEnvelope>) => {
      const response = event.data;
      const p = pending.get(response.id);
      if (!p) return;
      if ('progress' in response) {
        p.progress?.(response.progress as never);
        return;
      }
      pending.delete(response.id);
      if (response.ok) p.resolve(response.result as never);
      else p.reject(new Error(response.error));
    });
    w.addEventListener('error', (event) => {
      failAll(`The engine stopped: ${event.message || 'unknown error'}. Edit again to restart it.`);
      w.terminate();
      worker = null;
    });
    worker = w;
    return w;
  };

  return {
    request(request, onProgress) {
      const id = nextId++;
      const envelope: RequestEnvelope = { id, request };
      return new Promise((resolve, reject) => {
        pending.set(id, {
          resolve: resolve as (value: never) => void,
          reject,
          progress: onProgress as ((value: never) => void) | undefined,
        });
        ensure().postMessage(envelope);
      });
    },
    dispose() {
      failAll('The engine was closed.');
      worker?.terminate();
      worker = null;
    },
  };
}
