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

/** A file open for reading; `readSync` fills `into` from the current position. */
export interface CacheReader {
  /** What `stat` reported on the open file (no second path lookup). */
  readonly info: CacheFileInfo;
  /** The number of bytes read, or `null` at the end of the file. */
  readSync(into: Uint8Array): number | null;
  close(): void;
}

/** The file operations of the cache; every one may reject with a `Deno.errors` error. */
export interface CacheFs {
  readFile(path: string): Promise<Uint8Array>;
  /** Opens `path` for reading and stats it. */
  open(path: string): Promise<CacheReader>;
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

/** `path` opened read-only, with the `fstat` of the open file. */
function openReader(path: string): CacheReader {
  const file = Deno.openSync(path, { read: true });
  try {
    const info = file.statSync();
    return {
      info,
      readSync: (into) => file.readSync(into),
      close: () => file.close(),
    };
  } catch (error) {
    file.close();
    throw error;
  }
}

/**
 * The real file system, through Deno. The calls on a hit's path (open, stat, utime) are the
 * synchronous ones: each is one short system call, cheaper than the round trip through Deno's
 * I/O thread pool (see `_read.ts`).
 */
export const denoFs: CacheFs = {
  readFile: (path) => settled(() => Deno.readFileSync(path)),
  open: (path) => settled(() => openReader(path)),
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
