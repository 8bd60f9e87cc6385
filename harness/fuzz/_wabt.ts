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

/** wabt's verdict on `wasm` with its default (2.0) features: undefined when valid. */
export async function wabtValidationError(wasm: Uint8Array): Promise<string | undefined> {
  const module = (await wabt()).readWasm(wasm, { readDebugNames: false });
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
    const module = (await wabt()).readWasm(wasm, { readDebugNames: false });
    try {
      return module.toText({});
    } finally {
      module.destroy();
    }
  } catch (error) {
    return `;; cannot print the module (${error instanceof Error ? error.message : error})\n`;
  }
}
