/**
 * A script module to binary: `binary` modules are their bytes; `text` and `quote` modules go
 * through npm `wabt` (text format, spec chapter 6), with wabt's default (2.0) feature set.
 *
 * @module
 */

import wabtInit from "wabt";
import { WatError } from "./errors.ts";
import { Lexer } from "./lexer.ts";
import type { ModuleDef } from "./types.ts";

/** Options of {@linkcode moduleBinary}. */
export interface ModuleBinaryOptions {
  /** The name wabt's messages give the module (default `"module.wat"`). */
  readonly name?: string;
}

type Wabt = Awaited<ReturnType<typeof wabtInit>>;

/** The one wabt instance, created on first use (its initialisation is async). */
let wabtPromise: Promise<Wabt> | undefined;

/**
 * The binary of a script module. Async only because wabt's first initialisation is; the
 * instance is created once and reused. A quote module's text is the module's fields, so it is
 * wrapped in `(module ...)` unless it already is a `(module ...)`.
 *
 * @throws {WatError} when wabt cannot parse a text or quote module; carries wabt's message.
 */
export async function moduleBinary(
  def: ModuleDef,
  options: ModuleBinaryOptions = {},
): Promise<Uint8Array> {
  if (def.form === "binary") return def.bytes;
  const text = def.form === "text" ? def.text : quotedModuleText(def.text);
  wabtPromise ??= wabtInit();
  const wabt = await wabtPromise;
  const name = options.name ?? "module.wat";
  let module: ReturnType<Wabt["parseWat"]> | undefined;
  try {
    // UTF-8 bytes, not a JS string: wabt.js would re-encode a string and break names.wast.
    module = wabt.parseWat(name, new TextEncoder().encode(text));
    return module.toBinary({}).buffer.slice();
  } catch (error) {
    throw new WatError(name, error instanceof Error ? error.message : String(error));
  } finally {
    module?.destroy();
  }
}

/** The quote text as a whole module: itself if it starts with `(module`, else wrapped. */
function quotedModuleText(text: string): string {
  try {
    const lexer = new Lexer(text, "quote");
    const open = lexer.next();
    const keyword = lexer.next();
    if (open?.kind === "lparen" && keyword?.kind === "atom" && keyword.text === "module") {
      return text;
    }
  } catch {
    // Malformed text: wrap it, and let wabt judge it.
  }
  // The newline ends any line comment at the end of the text before the closing parenthesis.
  return `(module ${text}\n)`;
}
