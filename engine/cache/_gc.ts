/**
 * The folder scan behind size limits: totals the entries of every engine folder, evicts the
 * least recently used (oldest mtime) while the total exceeds the limit, and removes temporary
 * files that writers killed mid-write left behind.
 *
 * @module
 */

import { join } from "node:path";
import { type CacheFs, isNotFound } from "./_fs.ts";

/** What a scan found and did. */
export interface GcReport {
  /** Entries (of every engine) left in the folder. */
  readonly entries: number;
  /** Bytes of those entries. */
  readonly bytes: number;
  readonly evicted: number;
  readonly evictedBytes: number;
  /** Temporary files of interrupted writers removed. */
  readonly removedTemps: number;
  /** Files that could not be removed. */
  readonly failures: number;
}

/** Options of a scan. */
export interface ScanOptions {
  readonly maxBytes: number;
  /** Report only: remove nothing. */
  readonly readOnly?: boolean;
}

/** A temporary file older than this belongs to a writer that died. */
export const STALE_TEMP_MS = 60 * 60 * 1000;
/** Eviction stops once the total is at or below this share of the limit. */
const LOW_WATER = 0.9;

/** A file found by a scan. */
export interface Found {
  readonly path: string;
  readonly size: number;
  readonly mtime: number;
}

async function list(fs: CacheFs, path: string, directories: boolean): Promise<string[]> {
  try {
    const entries = await fs.readDir(path);
    return entries.filter((entry) => directories ? entry.isDirectory : entry.isFile)
      .map((entry) => entry.name);
  } catch (error) {
    if (isNotFound(error) || error instanceof Deno.errors.NotADirectory) return [];
    throw error;
  }
}

/** Every file two levels below each engine folder, plus the statistics temporaries. */
export async function findFiles(
  fs: CacheFs,
  dir: string,
): Promise<{ entries: Found[]; temps: Found[] }> {
  const entries: Found[] = [];
  const temps: Found[] = [];
  const folders: string[] = [join(dir, ".stats")];
  for (const engine of await list(fs, dir, true)) {
    if (engine.startsWith(".")) continue;
    for (const fan of await list(fs, join(dir, engine), true)) folders.push(join(dir, engine, fan));
  }
  for (const folder of folders) {
    const isStats = folder === join(dir, ".stats");
    for (const name of await list(fs, folder, false)) {
      const temp = name.startsWith(".tmp-");
      if (isStats && !temp) continue;
      const info = await fs.stat(join(folder, name)).catch(() => undefined);
      if (info === undefined) continue; // removed by another process meanwhile
      const found = {
        path: join(folder, name),
        size: info.size,
        mtime: info.mtime?.getTime() ?? 0,
      };
      (temp ? temps : entries).push(found);
    }
  }
  return { entries, temps };
}

async function removeAll(
  fs: CacheFs,
  files: Found[],
): Promise<{ removed: Found[]; failures: number }> {
  const removed: Found[] = [];
  let failures = 0;
  for (const file of files) {
    try {
      await fs.remove(file.path, { recursive: false });
      removed.push(file);
    } catch (error) {
      if (!isNotFound(error)) failures++;
    }
  }
  return { removed, failures };
}

/** Scans `dir` and, unless `readOnly`, evicts and removes stale temporaries. */
export async function scanAndEvict(
  fs: CacheFs,
  dir: string,
  options: ScanOptions,
): Promise<GcReport> {
  const { entries, temps } = await findFiles(fs, dir);
  let bytes = entries.reduce((total, entry) => total + entry.size, 0);
  if (options.readOnly) {
    return {
      entries: entries.length,
      bytes,
      evicted: 0,
      evictedBytes: 0,
      removedTemps: 0,
      failures: 0,
    };
  }
  const now = Date.now();
  const stale = await removeAll(fs, temps.filter((temp) => now - temp.mtime > STALE_TEMP_MS));
  const victims: Found[] = [];
  if (bytes > options.maxBytes) {
    entries.sort((a, b) => a.mtime - b.mtime || (a.path < b.path ? -1 : 1));
    for (const entry of entries) {
      if (bytes <= options.maxBytes * LOW_WATER) break;
      victims.push(entry);
      bytes -= entry.size;
    }
  }
  const evicted = await removeAll(fs, victims);
  return {
    entries: entries.length - victims.length,
    bytes,
    evicted: evicted.removed.length,
    evictedBytes: evicted.removed.reduce((total, entry) => total + entry.size, 0),
    removedTemps: stale.removed.length,
    failures: stale.failures + evicted.failures,
  };
}
