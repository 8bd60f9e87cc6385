/**
 * The compile worker pool: runs the engine's `compile` (DESIGN.md "The pipeline") in Deno
 * workers started with no permissions, so the compiler can read nothing but its input.
 *
 * @module
 */

export {
  type CapabilityReport,
  CompilePool,
  type CompilePoolOptions,
  WORKER_OPTIONS,
} from "./compile_pool.ts";
export { reviveError, type SerializedError, serializeError } from "./_errors.ts";
export { type CachedCompile, cachedCompile } from "./cached_compile.ts";
