/**
 * `Cache`: a content-addressed, on-disk store of compiled objects whose faults are misses.
 *
 * Layout of a cache folder:
 *
 * ```
 * <dir>/<engine>/<first 2 hex of key>/<key>   one entry (see _entry.ts)
 * <dir>/<engine>/<2 hex>/.tmp-<key>-<pid>-…   an entry being written, renamed into place
 * <dir>/.stats/                               persistent statistics (see _stats.ts)
 * ```
 *
 * Recency is the entry file's mtime, refreshed by a hit once it is a minute old (the `fstat` that
 * sizes the read tells its age, so a hot entry costs no write); eviction removes the least recently
 * used entries (of every engine folder) once the folder holds more than `maxBytes`. Both need no
 * shared index, so any number of processes can use one folder at once: writes are whole-file
 * renames, and a reader sees either a whole entry or none.
 *
 * @module
 */

import { join } from "node:path";
import type { CompileInput } from "../settings.ts";
import { cacheKey, frozenCopy } from "./key.ts";
import { encodeEntry, engineFolder } from "./_entry.ts";
import { type ReadEntry, readEntry } from "./_read.ts";
import { type CacheFs, denoFs, describeError, isNotFound } from "./_fs.ts";
import { addCounters, type CacheCounters, StatsStore, zeroCounters } from "./_stats.ts";
import { type GcReport, scanAndEvict } from "./_gc.ts";
import { verifyEntries, type VerifyReport } from "./_verify.ts";

export type { CacheCounters, CacheFs, GcReport, VerifyReport };

/** Default size limit: 1 GiB. */
export const DEFAULT_MAX_BYTES = 1024 ** 3;

/** Options of a `Cache`. */
export interface CacheOptions {
  /** The cache folder; created on first store. */
  readonly dir: string;
  /** Size limit of all entries in `dir`, in bytes (default `DEFAULT_MAX_BYTES`). */
  readonly maxBytes?: number;
  /** The key function: `cacheKey` unless a test substitutes a mutant. */
  readonly key?: (input: CompileInput) => string;
  /** Where warnings go (default `console.warn`); each kind of fault warns once per Cache. */
  readonly warn?: (message: string) => void;
  /** The file-system layer (default: the real one); tests inject faults through it. */
  readonly fs?: CacheFs;
}

/** What `stats` reports: the persistent counters plus what the folder holds now. */
export interface CacheStats extends CacheCounters {
  readonly entries: number;
  readonly bytes: number;
}

/** The function that computes an entry on a miss. */
export type Compute = (input: CompileInput) => Uint8Array | Promise<Uint8Array>;

type WarningKind = "corrupt" | "write" | "input" | "stats" | "gc";

/**
 * A rescan of the folder's size happens after this many stores at the latest, or after a
 * quarter as many stores as the folder held entries at the last scan, whichever is more: a
 * scan costs a stat per entry, so this keeps its amortised cost per store constant while other
 * processes' writes are still noticed.
 */
const RESCAN_EVERY = 64;
/** A hit refreshes the entry's mtime (its recency) only when it is at least this old. */
const REFRESH_AFTER_MS = 60_000;
/** Counts are written at most this often (a miss writes at once if the last write is older). */
const STATS_DELAY_MS = 1000;

/** A compile cache in one folder. */
export class Cache {
  readonly #dir: string;
  readonly #maxBytes: number;
  readonly #key: (input: CompileInput) => string;
  readonly #warn: (message: string) => void;
  readonly #fs: CacheFs;
  readonly #stats: StatsStore;
  readonly #warned = new Set<WarningKind>();
  #pending = zeroCounters();
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  #lastFlush = 0;
  #approxBytes: number | undefined;
  #storesSinceScan = 0;
  /** The scan in progress, which every caller of `gc` meanwhile awaits. */
  #scan: Promise<GcReport> | undefined;
  #entriesAtScan = 0;
  readonly #onUnload = () => this.#flushOnExit();

