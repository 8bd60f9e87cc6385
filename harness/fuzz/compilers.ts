/**
 * The compile functions the cache properties run: Ingot's real `compile` (engine/mod.ts), and a
 * stand-in for inputs the real one does not handle yet.
 *
 * The stand-in is a deterministic function of the WHOLE input and sensitive to every field of
 * it (the SHA-256 of the input's canonical encoding), so a key that leaves a field out is caught
 * as surely as with a compiler that reads that field. It is used only where the real compile
 * throws `UnsupportedError`, and every run says how many inputs each one compiled.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { UnsupportedError } from "../../engine/errors.ts";
import type { CompileInput } from "../../engine/settings.ts";
import { canonicalEncode } from "../../engine/cache/mod.ts";
import { usesSimd } from "./arbitrary_module.ts";

/** A compile function as the cache properties take it. */
export type CompileFn = (input: CompileInput) => Uint8Array | Promise<Uint8Array>;

/** The stand-in compile: `"ingot-stand-in\0"` followed by SHA-256 of the canonical encoding. */
export function standInCompile(input: CompileInput): Uint8Array {
  const digest = createHash("sha256").update(canonicalEncode(input)).digest();
  const tag = new TextEncoder().encode("ingot-stand-in\0");
  const out = new Uint8Array(tag.length + digest.length);
  out.set(tag);
  out.set(digest, tag.length);
  return out;
}

/** A compile function together with how often each compiler ran. */
export interface CompileChoice {
  readonly compile: CompileFn;
  /** Inputs the real compile answered (an object or a compile error). */
  readonly real: () => number;
  /** Inputs the stand-in answered. */
  readonly standIn: () => number;
  /** One line saying which compile was used, for the output of tests and the fuzzer. */
  readonly describe: () => string;
}

/**
 * The real compile, with the stand-in for inputs it throws `UnsupportedError` on; the
 * stand-in alone when `real` is undefined (`why` says why).
 */
export function withStandIn(real: CompileFn | undefined, why = ""): CompileChoice {
  const counts = { objects: 0, simdObjects: 0, errors: 0, standIn: 0 };
  const compile: CompileFn = async (input) => {
    if (real !== undefined) {
      try {
        const bytes = await real(input);
        counts.objects++;
        if (usesSimd(input.wasm)) counts.simdObjects++;
        return bytes;
      } catch (error) {
        if (!(error instanceof UnsupportedError)) {
          counts.errors++;
          throw error;
        }
      }
    }
    counts.standIn++;
    return standInCompile(input);
  };
  const describe = () => {
    const realCount = counts.objects + counts.errors;
    const total = realCount + counts.standIn;
    if (real === undefined) return `compile: stand-in only (${why}), ${total} inputs`;
    return `compile: real engine compile for ${realCount} of ${total} inputs (${counts.objects} ` +
      `objects, ${counts.simdObjects} of them of SIMD modules, ${counts.errors} compile ` +
      `errors); stand-in (SHA-256 of the canonical input) for ` +
      `${counts.standIn} it throws UnsupportedError on`;
  };
  return {
    compile,
    real: () => counts.objects + counts.errors,
    standIn: () => counts.standIn,
    describe,
  };
}

/**
 * Ingot's `compile` from engine/mod.ts, or why it cannot be loaded. It is imported at run time
 * so that an engine that fails to load is reported (and the stand-in used) instead of
 * stopping the fuzzer from loading at all.
 */
export async function loadRealCompile(): Promise<CompileFn | string> {
  const url = new URL("../../engine/mod.ts", import.meta.url).href;
  try {
    const engine = await import(url) as Record<string, unknown>;
    const compile = engine["compile"];
    if (typeof compile !== "function") return "engine/mod.ts exports no compile function";
    return compile as CompileFn;
  } catch (error) {
    return `engine/mod.ts does not load (${error instanceof Error ? error.message : error})`;
  }
}

/** The real compile with the stand-in fallback, or the stand-in alone if it cannot load. */
export async function defaultCompile(): Promise<CompileChoice> {
  const real = await loadRealCompile();
  return typeof real === "string" ? withStandIn(undefined, real) : withStandIn(real);
}
