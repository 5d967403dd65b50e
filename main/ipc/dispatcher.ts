/**
 * Turns an IPC message into a task call, treating everything from the renderer as
 * untrusted: the channel must be a registered one, there must be exactly one payload, and
 * the payload must match the task's schema exactly. Failures become clear `Reply` errors;
 * nothing here throws, so a bad message can never take the main process down.
 */
import { z } from 'zod';
import { taskForChannel, type DesktopTask } from './channels.js';
import type { Reply } from './reply.js';
import { REQUEST_SCHEMAS, type DesktopRequests } from './requests.js';
import type { DesktopResponses } from './responses.js';
import { WorkspaceError, errorMessage } from '../workspace/workspace-error.js';

export type TaskHandlers = {
  [K in DesktopTask]: (request: DesktopRequests[K]) => Promise<DesktopResponses[K]>;
};

export type Dispatch = (channel: unknown, args: readonly unknown[]) => Promise<Reply<unknown>>;

function refuse(code: WorkspaceError['code'], message: string): Reply<never> {
  return { ok: false, error: { code, message } };
}

export function createDispatcher(
  handlers: TaskHandlers,
  onUnexpected: (task: DesktopTask, error: unknown) => void = () => undefined,
): Dispatch {
  return async (channel, args) => {
    const task = taskForChannel(channel);
    if (task === undefined) {
      return refuse('unknown-channel', `Unknown IPC channel ${JSON.stringify(channel)}.`);
    }
    if (args.length !== 1) {
      return refuse('invalid-request', `${task} takes one request object, got ${args.length}.`);
    }
    const parsed = REQUEST_SCHEMAS[task].safeParse(args[0]);
    if (!parsed.success) {
      return refuse('invalid-request', `Invalid ${task} request: ${z.prettifyError(parsed.error)}`);
    }
    try {
      const handler = handlers[task] as (request: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof WorkspaceError) return refuse(error.code, error.message);
      onUnexpected(task, error);
      return refuse('internal', `${task} failed unexpectedly: ${errorMessage(error)}`);
    }
  };
}
