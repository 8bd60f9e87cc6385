/**
 * wabt (npm `wabt`), loaded once: the second validator of generated modules, and the printer
 * of counterexamples as `.wat`.
 *
 * @module
 */

import wabtInit from "wabt";

type Wabt = Awaited<ReturnType<typeof wabtInit>>;

let loaded: Promise<Wabt> | undefined;

function wabt(): Promise<Wabt> {
  loaded ??= wabtInit();
  return loaded;
}

/** The features wabt reads with: its 2.0 defaults, SIMD named explicitly. */
const FEATURES = { readDebugNames: false, simd: true } as const;

/** wabt's verdict on `wasm` with its default (2.0) features and SIMD: undefined when valid. */
export async function wabtValidationError(wasm: Uint8Array): Promise<string | undefined> {
  const module = (await wabt()).readWasm(wasm, FEATURES);
  try {
    module.validate();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    module.destroy();
  }
}

/** `wasm` as text, or a note saying why it cannot be printed. */
export async function watOf(wasm: Uint8Array): Promise<string> {
  try {
    const module = (await wabt()).readWasm(wasm, FEATURES);
    try {
      return module.toText({});
    } finally {
      module.destroy();
    }
  } catch (error) {
    return `;; cannot print the module (${error instanceof Error ? error.message : error})\n`;
  }
}