  constructor(options: CacheOptions) {
    this.#dir = options.dir;
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.#key = options.key ?? cacheKey;
    this.#warn = options.warn ?? ((message) => console.warn(message));
    this.#fs = options.fs ?? denoFs;
    this.#stats = new StatsStore(
      this.#fs,
      this.#dir,
      (message) => this.#warnOnce("stats", message),
    );
    if (!(this.#maxBytes >= 0)) throw new TypeError(`Cannot use maxBytes ${options.maxBytes}`);
    globalThis.addEventListener("unload", this.#onUnload);
  }

  /** The cache folder. */
  get dir(): string {
    return this.#dir;
  }

  /**
   * The object for `input`: the stored entry when a verified one exists, else `compute(input)`,
   * which is then stored. `compute` receives a deep-frozen copy of `input`. Any fault of the
   * disk or of a concurrent process is a miss and one warning, never an error or wrong bytes.
   *
   * @throws {TypeError} when `input` holds a value the key cannot encode exactly, or `compute`
   *   does not return a Uint8Array. Whatever `compute` throws propagates.
   */
  async load(input: CompileInput, compute: Compute): Promise<Uint8Array> {
    const key = this.#checkedKey(input);
    const path = this.#entryPath(input.engine, key);
    const hit = await this.#read(path, { key, engine: input.engine });
    if (hit !== undefined) {
      this.#count("hits");
      return hit;
    }
    const frozen = frozenCopy(input);
    const sameInput = this.#key(frozen) === key;
    this.#count("misses");
    const result = await compute(frozen);
    if (!(result instanceof Uint8Array)) {
      throw new TypeError("Cannot cache the result of compute: expected a Uint8Array");
    }
    if (sameInput && this.#key(frozen) === key) {
      await this.#store(path, { key, engine: input.engine }, result);
    } else {
      this.#warnOnce("input", "the input changed while it was being compiled; not stored");
    }
    if (Date.now() - this.#lastFlush >= STATS_DELAY_MS) await this.#flush();
    return result;
  }

  #checkedKey(input: CompileInput): string {
    const key = this.#key(input);
    if (!/^[0-9a-z]{2,128}$/.test(key)) {
      throw new TypeError(`Cannot use cache key "${key}": expected 2 to 128 of [0-9a-z]`);
    }
    return key;
  }

  #entryPath(engine: string, key: string): string {
    return join(this.#dir, engineFolder(engine), key.slice(0, 2), key);
  }

  async #read(path: string, name: { key: string; engine: string }) {
    let read: ReadEntry;
    try {
      const file = await this.#fs.open(path);
      try {
        read = readEntry(file, name);
      } finally {
        file.close();
      }
    } catch (error) {
      // No such entry, or a file in place of a folder on the way (repaired when storing).
      if (isNotFound(error) || error instanceof Deno.errors.NotADirectory) return undefined;
      await this.#discard(path, `unreadable (${describeError(error)})`, true);
      return undefined;
    }
    if ("fault" in read) {
      await this.#discard(path, read.fault, read.folder === true);
      return undefined;
    }
    // The mtime is the recency; refreshing it again within REFRESH_AFTER_MS changes no order
    // of eviction that matters, so a hot entry costs no write.
    if (read.mtime === null || Date.now() - read.mtime.getTime() >= REFRESH_AFTER_MS) {
      await this.#fs.utime(path, new Date()).catch((error) => this.#writeFault(error));
    }
    return read.payload;
  }

  /** Counts, reports and removes a bad entry, so it is replaced even if compute fails. */
  async #discard(path: string, fault: string, recursive: boolean): Promise<void> {
    this.#count("corrupt");
    this.#warnOnce("corrupt", `entry ${path} is damaged (${fault}); it was recomputed`);
    await this.#fs.remove(path, { recursive }).catch(() => {});
  }

