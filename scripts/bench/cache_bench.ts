/**
 * Benchmark of a cache hit against its floor: SHA-256 of the input plus one read of a file of
 * the entry's size. The floor is measured with a synchronous and with an asynchronous read
 * (`Deno.readFileSync`, `Deno.readFile`); `floorMs` and `ratio` use the cheaper of the two. A
 * hit does that and also opens the file, checks its header and CRC-32 (engine/cache/_entry.ts)
 * and counts itself. Every timing is interleaved with the others (the order rotates each
 * run) and compared as medians, since this machine's timings are noisy. A small entry's hit is
 * measured the same way.
 *
 * Run: `deno run --allow-all scripts/bench/cache_bench.ts`.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { join } from "node:path";
import { Cache } from "../../engine/cache/mod.ts";
import { DEFAULT_SETTINGS, hostTarget } from "../../engine/settings.ts";
import type { CompileInput } from "../../engine/settings.ts";
import { median } from "./_median.ts";

/** What `benchCacheHit` measured (times are medians in milliseconds). */
export interface CacheHitBench {
  readonly wasmBytes: number;
  readonly entryBytes: number;
  readonly runs: number;
  /** `cache.load` of a stored entry. */
  readonly hitMs: number;
  /** The cheaper of `floorSyncMs` and `floorAsyncMs` (named by `floorRead`). */
  readonly floorMs: number;
  /** hitMs / floorMs. */
  readonly ratio: number;
  /** SHA-256 of the wasm bytes plus one `Deno.readFileSync` of a file the entry's size. */
  readonly floorSyncMs: number;
  /** SHA-256 of the wasm bytes plus one `Deno.readFile` of a file the entry's size. */
  readonly floorAsyncMs: number;
  /** Which read `floorMs` (and so `ratio`) uses. */
  readonly floorRead: "sync" | "async";
  /** SHA-256 of the wasm bytes alone. */
  readonly inputSha256Ms: number;
  /** `Deno.readFileSync` of a file the entry's size alone. */
  readonly readSyncMs: number;
  /** The same measures for a small module whose object is as small. */
  readonly small: {
    readonly wasmBytes: number;
    readonly entryBytes: number;
    readonly hitMs: number;
    /** SHA-256 of the wasm bytes plus one `Deno.readFileSync` of a file the entry's size. */
    readonly floorMs: number;
    readonly ratio: number;
  };
}

/** Rounds of every measure run before the counted ones. */
const WARM_UP = 5;

function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < length; index++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[index] = state & 0xff;
  }
  return bytes;
}

async function time(action: () => unknown): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

function sha256(bytes: Uint8Array): Uint8Array {
  return createHash("sha256").update(bytes).digest();
}

/** A folder holding a cache with one entry of `wasmBytes`, and a plain file of its size. */
async function setUp(dir: string, wasmBytes: number, seed: number) {
  const input: CompileInput = {
    wasm: pseudoRandomBytes(wasmBytes, seed),
    settings: DEFAULT_SETTINGS,
    target: hostTarget(),
    engine: "ingot-bench",
  };
  const cache = new Cache({ dir: join(dir, `cache-${seed}`) });
  await cache.load(input, () => pseudoRandomBytes(wasmBytes, seed + 1));
  const entryBytes = (await cache.stats()).bytes;
  const plain = join(dir, `plain-${seed}`);
  await Deno.writeFile(plain, pseudoRandomBytes(entryBytes, seed + 2));
  const hit = () => cache.load(input, () => Promise.reject(new Error("miss")));
  return { input, cache, entryBytes, plain, hit };
}

/**
 * Measures hits of a `wasmBytes`-byte module (at least 1 MB) whose object is as large, and of a
 * `smallBytes`-byte one (default 20 KB), `runs` times each (default 41, at least 15).
 */
export async function benchCacheHit(
  options: { wasmBytes?: number; smallBytes?: number; runs?: number } = {},
): Promise<CacheHitBench> {
  const wasmBytes = Math.max(options.wasmBytes ?? 1 << 21, 1 << 20);
  const runs = Math.max(options.runs ?? 41, 15);
  const dir = await Deno.makeTempDir({ prefix: "ingot-cache-bench-" });
  const big = await setUp(dir, wasmBytes, 1);
  const small = await setUp(dir, options.smallBytes ?? 20_000, 11);
  try {
    const wasm = big.input.wasm;
    const measures: Record<string, () => unknown> = {
      hit: big.hit,
      floorSync: () => (sha256(wasm), Deno.readFileSync(big.plain)),
      floorAsync: () => (sha256(wasm), Deno.readFile(big.plain)),
      inputSha256: () => sha256(wasm),
      readSync: () => Deno.readFileSync(big.plain),
      smallHit: small.hit,
      smallFloor: () => (sha256(small.input.wasm), Deno.readFileSync(small.plain)),
    };
    const names = Object.keys(measures);
    const times = new Map(names.map((name) => [name, [] as number[]]));
    // The first WARM_UP rounds are not counted: they measure V8 compiling the cache's code,
    // which the floor (native hashing and reading) does not have.
    for (let run = -WARM_UP; run < runs; run++) {
      for (let step = 0; step < names.length; step++) {
        const name = names[(run + WARM_UP + step) % names.length]!;
        const ms = await time(measures[name]!);
        if (run >= 0) times.get(name)!.push(ms);
      }
    }
    const at = (name: string) => median(times.get(name)!);
    const floorRead = at("floorSync") <= at("floorAsync") ? "sync" : "async";
    const floorMs = Math.min(at("floorSync"), at("floorAsync"));
    return {
      wasmBytes,
      entryBytes: big.entryBytes,
      runs,
      hitMs: at("hit"),
      floorMs,
      ratio: at("hit") / floorMs,
      floorSyncMs: at("floorSync"),
      floorAsyncMs: at("floorAsync"),
      floorRead,
      inputSha256Ms: at("inputSha256"),
      readSyncMs: at("readSync"),
      small: {
        wasmBytes: small.input.wasm.length,
        entryBytes: small.entryBytes,
        hitMs: at("smallHit"),
        floorMs: at("smallFloor"),
        ratio: at("smallHit") / at("smallFloor"),
      },
    };
  } finally {
    await big.cache.close();
    await small.cache.close();
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  console.log(await benchCacheHit());
}
