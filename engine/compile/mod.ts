/**
 * The baseline compiler (opt level 0): one pass per function body, from Wasm operators to
 * macro-assembler calls, in the spirit of V8's Liftoff and wasmtime's Winch (WebAssembly Core
 * Specification 2.0, chapter 4 "Execution", for the semantics each lowering implements).
 *
 * - {@linkcode compileModule}: every defined function, its array-call trampoline, and a
 *   Wasm-to-array adapter per imported function, into one code blob with its symbols,
 *   relocations and trap sites.
 *
 * @module
 */

import { vmctxLayout } from "../abi/mod.ts";
import type { CompileSettings } from "../settings.ts";
import { readOperators } from "../wasm/operators.ts";
import type { Module } from "../wasm/syntax.ts";
import { validatingReaders } from "../wasm/validate.ts";
import { FuncCompiler, type ModuleContext, type TrapSite } from "./func_compiler.ts";
import type { CodeReloc, MacroAssembler } from "./masm.ts";
import { emitAdapter, emitTrampoline } from "./trampolines.ts";
import { AddressCache } from "./_address_cache.ts";

export type * from "./masm.ts";
export { FIRST_FLOAT_REG, isFloatReg } from "./masm.ts";
export type { TrapSite } from "./func_compiler.ts";

/** A symbol the code defines. */
export interface CodeSymbol {
  readonly name: string;
  readonly offset: number;
  readonly size: number;
}

/** The code of a whole module. */
export interface CompiledModule {
  readonly code: Uint8Array;
  readonly relocs: readonly CodeReloc[];
  readonly symbols: readonly CodeSymbol[];
  /** Sorted by offset. */
  readonly trapSites: readonly TrapSite[];
  /** Symbol of defined function `definedIndex`. */
  readonly funcSymbol: (definedIndex: number) => string;
  readonly trampolineSymbol: (definedIndex: number) => string | undefined;
  /** Symbol of the adapter of imported function `funcIdx`. */
  readonly adapterSymbol: (funcIdx: number) => string | undefined;
  readonly textStartSymbol: string;
  readonly textEndSymbol: string;
}

/** Options of `compileModule`. */
export interface CompileModuleOptions {
  /** The macro-assembler to emit through (a fresh one: it receives the whole module). */
  readonly masm: MacroAssembler;
  /**
   * Whether to validate the bodies while compiling them, for a module `validateModule`
   * accepted with `{ bodies: false }` (default false: the module was validated whole). A
   * compiler thus fed sees only a valid prefix of each body, and stops at its first error.
   */
  readonly validateBodies?: boolean;
}

/**
 * Compiles every function of a validated module.
 *
 * @throws {UnsupportedError} for vector instructions when SSSE3 is off.
 * @throws {ValidationError} with `validateBodies`, for the first invalid body.
 * @throws {DecodeError} with `validateBodies`, for the first malformed body.
 */
export function compileModule(
  module: Module,
  settings: CompileSettings,
  options: CompileModuleOptions,
): CompiledModule {
  const { masm } = options;
  const prefix = settings.symbolPrefix;
  const imported = module.importedFuncs;
  // One string per function and trampoline, made once: the object writer hashes each symbol
  // name it meets, and a fresh string per use would be hashed (and flattened) again each time.
  const funcNames: string[] = [];
  const funcSymbol = (funcIdx: number) => funcNames[funcIdx] ??= `${prefix}func${funcIdx}`;
  const trampolineNames: string[] = [];
  const trampolineSymbol = (definedIndex: number) =>
    trampolineNames[definedIndex] ??= `${prefix}array${imported + definedIndex}`;
  const ctx: ModuleContext = {
    module,
    addresses: new AddressCache(masm),
    settings,
    layout: vmctxLayout({
      funcs: module.funcTypeIdxs.length,
      definedFuncs: module.funcs.length,
      types: module.types.length,
      tables: module.tableTypes.length,
      importedGlobals: module.importedGlobals,
      definedGlobals: module.globals.length,
    }),
    funcSymbol,
    readBody: options.validateBodies
      ? validatingReaders(module)
      : (funcIdx) => readOperators(module, funcIdx),
  };
  const symbols: CodeSymbol[] = [];
  const trapSites: TrapSite[] = [];
  const define = (name: string, emit: () => void) => {
    const start = masm.offset();
    emit();
    symbols.push({ name, offset: start, size: masm.offset() - start });
  };
  const textStartSymbol = `${prefix}text_start`;
  const textEndSymbol = `${prefix}text_end`;
  symbols.push({ name: textStartSymbol, offset: 0, size: 0 });
  module.funcs.forEach((_, i) => {
    const funcIdx = imported + i;
    define(funcSymbol(funcIdx), () => new FuncCompiler(masm, ctx, funcIdx, trapSites).compile());
    const name = module.names.funcs.get(funcIdx);
    if (settings.debugNames && name !== undefined) {
      // The name section's name as a local alias of the function's code (for debuggers).
      const code = symbols[symbols.length - 1]!;
      symbols.push({ ...code, name: `${prefix}name_${funcIdx}_${name}` });
    }
  });
  module.funcs.forEach((func, i) => {
    const type = module.types[func.typeIdx]!;
    define(trampolineSymbol(i), () => emitTrampoline(masm, type, funcSymbol(imported + i)));
  });
  for (let funcIdx = 0; funcIdx < imported; funcIdx++) {
    const type = module.types[module.funcTypeIdxs[funcIdx]!]!;
    define(`${prefix}adapter${funcIdx}`, () => emitAdapter(masm, type));
  }
  const { code, relocs } = masm.finish();
  symbols.push({ name: textEndSymbol, offset: code.length, size: 0 });
  trapSites.sort((a, b) => a.offset - b.offset);
  return {
    code,
    relocs,
    symbols,
    trapSites,
    funcSymbol: (definedIndex) => funcSymbol(imported + definedIndex),
    trampolineSymbol,
    adapterSymbol: (funcIdx) => funcIdx < imported ? `${prefix}adapter${funcIdx}` : undefined,
    textStartSymbol,
    textEndSymbol,
  };
}
