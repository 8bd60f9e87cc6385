/**
 * Benchmark of a cache hit against its floor: SHA-256 of the input plus one read of a file of
 * the entry's size (and, as the second floor, plus the payload's SHA-256 too). Timings are
 * interleaved and compared as medians, since this machine's timings are noisy.
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

/** What `benchCacheHit` measured (times are medians in milliseconds). */
export interface CacheHitBench {
  readonly wasmBytes: number;
  readonly entryBytes: number;
  readonly runs: number;
  /** `cache.load` of a stored entry. */
  readonly hitMs: number;
  /** SHA-256 of the wasm bytes plus one read of a file the entry's size. */
  readonly floorMs: number;
  /** The floor plus SHA-256 of the payload. */
  readonly floorWithChecksumMs: number;
  /** hitMs / floorMs. */
  readonly ratio: number;
  /** hitMs / floorWithChecksumMs. */
  readonly ratioWithChecksum: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

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

async function time(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

/** Measures hits of a `wasmBytes`-byte module (at least 1 MB) whose object is as large. */
export async function benchCacheHit(
  options: { wasmBytes?: number; runs?: number } = {},
): Promise<CacheHitBench> {
  const wasmBytes = Math.max(options.wasmBytes ?? 1 << 21, 1 << 20);
  const runs = options.runs ?? 15;
  const dir = await Deno.makeTempDir({ prefix: "ingot-cache-bench-" });
  const cache = new Cache({ dir });
  try {
    const input: CompileInput = {
      wasm: pseudoRandomBytes(wasmBytes, 1),
      settings: DEFAULT_SETTINGS,
      target: hostTarget(),
      engine: "ingot-bench",
    };
    const payload = pseudoRandomBytes(wasmBytes, 2);
    await cache.load(input, () => payload);
    const entryBytes = (await cache.stats()).bytes;
    const plain = join(dir, "plain");
    await Deno.writeFile(plain, pseudoRandomBytes(entryBytes, 3));
    const hits: number[] = [];
    const floors: number[] = [];
    const checksums: number[] = [];
    for (let run = 0; run < runs; run++) {
      hits.push(await time(() => cache.load(input, () => Promise.reject(new Error("miss")))));
      floors.push(
        await time(async () => {
          createHash("sha256").update(input.wasm).digest();
          await Deno.readFile(plain);
        }),
      );
      checksums.push(
        await time(async () => {
          createHash("sha256").update(input.wasm).digest();
          const bytes = await Deno.readFile(plain);
          createHash("sha256").update(bytes.subarray(entryBytes - payload.length)).digest();
        }),
      );
    }
    const hitMs = median(hits);
    const floorMs = median(floors);
    const floorWithChecksumMs = median(checksums);
    return {
      wasmBytes,
      entryBytes,
      runs,
      hitMs,
      floorMs,
      floorWithChecksumMs,
      ratio: hitMs / floorMs,
      ratioWithChecksum: hitMs / floorWithChecksumMs,
    };
  } finally {
    await cache.close();
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  console.log(await benchCacheHit());
}
