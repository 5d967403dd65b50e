/**
 * The one registry of IPC channels (one typed, task-shaped bridge, as Electron Fiddle's preload). Each task
 * the renderer may ask of the main process has exactly one channel; the `Record` makes a
 * task without a channel a compile error, and the shared prefix lets main refuse anything
 * else at a glance. This module imports nothing: the sandboxed preload bundles it.
 */
export const DESKTOP_TASKS = [
  'openProjectFolder',
  'openRecentProject',
  'listRecentProjects',
  'saveProject',
  'checkProjectFolder',
  'exportToFolder',
  'openTextFile',
  'revealInFileManager',
  'appVersion',
] as const;

export type DesktopTask = (typeof DESKTOP_TASKS)[number];

export const CHANNEL_PREFIX = 'egress-studio:';

type Channel = `${typeof CHANNEL_PREFIX}${string}`;

export const TASK_CHANNELS: Readonly<Record<DesktopTask, Channel>> = Object.freeze({
  openProjectFolder: 'egress-studio:open-project-folder',
  openRecentProject: 'egress-studio:open-recent-project',
  listRecentProjects: 'egress-studio:list-recent-projects',
  saveProject: 'egress-studio:save-project',
  checkProjectFolder: 'egress-studio:check-project-folder',
  exportToFolder: 'egress-studio:export-to-folder',
  openTextFile: 'egress-studio:open-text-file',
  revealInFileManager: 'egress-studio:reveal-in-file-manager',
  appVersion: 'egress-studio:app-version',
});

/** Main → renderer: a menu item or the operating system asks the app to do something. */
export const COMMAND_CHANNEL: Channel = 'egress-studio:command';

const TASK_BY_CHANNEL = new Map<string, DesktopTask>(
  DESKTOP_TASKS.map((task) => [TASK_CHANNELS[task], task]),
);

/** The task a channel belongs to, or undefined for any other string (or non-string). */
export function taskForChannel(channel: unknown): DesktopTask | undefined {
  return typeof channel === 'string' ? TASK_BY_CHANNEL.get(channel) : undefined;
}
