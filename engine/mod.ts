/**
 * Ingot: a WebAssembly 2.0 engine that compiles `.wasm` ahead of time into x86-64 ELF
 * relocatable objects (WebAssembly Core Specification 2.0; System V AMD64 psABI; ELF-64).
 *
 * @module
 */

import { type CompiledModule, compileModule } from "./compile/mod.ts";
import { buildDescriptor } from "./obj/descriptor.ts";
import { type ObjectDescription, type SymbolDescription, writeElf } from "./obj/mod.ts";
import type { CompileInput, CompileSettings } from "./settings.ts";
import { decodeModule, validateModule } from "./wasm/mod.ts";
import type { Module } from "./wasm/syntax.ts";
import { X64MacroAssembler } from "./x64/masm.ts";

export * from "./settings.ts";
export * from "./errors.ts";
export { ENGINE_VERSION } from "./engine_id.ts";
export { Cache, cacheKey } from "./cache/mod.ts";

/**
 * Compiles a WebAssembly module into an x86-64 ELF relocatable object. Pure and
 * deterministic: the stages, in order, are decode, validate, compile the functions, and emit
 * the object (descriptor plus ELF).
 *
 * @throws {DecodeError} when the binary is malformed.
 * @throws {ValidationError} when the module is invalid.
 * @throws {UnsupportedError} for valid input Ingot does not compile yet (SIMD).
 */
export function compile(input: CompileInput): Uint8Array {
  const { settings } = input;
  const module = decodeModule(input.wasm, { features: settings.features });
  validateModule(module);
  const masm = new X64MacroAssembler({ cpuFeatures: settings.cpuFeatures });
  const compiled = compileModule(module, settings, { masm });
  return writeElf(objectOf(module, compiled, settings));
}

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
  const defined = new Set(compiled.symbols.map((symbol) => symbol.name));
  const codeSymbols: SymbolDescription[] = compiled.symbols.map((symbol) => ({
    name: symbol.name,
    section: ".text",
    offset: symbol.offset,
    size: symbol.size,
    binding: "local",
    type: symbol.size > 0 ? "func" : "notype",
  }));
  const external = [...new Set(compiled.relocs.map((reloc) => reloc.symbol))]
    .filter((name) => !defined.has(name))
    .sort()
    .map((name): SymbolDescription => ({
      name,
      section: undefined,
      offset: 0,
      size: 0,
      binding: "global",
      type: "notype",
    }));
  return {
    sections: [
      { name: ".text", kind: "text", data: compiled.code, align: 16 },
      ...descriptor.sections,
    ],
    symbols: [...codeSymbols, ...external, ...descriptor.symbols],
    relocations: [
      ...compiled.relocs.map((reloc) => ({ section: ".text", ...reloc })),
      ...descriptor.relocations,
    ],
  };
}
