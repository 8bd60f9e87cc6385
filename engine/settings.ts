/**
 * Everything that can change the bytes `compile` emits, and nothing else.
 *
 * `CompileSettings` is the full, defaulted set of output-changing choices. `Target` names the
 * machine the object is for. `RunOptions` holds what cannot change the bytes (cache folder,
 * jobs, verbosity, paths) and never reaches `compile`.
 *
 * @module
 */

/** Optimisation level. 0 is the single-pass baseline compiler. */
export type OptLevel = 0 | 1 | 2;

/** How linear-memory accesses are kept in bounds. */
export type BoundsChecks = "explicit" | "guard-pages";

/** WebAssembly proposals that 2.0 folded into the core, each of which can be switched off. */
export interface WasmFeatures {
  readonly mutableGlobals: boolean;
  readonly nontrappingFloatToInt: boolean;
  readonly signExtension: boolean;
  readonly multiValue: boolean;
  readonly bulkMemory: boolean;
  readonly referenceTypes: boolean;
  readonly simd: boolean;
}

/** x86-64 CPU features code generation may assume beyond the SSE2 baseline. */
export interface CpuFeatures {
  readonly sse3: boolean;
  readonly ssse3: boolean;
  readonly sse41: boolean;
  readonly sse42: boolean;
  readonly popcnt: boolean;
  readonly lzcnt: boolean;
  readonly bmi1: boolean;
  readonly bmi2: boolean;
  readonly avx: boolean;
  readonly avx2: boolean;
}

/** Every output-changing choice, with defaults applied. */
export interface CompileSettings {
  readonly optLevel: OptLevel;
  readonly boundsChecks: BoundsChecks;
  readonly features: WasmFeatures;
  readonly cpuFeatures: CpuFeatures;
  /** Canonicalise NaNs produced by float arithmetic (deterministic NaN bits). */
  readonly nanCanonicalization: boolean;
  /** Prefix of every symbol the object defines, so many modules link into one program. */
  readonly symbolPrefix: string;
  /** Emit the name section's function names as local symbols. */
  readonly debugNames: boolean;
}

/** The machine an object is compiled for. */
export interface Target {
  readonly arch: "x86_64";
  readonly os: "linux";
  readonly objectFormat: "elf64";
}

/** The whole input of `compile`: the module, the settings, the target and the engine identity. */
export interface CompileInput {
  readonly wasm: Uint8Array;
  readonly settings: CompileSettings;
  readonly target: Target;
  /** Identity of the engine that compiles (a hash of its sources). */
  readonly engine: string;
}

/** What cannot change the bytes: never passed to `compile`, never part of a cache key. */
export interface RunOptions {
  readonly cacheDir?: string;
  readonly noCache?: boolean;
  readonly jobs?: number;
  readonly verbose?: boolean;
}

/** A partial view of the settings, as a CLI or a test gives them. */
export type PartialSettings = {
  readonly [K in keyof CompileSettings]?: CompileSettings[K] extends object
    ? Partial<CompileSettings[K]>
    : CompileSettings[K];
};

/** The default Wasm feature set: all of WebAssembly 2.0. */
export const DEFAULT_FEATURES: WasmFeatures = Object.freeze({
  mutableGlobals: true,
  nontrappingFloatToInt: true,
  signExtension: true,
  multiValue: true,
  bulkMemory: true,
  referenceTypes: true,
  simd: true,
});

/** The default CPU features: the x86-64-v2 level (SSE4.2, POPCNT), which every CI machine has. */
export const DEFAULT_CPU_FEATURES: CpuFeatures = Object.freeze({
  sse3: true,
  ssse3: true,
  sse41: true,
  sse42: true,
  popcnt: true,
  lzcnt: false,
  bmi1: false,
  bmi2: false,
  avx: false,
  avx2: false,
});

/** The defaults of every setting. */
export const DEFAULT_SETTINGS: CompileSettings = Object.freeze({
  optLevel: 0,
  boundsChecks: "explicit",
  features: DEFAULT_FEATURES,
  cpuFeatures: DEFAULT_CPU_FEATURES,
  nanCanonicalization: false,
  symbolPrefix: "wasm_",
  debugNames: false,
});

/**
 * Fills every unset field of `partial` with its default and returns a frozen value.
 *
 * @throws {TypeError} when a field has a value outside its domain.
 */
export function resolveSettings(partial: PartialSettings = {}): CompileSettings {
  const settings: CompileSettings = {
    optLevel: partial.optLevel ?? DEFAULT_SETTINGS.optLevel,
    boundsChecks: partial.boundsChecks ?? DEFAULT_SETTINGS.boundsChecks,
    features: Object.freeze({ ...DEFAULT_FEATURES, ...partial.features }),
    cpuFeatures: Object.freeze({ ...DEFAULT_CPU_FEATURES, ...partial.cpuFeatures }),
    nanCanonicalization: partial.nanCanonicalization ?? DEFAULT_SETTINGS.nanCanonicalization,
    symbolPrefix: partial.symbolPrefix ?? DEFAULT_SETTINGS.symbolPrefix,
    debugNames: partial.debugNames ?? DEFAULT_SETTINGS.debugNames,
  };
  if (![0, 1, 2].includes(settings.optLevel)) {
    throw new TypeError(`Cannot use opt level ${settings.optLevel}: expected 0, 1 or 2`);
  }
  if (!["explicit", "guard-pages"].includes(settings.boundsChecks)) {
    throw new TypeError(
      `Cannot use bounds checks "${settings.boundsChecks}": expected "explicit" or "guard-pages"`,
    );
  }
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(settings.symbolPrefix)) {
    throw new TypeError(
      `Cannot use symbol prefix "${settings.symbolPrefix}": expected a C identifier`,
    );
  }
  return Object.freeze(settings);
}

/** The target of the machine Ingot runs on: the only one it compiles for today. */
export function hostTarget(): Target {
  return Object.freeze({ arch: "x86_64", os: "linux", objectFormat: "elf64" });
}
