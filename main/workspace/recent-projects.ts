/**
 * The recent-projects list (docs/architecture.md), kept as JSON in the app's data folder, most recent
 * first. Entries are absolute paths the user opened or saved through the app; the file is
 * validated on load, so a damaged file means an empty list.
 */
import { basename, isAbsolute } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from './json-store.js';

export const RECENT_LIMIT = 10;

const entrySchema = z.strictObject({
  path: z.string().min(1).max(4096).refine(isAbsolute, 'must be an absolute path'),
  name: z.string().min(1).max(255),
  openedAt: z.number().int().nonnegative(),
});
const fileSchema = z.strictObject({
  version: z.literal(1),
  entries: z.array(entrySchema).max(100),
});

export type RecentEntry = z.infer<typeof entrySchema>;

export class RecentProjects {
  private entries: RecentEntry[] = [];

  constructor(
    private readonly file: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Loads the list; returns why it was discarded, or null when it loaded (or was absent). */
  async load(): Promise<string | null> {
    const read = await readJsonFile(this.file, fileSchema);
    this.entries = read.ok ? read.value.entries.slice(0, RECENT_LIMIT) : [];
    return read.ok || read.reason === 'missing' ? null : read.reason;
  }

  list(): readonly RecentEntry[] {
    return this.entries;
  }

  find(path: string): RecentEntry | undefined {
    return this.entries.find((e) => e.path === path);
  }

  async add(path: string, name = basename(path)): Promise<void> {
    const rest = this.entries.filter((e) => e.path !== path);
    this.entries = [{ path, name, openedAt: this.now() }, ...rest].slice(0, RECENT_LIMIT);
    await this.persist();
  }

  async remove(path: string): Promise<void> {
    this.entries = this.entries.filter((e) => e.path !== path);
    await this.persist();
  }

  async clear(): Promise<void> {
    this.entries = [];
    await this.persist();
  }

  private persist(): Promise<void> {
    return writeJsonFile(this.file, { version: 1, entries: this.entries });
  }
}
