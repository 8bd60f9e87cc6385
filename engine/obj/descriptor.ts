/**
 * The module descriptor writer: the one global `<prefix>module` of type
 * `struct ingot_module_desc` (engine/abi/structs.ts, DESIGN.md "The ABI") that tells the C
 * runtime how to instantiate a compiled module, with everything it points to (types, import
 * and export names, table, memory and global types, segments, the trap table), plus the
 * `.note.ingot` ABI version note.
 *
 * Everything lives in one relocatable read-only section, `.data.rel.ro.ingot`: pointers are
 * `R_X86_64_64` relocations (against the section symbol for its own contents, against code
 * symbols for functions), so a `-pie` link needs no text relocations and the linker makes the
 * section read-only after relocating it. Every offset comes from `offsetOf`/`layoutOf`.
 *
 * @module
 */

import {
  ABI_CHECK_SYMBOL,
  ABI_VERSION,
  BOUNDS_MODES,
  CONST_EXPR,
  DATA_DESC,
  ELEM_DESC,
  enumValue,
  EXPORT_DESC,
  FUNC_DESC,
  FUNCTYPE_DESC,
  GLOBAL_DESC,
  IMPORT_DESC,
  layoutOf,
  MEMORY_DESC,
  MODULE_DESC,
  MODULE_MAGIC,
  offsetOf,
  TABLE_DESC,
  TRAP_SITE,
  vmctxLayout,
} from "../abi/mod.ts";
import type { BoundsChecks } from "../settings.ts";
import type { Module } from "../wasm/syntax.ts";
import { buildNote } from "./note.ts";
import {
  codeOf,
  EXTERN_KIND_CODES,
  NULL_INDEX,
  putArray,
  putConstExpr,
  putLimits,
  putString,
  SEGMENT_MODE_CODES,
  symbolTarget,
  valtypeCode,
} from "./_descriptor_fields.ts";
import { type PointerTarget, RelocatedData } from "./_rodata.ts";
import type { ObjectDescription } from "./types.ts";

/** The section holding the descriptor and everything it points to. */
export const DESCRIPTOR_SECTION = ".data.rel.ro.ingot";

/** The ABI version note's section, owner name and type. */
export const ABI_NOTE_SECTION = ".note.ingot";
export const ABI_NOTE_NAME = "Ingot";
export const ABI_NOTE_TYPE = 1;

/** One trap site: compiled code at `offset` (from the text start) traps with `code`. */
export interface TrapSite {
  readonly offset: number;
  /** An `INGOT_TRAP_*` code (`TRAPS` in engine/abi/enums.ts). */
  readonly code: number;
}

/** What the compiler tells the descriptor writer about the code it emitted. */
export interface DescriptorOptions {
  /** The symbol prefix; the descriptor is `<prefix>module`. */
  readonly prefix: string;
  /** Symbol of defined function `definedIndex` (Wasm convention). */
  readonly funcSymbol: (definedIndex: number) => string;
  /** Symbol of its array-call trampoline, if it has one. */
  readonly trampolineSymbol: (definedIndex: number) => string | undefined;
  /**
   * Symbol of the Wasm-to-array adapter of imported function `funcIdx` (its index in the
   * function index space, which for imports is its position among the function imports).
   */
  readonly adapterSymbol: (funcIdx: number) => string | undefined;
  readonly trapSites: readonly TrapSite[];
  /** Symbols at the start and the end of the code (undefined when there is no code). */
  readonly textStartSymbol: string | undefined;
  readonly textEndSymbol: string | undefined;
  readonly boundsChecks: BoundsChecks;
}

/** The symbol name of the descriptor for `prefix`. */
export function descriptorSymbol(prefix: string): string {
  return `${prefix}module`;
}

function putTypes(data: RelocatedData, module: Module): PointerTarget {
  return putArray(data, FUNCTYPE_DESC, module.types.length, (base, index) => {
    const type = module.types[index]!;
    data.put(FUNCTYPE_DESC, base, "num_params", type.params.length);
    data.put(FUNCTYPE_DESC, base, "num_results", type.results.length);
    const codes = Uint8Array.from([...type.params, ...type.results].map(valtypeCode));
    const types = codes.length === 0 ? undefined : { local: data.addBytes(codes) };
    data.putPointer(FUNCTYPE_DESC, base, "types", types);
  });
}

/** Index of each import in its own kind's index space (functions: the typeidx). */
function importIndices(module: Module): number[] {
  const next = { func: 0, table: 0, memory: 0, global: 0 };
  return module.imports.map((entry) => {
    const position = next[entry.desc.kind]++;
    return entry.desc.kind === "func" ? entry.desc.typeIdx : position;
  });
}

