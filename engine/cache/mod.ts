/**
 * The compile cache: `Cache.load(input, compute)` answers exactly `compute(input)`, from disk
 * when a verified entry exists. The key (`cacheKey`) is the SHA-256 of a canonical encoding of
 * the WHOLE `CompileInput` plus the cache format version, and `compute` sees only a frozen copy
 * of that input, so no setting can reach the compiler without reaching the key (the lesson of
 * wasmtime's cache serving unoptimised code after `-O`). Entries are checked against their full
 * key, the engine identity and a payload checksum; every disk or concurrency fault is a miss.
 *
 * Implements Ingot DESIGN.md "The cache"; hashing is SHA-256 (FIPS 180-4).
 *
 * @module
 */

export { CACHE_FORMAT_VERSION, cacheKey, canonicalEncode, canonicalText } from "./key.ts";
export {
  Cache,
  type CacheCounters,
  type CacheFs,
  type CacheOptions,
  type CacheStats,
  type Compute,
  DEFAULT_MAX_BYTES,
  type GcReport,
} from "./cache.ts";
export type { CacheDirEntry, CacheFileInfo } from "./_fs.ts";
