/**
 * Property-based fuzzing of the compile cache's key soundness (Ingot DESIGN.md "Fuzzing the
 * cache key"; WebAssembly Core Specification 2.0 chapter 3 "Validation" for the generated
 * modules). `deno task fuzz` (scripts/fuzz.ts) runs it long; the `*_test.ts` files run it
 * bounded.
 *
 * - Arbitraries: valid modules (`arbitraryModule`, `arbitraryWasm`), whole inputs derived from
 *   the settings' defaults (`arbitraryInput`, `arbitraryPair`, `INPUT_DOMAINS`).
 * - Properties: determinism, soundness, faults and nothing-more (`cacheProperty`), against an
 *   injectable compile (`defaultCompile`: the real one, with a stand-in where it throws
 *   `UnsupportedError`) and key.
 * - Mutation power: `mutantTable`, one mutant key per field of the input.
 * - Long runs with a corpus of counterexamples: `fuzzCache`, `fuzzMutants`, `replaySaved`.
 *
 * @module
 */

export {
  arbitraryModule,
  arbitraryWasm,
  type GeneratedModule,
  type ModuleSize,
  usesSimd,
} from "./arbitrary_module.ts";
export {
  arbitraryInput,
  arbitraryPair,
  arbitrarySettings,
  arbitraryTarget,
  type Domain,
  INPUT_DOMAINS,
  type InputPair,
} from "./arbitrary_input.ts";
export {
  type CompileChoice,
  type CompileFn,
  defaultCompile,
  standInCompile,
  withStandIn,
} from "./compilers.ts";
export {
  CacheMismatch,
  cacheProperty,
  type Outcome,
  PROPERTY_NAMES,
  type PropertyContext,
  type PropertyName,
} from "./properties.ts";
export {
  CAUGHT_BY_CONSTRUCTION,
  formatMutantTable,
  mutantKey,
  type MutantRow,
  mutantTable,
} from "./mutants.ts";
export { fuzzCache, fuzzMutants, type FuzzOptions, replaySaved } from "./fuzz_cache.ts";