function putImports(data: RelocatedData, module: Module, options: DescriptorOptions) {
  const indices = importIndices(module);
  let funcIdx = 0;
  return putArray(data, IMPORT_DESC, module.imports.length, (base, index) => {
    const entry = module.imports[index]!;
    const moduleName = putString(data, entry.module);
    const name = putString(data, entry.name);
    data.putPointer(IMPORT_DESC, base, "module", moduleName);
    data.putPointer(IMPORT_DESC, base, "name", name);
    data.put(IMPORT_DESC, base, "module_len", moduleName.length);
    data.put(IMPORT_DESC, base, "name_len", name.length);
    data.put(IMPORT_DESC, base, "kind", codeOf(EXTERN_KIND_CODES, entry.desc.kind));
    data.put(IMPORT_DESC, base, "index", indices[index]!);
    if (entry.desc.kind === "func") {
      const adapter = options.adapterSymbol(funcIdx++);
      data.putPointer(IMPORT_DESC, base, "adapter", symbolTarget(adapter));
    }
  });
}

function putExports(data: RelocatedData, module: Module): PointerTarget {
  return putArray(data, EXPORT_DESC, module.exports.length, (base, index) => {
    const entry = module.exports[index]!;
    const name = putString(data, entry.name);
    data.putPointer(EXPORT_DESC, base, "name", name);
    data.put(EXPORT_DESC, base, "name_len", name.length);
    data.put(EXPORT_DESC, base, "kind", codeOf(EXTERN_KIND_CODES, entry.kind));
    data.put(EXPORT_DESC, base, "index", entry.index);
  });
}

function putFuncs(data: RelocatedData, module: Module, options: DescriptorOptions) {
  return putArray(data, FUNC_DESC, module.funcs.length, (base, index) => {
    data.put(FUNC_DESC, base, "type_index", module.funcs[index]!.typeIdx);
    data.putPointer(FUNC_DESC, base, "wasm_call", { symbol: options.funcSymbol(index) });
    const trampoline = options.trampolineSymbol(index);
    data.putPointer(FUNC_DESC, base, "array_call", symbolTarget(trampoline));
  });
}

function putTablesMemoriesGlobals(data: RelocatedData, module: Module) {
  const tables = putArray(data, TABLE_DESC, module.tableTypes.length, (base, index) => {
    const type = module.tableTypes[index]!;
    data.put(TABLE_DESC, base, "elem_type", valtypeCode(type.elemType));
    putLimits(data, TABLE_DESC, base, type.limits);
  });
  const memories = putArray(data, MEMORY_DESC, module.memTypes.length, (base, index) => {
    putLimits(data, MEMORY_DESC, base, module.memTypes[index]!.limits);
  });
  const globals = putArray(data, GLOBAL_DESC, module.globalTypes.length, (base, index) => {
    const type = module.globalTypes[index]!;
    data.put(GLOBAL_DESC, base, "type", valtypeCode(type.valType));
    data.put(GLOBAL_DESC, base, "mutable", type.mutable ? 1 : 0);
    const defined = module.globals[index - module.importedGlobals];
    if (defined !== undefined) {
      putConstExpr(data, base + offsetOf(GLOBAL_DESC, "init"), defined.init);
    }
  });
  return { tables, memories, globals };
}

function putDatas(data: RelocatedData, module: Module): PointerTarget {
  return putArray(data, DATA_DESC, module.datas.length, (base, index) => {
    const segment = module.datas[index]!;
    data.put(DATA_DESC, base, "mode", codeOf(SEGMENT_MODE_CODES, segment.mode.kind));
    data.put(DATA_DESC, base, "length", segment.init.length);
    const bytes = segment.init.length === 0 ? undefined : { local: data.addBytes(segment.init) };
    data.putPointer(DATA_DESC, base, "bytes", bytes);
    if (segment.mode.kind === "active") {
      data.put(DATA_DESC, base, "memory", segment.mode.memIdx);
      putConstExpr(data, base + offsetOf(DATA_DESC, "offset"), segment.mode.offset);
    }
  });
}

function putElems(data: RelocatedData, module: Module): PointerTarget {
  return putArray(data, ELEM_DESC, module.elems.length, (base, index) => {
    const segment = module.elems[index]!;
    data.put(ELEM_DESC, base, "mode", codeOf(SEGMENT_MODE_CODES, segment.mode.kind));
    data.put(ELEM_DESC, base, "elem_type", valtypeCode(segment.type));
    data.put(ELEM_DESC, base, "count", segment.init.length);
    const items = putArray(data, CONST_EXPR, segment.init.length, (item, itemIndex) => {
      putConstExpr(data, item, segment.init[itemIndex]!);
    });
    data.putPointer(ELEM_DESC, base, "items", items);
    if (segment.mode.kind === "active") {
      data.put(ELEM_DESC, base, "table", segment.mode.tableIdx);
      putConstExpr(data, base + offsetOf(ELEM_DESC, "offset"), segment.mode.offset);
    }
  });
}

