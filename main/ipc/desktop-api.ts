/**
 * The API the preload puts on `window.egressStudio`: one method per task, nothing raw.
 * It is built from a transport (in the preload, `ipcRenderer.invoke` and a command
 * buffer) so this module never imports electron and can be tested in Node; the renderer
 * imports only its type (`DesktopApi`), so implementation and caller cannot drift.
 */
import { TASK_CHANNELS, type DesktopTask } from './channels.js';
import type { CommandListener } from './command-buffer.js';
import type { Reply } from './reply.js';
import type { DesktopRequests } from './requests.js';
import type { DesktopResponses, ProjectFilesDto } from './responses.js';

export interface DesktopTransport {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  onCommand(listener: CommandListener): () => void;
}

function isReply(value: unknown): value is Reply<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { ok?: unknown }).ok === 'boolean'
  );
}

export function createDesktopApi(transport: DesktopTransport) {
  async function call<K extends DesktopTask>(
    task: K,
    request: DesktopRequests[K],
  ): Promise<DesktopResponses[K]> {
    const reply = await transport.invoke(TASK_CHANNELS[task], request);
    if (!isReply(reply)) throw new Error(`The app answered ${task} with something unexpected.`);
    // Only the message crosses the context bridge intact; it is written for the user.
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.value as DesktopResponses[K];
  }

  return Object.freeze({
    /** Asks for a project folder in a system dialog and reads it; null when cancelled. */
    openProjectFolder: () => call('openProjectFolder', {}),
    /** Reopens a project of the recent list by its id; null when it is no longer there. */
    openRecentProject: (id: string) => call('openRecentProject', { id }),
    listRecentProjects: () => call('listRecentProjects', {}),
    /** Saves into `folder` (from an open or earlier save), or asks where when it is null. */
    saveProject: (folder: string | null, project: ProjectFilesDto) =>
      call('saveProject', { folder, project }),
    /** Checks, tests and simulates the project on disk in `folder` (opened or saved before). */
    checkProjectFolder: (folder: string) => call('checkProjectFolder', { folder }),
    /** Asks for a folder and writes the files into it (confirming foreign files, offering git). */
    exportToFolder: (suggestedName: string, files: { path: string; content: string }[]) =>
      call('exportToFolder', { suggestedName, files }),
    /** Asks for one text file with one of `extensions`; null when cancelled. */
    openTextFile: (extensions: string[]) => call('openTextFile', { extensions }),
    revealInFileManager: (path: string) => call('revealInFileManager', { path }),
    appVersion: () => call('appVersion', {}),
    /** Menu and command-line requests; returns the function that unsubscribes. */
    onCommand: (listener: CommandListener) => transport.onCommand(listener),
  });
}

export type DesktopApi = ReturnType<typeof createDesktopApi>;
