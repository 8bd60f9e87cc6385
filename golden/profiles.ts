/**
 * The named settings profiles of the golden corpus, defined in this one place. Each is a
 * partial `CompileSettings` that `resolveSettings` (engine/settings.ts) completes with the
 * defaults; a case's `;;! profiles = [...]` header names the ones it is compiled under, and its
 * expected dumps are `<case>.<profile>.dump`.
 *
 * @module
 */

import { type CompileSettings, type PartialSettings, resolveSettings } from "../engine/settings.ts";

/** The profiles, by name. Names read `O<opt level>-<bounds checks>[-<cpu features>]`. */
export const PROFILES: Readonly<Record<string, PartialSettings>> = {
  /** The baseline compiler with an explicit compare before every memory access. */
  "O0-explicit": { optLevel: 0, boundsChecks: "explicit" },
  /** The baseline compiler relying on guard pages (trap table instead of compares). */
  "O0-guard": { optLevel: 0, boundsChecks: "guard-pages" },
  /** Explicit checks on a CPU without SSE4.1/SSE4.2 (no `roundss`, `pinsr*`, `ptest`...). */
  "O0-explicit-nosse41": {
    optLevel: 0,
    boundsChecks: "explicit",
    cpuFeatures: { sse41: false, sse42: false },
  },
  /** Explicit checks on a CPU with LZCNT, BMI1 and BMI2 (`lzcnt`, `tzcnt`, `shlx`...). */
  "O0-explicit-bmi": {
    optLevel: 0,
    boundsChecks: "explicit",
    cpuFeatures: { lzcnt: true, bmi1: true, bmi2: true },
  },
};

/** Every profile name, in declaration order. */
export const PROFILE_NAMES: readonly string[] = Object.keys(PROFILES);

/**
 * The full settings of profile `name`.
 *
 * @throws {RangeError} when there is no such profile.
 */
export function profileSettings(name: string): CompileSettings {
  const partial = PROFILES[name];
  if (partial === undefined) {
    throw new RangeError(
      `Cannot find golden profile "${name}": expected one of ${PROFILE_NAMES.join(", ")}`,
    );
  }
  return resolveSettings(partial);
}