function putTrapSites(data: RelocatedData, sites: readonly TrapSite[]): PointerTarget {
  const sorted = [...sites].sort((a, b) => a.offset - b.offset);
  return putArray(data, TRAP_SITE, sorted.length, (base, index) => {
    data.put(TRAP_SITE, base, "offset", sorted[index]!.offset);
    data.put(TRAP_SITE, base, "code", sorted[index]!.code);
  });
}

/** Writes the counts, the vmctx layout and the header fields of the descriptor at `base`. */
function putHeader(data: RelocatedData, base: number, module: Module, options: DescriptorOptions) {
  const layout = vmctxLayout({
    funcs: module.funcTypeIdxs.length,
    definedFuncs: module.funcs.length,
    types: module.types.length,
    tables: module.tableTypes.length,
    importedGlobals: module.importedGlobals,
    definedGlobals: module.globals.length,
  });
  const scalars: Record<string, number> = {
    magic: MODULE_MAGIC,
    abi_version: ABI_VERSION,
    vmctx_size: layout.size,
    bounds_checks: enumValue(
      BOUNDS_MODES,
      options.boundsChecks === "explicit" ? "EXPLICIT" : "GUARD_PAGES",
    ),
    off_func_refs: layout.funcRefs,
    off_func_records: layout.funcRecords,
    off_type_ids: layout.typeIds,
    off_tables: layout.tables,
    off_global_ptrs: layout.globalPtrs,
    off_globals: layout.globals,
    num_types: module.types.length,
    num_imports: module.imports.length,
    num_funcs: module.funcTypeIdxs.length,
    num_imported_funcs: module.importedFuncs,
    num_tables: module.tableTypes.length,
    num_imported_tables: module.importedTables,
    num_memories: module.memTypes.length,
    num_imported_memories: module.importedMems,
    num_globals: module.globalTypes.length,
    num_imported_globals: module.importedGlobals,
    num_exports: module.exports.length,
    num_datas: module.datas.length,
    num_elems: module.elems.length,
    num_trap_sites: options.trapSites.length,
    start_func: module.start ?? NULL_INDEX,
  };
  for (const [field, value] of Object.entries(scalars)) data.put(MODULE_DESC, base, field, value);
  data.putPointer(MODULE_DESC, base, "abi_check", { symbol: ABI_CHECK_SYMBOL });
  data.putPointer(MODULE_DESC, base, "text_start", symbolTarget(options.textStartSymbol));
  data.putPointer(MODULE_DESC, base, "text_end", symbolTarget(options.textEndSymbol));
}

function abiNote(): Uint8Array {
  const desc = new Uint8Array(4);
  new DataView(desc.buffer).setUint32(0, ABI_VERSION, true);
  return buildNote({ name: ABI_NOTE_NAME, type: ABI_NOTE_TYPE, desc });
}

/**
 * Builds the descriptor of `module`: the `.data.rel.ro.ingot` section with the global
 * `<prefix>module` and everything it points to, its relocations, the undefined reference to
 * `ingot_abi_vN`, and the `.note.ingot` ABI note. Merge the result into the object's
 * description; the code symbols the options name must be defined there.
 *
 * @throws {InternalError} when a constant expression is not one constant instruction (the
 *   validator rules that out).
 */
export function buildDescriptor(module: Module, options: DescriptorOptions): ObjectDescription {
  const data = new RelocatedData(DESCRIPTOR_SECTION);
  const base = data.allocStructs(MODULE_DESC, 1);
  putHeader(data, base, module, options);
  const pointers: Record<string, PointerTarget> = {
    types: putTypes(data, module),
    imports: putImports(data, module, options),
    exports: putExports(data, module),
    funcs: putFuncs(data, module, options),
    ...putTablesMemoriesGlobals(data, module),
    datas: putDatas(data, module),
    elems: putElems(data, module),
    trap_sites: putTrapSites(data, options.trapSites),
  };
  for (const [field, target] of Object.entries(pointers)) {
    data.putPointer(MODULE_DESC, base, field, target);
  }
  return {
    sections: [
      { name: DESCRIPTOR_SECTION, kind: "data", data: data.finish(), align: 16 },
      { name: ABI_NOTE_SECTION, kind: "note", data: abiNote(), align: 4 },
    ],
    symbols: [
      {
        name: DESCRIPTOR_SECTION,
        section: DESCRIPTOR_SECTION,
        offset: 0,
        size: 0,
        binding: "local",
        type: "section",
      },
      {
        name: descriptorSymbol(options.prefix),
        section: DESCRIPTOR_SECTION,
        offset: base,
        size: layoutOf(MODULE_DESC).size,
        binding: "global",
        type: "object",
      },
      {
        name: ABI_CHECK_SYMBOL,
        section: undefined,
        offset: 0,
        size: 0,
        binding: "global",
        type: "notype",
      },
    ],
    relocations: data.relocations,
  };
}
