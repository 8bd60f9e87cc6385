/**
 * Persistent cache statistics, safe with many concurrent processes.
 *
 * Each `Cache` keeps its counts in memory and, now and then, writes what it counted since its
 * last write as a new delta file `<dir>/.stats/<pid>-<random>-<seq>.json` (temporary file, then
 * rename), so no two writers ever touch the same file and no count is lost or read half-written.
 * The totals are `base.json` plus every delta file. Compaction folds delta files into `base.json`
 * under an exclusive lock file; `base.json` lists the delta files it already holds, so a
 * compaction that dies between writing the base and removing the deltas never counts twice.
 *
 * @module
 */

import { join } from "node:path";
import { type CacheFs, isNotFound } from "./_fs.ts";

/** The counters of a cache folder. */
export interface CacheCounters {
  hits: number;
  misses: number;
  /** Entries that failed to read, parse or verify (each one was a miss too). */
  corrupt: number;
  evictions: number;
  /** Payload bytes stored. */
  bytesWritten: number;
  /** Entry bytes removed by eviction. */
  bytesEvicted: number;
}

/** Counters that start at zero. */
export function zeroCounters(): CacheCounters {
  return { hits: 0, misses: 0, corrupt: 0, evictions: 0, bytesWritten: 0, bytesEvicted: 0 };
}

const COUNTER_NAMES = Object.keys(zeroCounters()) as (keyof CacheCounters)[];

/** Adds `delta` into `total`. */
export function addCounters(total: CacheCounters, delta: CacheCounters): void {
  for (const name of COUNTER_NAMES) total[name] += delta[name];
}

function isZero(counters: CacheCounters): boolean {
  return COUNTER_NAMES.every((name) => counters[name] === 0);
}

/** Reads counters from JSON text, or returns undefined when the text is not counters. */
function parseCounters(value: unknown): CacheCounters | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const counters = zeroCounters();
  for (const name of COUNTER_NAMES) {
    const count = (value as Record<string, unknown>)[name];
    if (typeof count !== "number" || !Number.isSafeInteger(count) || count < 0) return undefined;
    counters[name] = count;
  }
  return counters;
}

interface Base {
  readonly counters: CacheCounters;
  /** Delta files already folded into `counters`. */
  readonly merged: readonly string[];
}

const BASE = "base.json";
const LOCK = "compact.lock";
/** A lock older than this belongs to a compaction that died; it is broken. */
const STALE_LOCK_MS = 10 * 60 * 1000;

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** The statistics store of one cache folder. */
export class StatsStore {
  readonly #fs: CacheFs;
  readonly #dir: string;
  readonly #onDamage: (message: string) => void;
  readonly #writer = `${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;
  #sequence = 0;

  constructor(fs: CacheFs, dir: string, onDamage: (message: string) => void) {
    this.#fs = fs;
    this.#onDamage = onDamage;
    this.#dir = join(dir, ".stats");
  }

  /** Writes `delta` as a new delta file. Rejects on a file-system failure. */
  async write(delta: CacheCounters): Promise<void> {
    if (isZero(delta)) return;
    const name = `${this.#writer}-${this.#sequence++}.json`;
    await this.#atomicWrite(name, JSON.stringify(delta));
  }

  async #atomicWrite(name: string, text: string): Promise<void> {
    await this.#fs.mkdir(this.#dir);
    const temp = join(this.#dir, `.tmp-${this.#writer}-${name}`);
    try {
      await this.#fs.writeFile(temp, encoder.encode(text), { createNew: false });
      await this.#fs.rename(temp, join(this.#dir, name));
    } catch (error) {
      await this.#fs.remove(temp, { recursive: false }).catch(() => {});
      throw error;
    }
  }

  async #readJson(name: string): Promise<unknown> {
    return JSON.parse(decoder.decode(await this.#fs.readFile(join(this.#dir, name))));
  }

  /** The base; a damaged one (only a failing disk makes one) counts as zero, with a warning. */
  async #readBase(): Promise<Base> {
    try {
      const value = await this.#readJson(BASE) as { counters?: unknown; merged?: unknown };
      const counters = parseCounters(value?.counters);
      const merged = Array.isArray(value?.merged) ? value.merged.map(String) : [];
      if (counters !== undefined) return { counters, merged };
    } catch (error) {
      if (isNotFound(error)) return { counters: zeroCounters(), merged: [] };
      if (!(error instanceof SyntaxError)) throw error;
    }
    this.#onDamage(`statistics file ${join(this.#dir, BASE)} is damaged; its counts are lost`);
    return { counters: zeroCounters(), merged: [] };
  }

  async #deltaNames(): Promise<string[]> {
    try {
      const entries = await this.#fs.readDir(this.#dir);
      return entries.filter((entry) => entry.isFile && /^\d+-[0-9a-f]+-\d+\.json$/.test(entry.name))
        .map((entry) => entry.name).sort();
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }

  /**
   * The persisted totals. Delta files are listed before the base is read, so a concurrent
   * compaction can only make a listed file vanish; then the read starts over.
   */
  async read(): Promise<CacheCounters> {
    for (let attempt = 0;; attempt++) {
      const names = await this.#deltaNames();
      const base = await this.#readBase();
      const total = { ...base.counters };
      try {
        for (const name of names) {
          if (base.merged.includes(name)) continue;
          const delta = parseCounters(await this.#readJson(name));
          if (delta !== undefined) addCounters(total, delta);
        }
        return total;
      } catch (error) {
        if (!isNotFound(error) || attempt >= 5) throw error;
      }
    }
  }

  /** Folds delta files into the base when no other process is compacting. */
  async compact(): Promise<void> {
    if (!await this.#lock()) return;
    try {
      const names = await this.#deltaNames();
      const base = await this.#readBase();
      const counters = { ...base.counters };
      const merged: string[] = [];
      for (const name of names) {
        if (base.merged.includes(name)) continue;
        const delta = parseCounters(await this.#readJson(name).catch(() => undefined));
        if (delta !== undefined) addCounters(counters, delta);
        merged.push(name);
      }
      const stillThere = base.merged.filter((name) => names.includes(name));
      await this.#atomicWrite(
        BASE,
        JSON.stringify({ counters, merged: [...stillThere, ...merged] }),
      );
      for (const name of [...stillThere, ...merged]) {
        await this.#fs.remove(join(this.#dir, name), { recursive: false }).catch(() => {});
      }
    } finally {
      await this.#fs.remove(join(this.#dir, LOCK), { recursive: false }).catch(() => {});
    }
  }

  /** Takes the compaction lock; breaks a lock left by a compaction that died. */
  async #lock(): Promise<boolean> {
    await this.#fs.mkdir(this.#dir);
    const path = join(this.#dir, LOCK);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.#fs.writeFile(path, encoder.encode(this.#writer), { createNew: true });
        return true;
      } catch (error) {
        if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
        const info = await this.#fs.stat(path).catch(() => undefined);
        const age = Date.now() - (info?.mtime?.getTime() ?? Date.now());
        if (age < STALE_LOCK_MS) return false;
        await this.#fs.remove(path, { recursive: false }).catch(() => {});
      }
    }
    return false;
  }
}
