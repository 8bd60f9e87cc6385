/**
 * The `.wast` script reader: the WebAssembly script format of the spec's reference interpreter
 * (`interpreter/README.md`, "Scripts"), over the text format's lexical syntax (spec chapter 6,
 * "Text Format": §6.2 lexical format, §6.3 values).
 *
 * - {@linkcode readScript} reads a script into the command model of `types.ts`.
 * - {@linkcode moduleBinary} turns a script module into binary (text and quote modules through
 *   `wabt`; the engine only ever sees binary).
 *
 * Module names (`$M`) are kept as the script spells them, `$` included.
 *
 * @module
 */

export { readScript } from "./read_script.ts";
export { moduleBinary, type ModuleBinaryOptions } from "./to_binary.ts";
export { WastSyntaxError, WatError } from "./errors.ts";
export * from "./types.ts";
