/**
 * The file-system layer the cache uses: the handful of Deno calls it makes, behind an interface
 * so tests can inject faults a real disk produces only rarely (a full disk, a read-only folder).
 *
 * @module
 */

/** One directory entry. */
export interface CacheDirEntry {
  readonly name: string;
  readonly isFile: boolean;
  readonly isDirectory: boolean;
}

/** What `stat` reports. */
export interface CacheFileInfo {
  readonly size: number;
  readonly mtime: Date | null;
  readonly isFile: boolean;
  readonly isDirectory: boolean;
}

/** The file operations of the cache; every one may reject with a `Deno.errors` error. */
export interface CacheFs {
  readFile(path: string): Promise<Uint8Array>;
  /** Writes a new file; fails if `path` exists when `createNew` is set. */
  writeFile(path: string, data: Uint8Array, options: { createNew: boolean }): Promise<void>;
  /** Atomically replaces `to` with `from` (same folder). */
  rename(from: string, to: string): Promise<void>;
  remove(path: string, options: { recursive: boolean }): Promise<void>;
  /** Creates `path` and its missing parents; succeeds if it exists as a folder. */
  mkdir(path: string): Promise<void>;
  readDir(path: string): Promise<CacheDirEntry[]>;
  stat(path: string): Promise<CacheFileInfo>;
  utime(path: string, time: Date): Promise<void>;
}

/** `action` run now, as a promise: its value, or its exception as a rejection. */
function settled<T>(action: () => T): Promise<T> {
  try {
    return Promise.resolve(action());
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * The real file system, through Deno. The calls on a hit's path (read, utime) are the
 * synchronous ones: a cache entry is one small file, and a synchronous read skips the
 * round trip through Deno's I/O thread pool, which costs more than the read itself.
 */
export const denoFs: CacheFs = {
  readFile: (path) => settled(() => Deno.readFileSync(path)),
  writeFile: (path, data, options) => Deno.writeFile(path, data, options),
  rename: (from, to) => Deno.rename(from, to),
  remove: (path, options) => Deno.remove(path, options),
  mkdir: (path) => Deno.mkdir(path, { recursive: true }),
  readDir: async (path) => {
    const entries: CacheDirEntry[] = [];
    for await (const entry of Deno.readDir(path)) entries.push(entry);
    return entries;
  },
  stat: (path) => Deno.stat(path),
  utime: (path, time) => settled(() => Deno.utimeSync(path, time, time)),
};

/** A short description of an error for a warning: its class and message. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Whether `error` says the path does not exist. */
export function isNotFound(error: unknown): boolean {
  return error instanceof Deno.errors.NotFound;
}