  async #store(path: string, name: { key: string; engine: string }, payload: Uint8Array) {
    const folder = join(path, "..");
    const temp = join(folder, `.tmp-${name.key}-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`);
    const entry = encodeEntry(name, payload);
    try {
      await this.#writeNew(folder, temp, entry);
      await this.#fs.rename(temp, path);
    } catch (error) {
      await this.#fs.remove(temp, { recursive: false }).catch(() => {});
      this.#writeFault(error);
      return;
    }
    this.#count("bytesWritten", payload.length);
    await this.#keepSize(entry.length);
  }

  /**
   * Writes the new file `temp` in `folder`, creating the folder only when the write says it is
   * missing (or a file stands in its place): after the first stores it exists, and a `mkdir`
   * per store was a third of a store's file-system calls.
   */
  async #writeNew(folder: string, temp: string, entry: Uint8Array): Promise<void> {
    try {
      await this.#fs.writeFile(temp, entry, { createNew: true });
    } catch (error) {
      if (!isNotFound(error) && !(error instanceof Deno.errors.NotADirectory)) throw error;
      await this.#makeFolder(folder);
      await this.#fs.writeFile(temp, entry, { createNew: true });
    }
  }

  /** Creates `folder`; a file in its place (not a folder) is a fault to repair. */
  async #makeFolder(folder: string): Promise<void> {
    try {
      await this.#fs.mkdir(folder);
    } catch (error) {
      const info = await this.#fs.stat(folder).catch(() => undefined);
      if (info === undefined || info.isDirectory) throw error;
      await this.#discard(folder, "a file where a folder should be", false);
      await this.#fs.mkdir(folder);
    }
  }

  #writeFault(error: unknown): void {
    if (isNotFound(error)) return; // evicted or replaced by another process meanwhile
    this.#warnOnce("write", `cannot write to ${this.#dir} (${describeError(error)}); not cached`);
  }

  async #keepSize(added: number): Promise<void> {
    this.#storesSinceScan++;
    if (this.#approxBytes !== undefined) this.#approxBytes += added;
    const rescanAfter = Math.max(RESCAN_EVERY, this.#entriesAtScan / 4);
    const stale = this.#approxBytes === undefined || this.#storesSinceScan >= rescanAfter;
    if (stale || this.#approxBytes! > this.#maxBytes) await this.gc();
  }

  /**
   * Scans the folder: evicts least-recently-used entries while it holds more than `maxBytes`
   * (down to 90% of it), removes temporary files of writers that died, and compacts statistics.
   */
  gc(): Promise<GcReport> {
    // Concurrent loads that each find the size stale share one scan, not one scan each.
    this.#scan ??= this.#gc().finally(() => this.#scan = undefined);
    return this.#scan;
  }

  async #gc(): Promise<GcReport> {
    const report = await scanAndEvict(this.#fs, this.#dir, { maxBytes: this.#maxBytes });
    this.#approxBytes = report.bytes;
    this.#entriesAtScan = report.entries;
    this.#storesSinceScan = 0;
    this.#count("evictions", report.evicted);
    this.#count("bytesEvicted", report.evictedBytes);
    if (report.removedTemps > 0) {
      this.#warnOnce("gc", `removed ${report.removedTemps} temporary files of interrupted writers`);
    }
    if (report.failures > 0) {
      this.#warnOnce("gc", `could not remove ${report.failures} files from ${this.#dir}`);
    }
    await this.#flush();
    await this.#stats.compact().catch((error) => this.#statsFault(error));
    return report;
  }

  /**
   * Re-reads every entry of every engine folder and checks it in full, the payload's SHA-256
   * included (a hit checks the CRC-32 only); removes the damaged ones and counts them as corrupt.
   */
  async verify(): Promise<VerifyReport> {
    const report = await verifyEntries(this.#fs, this.#dir);
    this.#count("corrupt", report.damaged.length);
    await this.#flush();
    return report;
  }

  /** The persistent counters of the folder (all processes) and what it holds now. */
  async stats(): Promise<CacheStats> {
    await this.#flush();
    const counters = await this.#stats.read();
    const scan = await scanAndEvict(this.#fs, this.#dir, { maxBytes: Infinity, readOnly: true });
    return { ...counters, entries: scan.entries, bytes: scan.bytes };
  }

  /** Removes every entry and the statistics. */
  async clear(): Promise<void> {
    this.#pending = zeroCounters();
    let names: string[] = [];
    try {
      names = (await this.#fs.readDir(this.#dir)).map((entry) => entry.name);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    for (const name of names) await this.#fs.remove(join(this.#dir, name), { recursive: true });
    this.#approxBytes = 0;
  }

  /** Writes the pending statistics and stops the timers. Call it when done. */
  async close(): Promise<void> {
    globalThis.removeEventListener("unload", this.#onUnload);
    await this.#flush();
  }

  #count(name: keyof CacheCounters, amount = 1): void {
    if (amount === 0) return;
    this.#pending[name] += amount;
    if (this.#flushTimer === undefined) {
      const timer = setTimeout(() => void this.#flush(), STATS_DELAY_MS);
      Deno.unrefTimer(timer);
      this.#flushTimer = timer;
    }
  }

  async #flush(): Promise<void> {
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    this.#lastFlush = Date.now();
    const delta = this.#pending;
    this.#pending = zeroCounters();
    try {
      await this.#stats.write(delta);
    } catch (error) {
      addCounters(this.#pending, delta); // keep the counts for the next attempt
      this.#statsFault(error);
    }
  }

  /** Statistics that cannot be written are kept for the next flush. */
  #statsFault(error: unknown): void {
    this.#warnOnce("write", `cannot write to ${this.#dir} (${describeError(error)}); not cached`);
  }

  /** At process exit: the pending counts, written synchronously to a delta file. */
  #flushOnExit(): void {
    clearTimeout(this.#flushTimer);
    const delta = this.#pending;
    if (Object.values(delta).every((count) => count === 0) || this.#fs !== denoFs) return;
    try {
      const dir = join(this.#dir, ".stats");
      const name = `${Deno.pid}-${crypto.randomUUID().slice(0, 8)}-0.json`;
      Deno.mkdirSync(dir, { recursive: true });
      Deno.writeTextFileSync(join(dir, `.tmp-${name}`), JSON.stringify(delta));
      Deno.renameSync(join(dir, `.tmp-${name}`), join(dir, name));
    } catch {
      // The process is exiting: there is no one left to warn.
    }
  }

  #warnOnce(kind: WarningKind, message: string): void {
    if (this.#warned.has(kind)) return;
    this.#warned.add(kind);
    this.#warn(`Ingot cache: ${message}`);
  }
}
