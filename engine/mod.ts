/**
 * Ingot: a WebAssembly 2.0 engine that compiles `.wasm` ahead of time into x86-64 ELF
 * relocatable objects (WebAssembly Core Specification 2.0; System V AMD64 psABI; ELF-64).
 *
 * @module
 */

import { LIBCALLS } from "./abi/mod.ts";
import { type CompiledModule, compileModule } from "./compile/mod.ts";
import { buildDescriptor } from "./obj/descriptor.ts";
import {
  type ObjectDescription,
  type SectionDescription,
  type SymbolDescription,
  writeElf,
} from "./obj/mod.ts";
import type { CompileInput, CompileSettings } from "./settings.ts";
import { UnsupportedError } from "./errors.ts";
import { decodeModule, validateModule } from "./wasm/mod.ts";
import type { Module } from "./wasm/syntax.ts";
import { X64MacroAssembler } from "./x64/masm.ts";

export * from "./settings.ts";
export * from "./errors.ts";
export { ENGINE_VERSION } from "./engine_id.ts";
export { Cache, cacheKey } from "./cache/mod.ts";

/**
 * Compiles a WebAssembly module into an x86-64 ELF relocatable object. Pure and
 * deterministic: the stages, in order, are decode, validate and compile the functions (one pass
 * over each body), and emit the object (descriptor plus ELF).
 *
 * @throws {DecodeError} when the binary is malformed.
 * @throws {ValidationError} when the module is invalid.
 * @throws {UnsupportedError} for valid input Ingot cannot compile with the settings given (vector
 *   code when `cpuFeatures.ssse3` is off), or for a target other than x86-64 Linux ELF64.
 */
export function compile(input: CompileInput): Uint8Array {
  const { settings, target } = input;
  if (target.arch !== "x86_64" || target.os !== "linux" || target.objectFormat !== "elf64") {
    throw new UnsupportedError(`target ${target.arch}-${target.os}-${target.objectFormat}`);
  }
  const module = decodeModule(input.wasm, { features: settings.features });
  const compiled = validateAndCompile(module, settings);
  return emitObject(module, compiled, settings);
}

/**
 * Validation and codegen in one pass over the bodies, as Liftoff does: the module without its
 * bodies is validated first, then each body while it is compiled. The outcome is that of
 * `validateModule` then `compileModule`: on any failure the whole module is validated as
 * `validateModule` does, whose error (which part fails first, and a malformed body before an
 * invalid one) wins over the compiler's.
 *
 * @throws {DecodeError} when a body is malformed.
 * @throws {ValidationError} when the module is invalid.
 * @throws {UnsupportedError} for vector code in a valid module when SSSE3 is off.
 */
export function validateAndCompile(module: Module, settings: CompileSettings): CompiledModule {
  try {
    validateModule(module, { bodies: false });
    const masm = new X64MacroAssembler({ cpuFeatures: settings.cpuFeatures });
    return compileModule(module, settings, { masm, validateBodies: true });
  } catch (error) {
    validateModule(module);
    throw error;
  }
}

/**
 * The last stage of `compile`: the ELF object of a compiled module (its code, symbols and
 * relocations, plus the module descriptor). Exported so benchmarks and dump scripts can time
 * and call the stages one by one.
 *
 * @throws {InternalError} when the compiled code and the descriptor do not form a valid object.
 */
export function emitObject(
  module: Module,
  compiled: CompiledModule,
  settings: CompileSettings,
): Uint8Array {
  return writeElf(objectOf(module, compiled, settings));
}

/** The symbols of the runtime functions compiled code calls. */
const LIBCALL_SYMBOLS: ReadonlySet<string> = new Set(LIBCALLS.map((libcall) => libcall.symbol));

/** The object description: code, its symbols and relocations, and the module descriptor. */
function objectOf(
  module: Module,
  compiled: CompiledModule,
  settings: CompileSettings,
): ObjectDescription {
  const descriptor = buildDescriptor(module, {
    prefix: settings.symbolPrefix,
    funcSymbol: compiled.funcSymbol,
    trampolineSymbol: compiled.trampolineSymbol,
    adapterSymbol: compiled.adapterSymbol,
    trapSites: compiled.trapSites,
    textStartSymbol: compiled.textStartSymbol,
    textEndSymbol: compiled.textEndSymbol,
    boundsChecks: settings.boundsChecks,
  });
  // One pass over the symbols and one over the relocations: a module has one of each per
  // function and per call site. Every symbol has the same fields in the same order as the
  // descriptor's, so the writer's loops see one object shape; the code's relocations go to the
  // writer as they are.
  const symbols: SymbolDescription[] = [];
  for (const { name, offset, size } of compiled.symbols) {
    const type = size > 0 ? "func" : "notype";
    symbols.push({ name, section: ".text", offset, size, binding: "local", type });
  }
  // The code's only undefined symbols are the runtime's libcalls: naming them is all it takes
  // to find the external references, with no set of every code symbol's name.
  const externalNames = new Set<string>();
  let previous: string | undefined; // runs of relocations name one symbol, as trap exits do
  for (const { symbol } of compiled.relocs) {
    if (symbol !== previous && LIBCALL_SYMBOLS.has(symbol)) externalNames.add(symbol);
    previous = symbol;
  }
  for (const name of [...externalNames].sort()) {
    symbols.push({
      name,
      section: undefined,
      offset: 0,
      size: 0,
      binding: "global",
      type: "notype",
    });
  }
  for (const symbol of descriptor.symbols) symbols.push(symbol);
  const text: SectionDescription = {
    name: ".text",
    kind: "text",
    data: compiled.code,
    align: 16,
    relocations: compiled.relocs,
  };
  return {
    sections: [text, ...descriptor.sections],
    symbols,
    relocations: descriptor.relocations,
  };
}
