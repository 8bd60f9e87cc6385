/**
 * The structs shared by compiled code and the C runtime, declared once as data.
 *
 * `scripts/gen_abi_header.ts` writes `harness/runtime/ingot_abi.h` from these declarations,
 * and the compiler and the descriptor writer read offsets through `offsetOf`. Hot fields come
 * first so compiled code reaches them with 8-bit displacements.
 *
 * @module
 */

import type { StructDef } from "./layout.ts";

/** Bumped by hand only when the layout or the meaning of anything in `engine/abi/` changes. */
export const ABI_VERSION = 1;

/** The symbol only a runtime of `ABI_VERSION` defines, and every object references. */
export const ABI_CHECK_SYMBOL = `ingot_abi_v${ABI_VERSION}`;

/** First word of every VM context: "INGV" little-endian. */
export const VMCTX_MAGIC = 0x56474e49;

/** First word of every module descriptor: "INGM" little-endian. */
export const MODULE_MAGIC = 0x4d474e49;

/**
 * The fixed head of every instance's VM context. Compiled code receives a pointer to it as the
 * first argument (rdi). The module-specific regions follow it at the offsets `vmctxLayout`
 * computes and the descriptor records.
 */
export const VMCTX: StructDef = {
  name: "ingot_vmctx",
  doc: "Head of an instance's VM context; module-specific regions follow.",
  fields: [
    { name: "magic", type: "u32", doc: "VMCTX_MAGIC" },
    { name: "abi_version", type: "u32", doc: "ABI_VERSION of the runtime that built it" },
    { name: "memory_base", type: "ptr", pointee: "uint8_t", doc: "base of memory 0 (never moves)" },
    { name: "memory_size", type: "u64", doc: "current byte size of memory 0" },
    { name: "stack_limit", type: "u64", doc: "lowest rsp a prologue accepts" },
    { name: "instance", type: "ptr", pointee: "struct ingot_instance", doc: "owning instance" },
  ],
};

/**
 * A function reference: what a funcref value points to, and how every call through a table or
 * an import is made. `wasm_call` uses the Wasm convention (SysV with the callee's vmctx first);
 * `array_call` is `void f(void *vmctx, uint64_t *slots)`, or null where no trampoline exists.
 */
export const FUNC: StructDef = {
  name: "ingot_func",
  doc: "A function reference (funcref values point to one).",
  fields: [
    { name: "wasm_call", type: "ptr", pointee: "void", doc: "entry with the Wasm convention" },
    { name: "array_call", type: "ptr", pointee: "void", doc: "array-call entry, or NULL" },
    { name: "vmctx", type: "ptr", pointee: "void", doc: "vmctx (or host data) passed first" },
    { name: "type_id", type: "u32", doc: "canonical id of the function type" },
  ],
};

/** A table as compiled code sees it; the runtime owns it. */
export const TABLE: StructDef = {
  name: "ingot_table",
  doc: "A table: compiled code reads elements and size inline.",
  fields: [
    { name: "elements", type: "ptr", pointee: "void *", doc: "element array (NULL = null ref)" },
    { name: "size", type: "u32", doc: "current number of elements" },
    { name: "max", type: "u32", doc: "maximum size (UINT32_MAX when unbounded)" },
    { name: "elem_type", type: "u8", doc: "VALTYPE_FUNCREF or VALTYPE_EXTERNREF" },
  ],
};

/** A constant expression, evaluated by the runtime (2.0 has one instruction per expression). */
export const CONST_EXPR: StructDef = {
  name: "ingot_const_expr",
  doc: "A constant expression.",
  fields: [
    { name: "kind", type: "u8", doc: "CONST_*" },
    { name: "index", type: "u32", doc: "global index (global.get) or function index (ref.func)" },
    { name: "value", type: "u64", count: 2, doc: "constant bits, little-endian (v128 uses both)" },
  ],
};

/** A function type of the module. */
export const FUNCTYPE_DESC: StructDef = {
  name: "ingot_functype_desc",
  doc: "A function type: params then results, as VALTYPE_* bytes.",
  fields: [
    { name: "num_params", type: "u32", doc: "parameter count" },
    { name: "num_results", type: "u32", doc: "result count" },
    { name: "types", type: "ptr", pointee: "const uint8_t", doc: "params then results" },
  ],
};

/** An import; imports take the first indices of their index space, in order. */
export const IMPORT_DESC: StructDef = {
  name: "ingot_import_desc",
  doc: "An import.",
  fields: [
    { name: "module", type: "ptr", pointee: "const char", doc: "module name, NUL-terminated" },
    { name: "name", type: "ptr", pointee: "const char", doc: "field name, NUL-terminated" },
    { name: "module_len", type: "u32", doc: "byte length of module (names may hold NUL)" },
    { name: "name_len", type: "u32", doc: "byte length of name" },
    { name: "kind", type: "u8", doc: "EXTERN_*" },
    { name: "index", type: "u32", doc: "index in its kind's space; for functions the type" },
    { name: "adapter", type: "ptr", pointee: "void", doc: "Wasm-to-array adapter (functions)" },
  ],
};

/** An export. */
export const EXPORT_DESC: StructDef = {
  name: "ingot_export_desc",
  doc: "An export.",
  fields: [
    { name: "name", type: "ptr", pointee: "const char", doc: "export name" },
    { name: "name_len", type: "u32", doc: "byte length of name" },
    { name: "kind", type: "u8", doc: "EXTERN_*" },
    { name: "index", type: "u32", doc: "index in its kind's space" },
  ],
};

/** A function defined by the module. */
export const FUNC_DESC: StructDef = {
  name: "ingot_func_desc",
  doc: "A defined function.",
  fields: [
    { name: "type_index", type: "u32", doc: "index into the module's types" },
    { name: "wasm_call", type: "ptr", pointee: "void", doc: "code, Wasm convention" },
    { name: "array_call", type: "ptr", pointee: "void", doc: "array-call trampoline, or NULL" },
  ],
};

/** A table (imported or defined). */
export const TABLE_DESC: StructDef = {
  name: "ingot_table_desc",
  doc: "A table type.",
  fields: [
    { name: "elem_type", type: "u8", doc: "VALTYPE_FUNCREF or VALTYPE_EXTERNREF" },
    { name: "has_max", type: "u8", doc: "1 when max is set" },
    { name: "min", type: "u32", doc: "minimum size" },
    { name: "max", type: "u32", doc: "maximum size" },
  ],
};

/** A memory (imported or defined). */
export const MEMORY_DESC: StructDef = {
  name: "ingot_memory_desc",
  doc: "A memory type, in 64 KiB pages.",
  fields: [
    { name: "has_max", type: "u8", doc: "1 when max is set" },
    { name: "min", type: "u32", doc: "minimum pages" },
    { name: "max", type: "u32", doc: "maximum pages" },
  ],
};

/** A global (imported or defined). */
export const GLOBAL_DESC: StructDef = {
  name: "ingot_global_desc",
  doc: "A global: type, mutability and (defined globals) its initialiser.",
  fields: [
    { name: "type", type: "u8", doc: "VALTYPE_*" },
    { name: "mutable", type: "u8", doc: "1 when mutable" },
    { name: "init", type: "struct", struct: CONST_EXPR, doc: "initialiser" },
  ],
};

/** A data segment. */
export const DATA_DESC: StructDef = {
  name: "ingot_data_desc",
  doc: "A data segment.",
  fields: [
    { name: "mode", type: "u8", doc: "SEGMENT_*" },
    { name: "memory", type: "u32", doc: "memory index (active)" },
    { name: "length", type: "u32", doc: "byte length" },
    { name: "bytes", type: "ptr", pointee: "const uint8_t", doc: "contents" },
    { name: "offset", type: "struct", struct: CONST_EXPR, doc: "offset (active)" },
  ],
};

/** An element segment. */
export const ELEM_DESC: StructDef = {
  name: "ingot_elem_desc",
  doc: "An element segment.",
  fields: [
    { name: "mode", type: "u8", doc: "SEGMENT_*" },
    { name: "elem_type", type: "u8", doc: "VALTYPE_FUNCREF or VALTYPE_EXTERNREF" },
    { name: "table", type: "u32", doc: "table index (active)" },
    { name: "count", type: "u32", doc: "number of items" },
    { name: "items", type: "ptr", pointee: "const struct ingot_const_expr", doc: "items" },
    { name: "offset", type: "struct", struct: CONST_EXPR, doc: "offset (active)" },
  ],
};

/** A trap site: compiled code at `offset` (from `text_start`) traps with `code` if it faults. */
export const TRAP_SITE: StructDef = {
  name: "ingot_trap_site",
  doc: "A trap site, sorted by offset.",
  fields: [
    { name: "offset", type: "u32", doc: "offset of the faulting instruction from text_start" },
    { name: "code", type: "u32", doc: "TRAP_*" },
  ],
};

/** The module descriptor: the one global symbol `<prefix>module` of every object. */
export const MODULE_DESC: StructDef = {
  name: "ingot_module_desc",
  doc: "Everything the runtime needs to instantiate a compiled module.",
  fields: [
    { name: "magic", type: "u32", doc: "MODULE_MAGIC" },
    { name: "abi_version", type: "u32", doc: "ABI_VERSION the object was compiled for" },
    { name: "abi_check", type: "ptr", pointee: "const uint32_t", doc: "-> ingot_abi_vN" },
    { name: "vmctx_size", type: "u32", doc: "bytes of the whole vmctx" },
    { name: "bounds_checks", type: "u8", doc: "BOUNDS_* the code was compiled with" },
    { name: "off_func_refs", type: "u32", doc: "vmctx: struct ingot_func *[num_funcs]" },
    { name: "off_func_records", type: "u32", doc: "vmctx: struct ingot_func[defined]" },
    { name: "off_type_ids", type: "u32", doc: "vmctx: uint32_t[num_types]" },
    { name: "off_tables", type: "u32", doc: "vmctx: struct ingot_table *[num_tables]" },
    { name: "off_global_ptrs", type: "u32", doc: "vmctx: void *[imported globals]" },
    { name: "off_globals", type: "u32", doc: "vmctx: 16-byte cells of defined globals" },
    { name: "num_types", type: "u32", doc: "" },
    { name: "num_imports", type: "u32", doc: "" },
    { name: "num_funcs", type: "u32", doc: "functions incl. imported" },
    { name: "num_imported_funcs", type: "u32", doc: "" },
    { name: "num_tables", type: "u32", doc: "tables incl. imported" },
    { name: "num_imported_tables", type: "u32", doc: "" },
    { name: "num_memories", type: "u32", doc: "memories incl. imported" },
    { name: "num_imported_memories", type: "u32", doc: "" },
    { name: "num_globals", type: "u32", doc: "globals incl. imported" },
    { name: "num_imported_globals", type: "u32", doc: "" },
    { name: "num_exports", type: "u32", doc: "" },
    { name: "num_datas", type: "u32", doc: "" },
    { name: "num_elems", type: "u32", doc: "" },
    { name: "num_trap_sites", type: "u32", doc: "" },
    { name: "start_func", type: "u32", doc: "start function index, or UINT32_MAX" },
    { name: "types", type: "ptr", pointee: "const struct ingot_functype_desc", doc: "" },
    { name: "imports", type: "ptr", pointee: "const struct ingot_import_desc", doc: "" },
    { name: "exports", type: "ptr", pointee: "const struct ingot_export_desc", doc: "" },
    { name: "funcs", type: "ptr", pointee: "const struct ingot_func_desc", doc: "defined only" },
    { name: "tables", type: "ptr", pointee: "const struct ingot_table_desc", doc: "all tables" },
    { name: "memories", type: "ptr", pointee: "const struct ingot_memory_desc", doc: "all" },
    { name: "globals", type: "ptr", pointee: "const struct ingot_global_desc", doc: "all" },
    { name: "datas", type: "ptr", pointee: "const struct ingot_data_desc", doc: "" },
    { name: "elems", type: "ptr", pointee: "const struct ingot_elem_desc", doc: "" },
    { name: "trap_sites", type: "ptr", pointee: "const struct ingot_trap_site", doc: "sorted" },
    { name: "text_start", type: "ptr", pointee: "const uint8_t", doc: "start of the code" },
    { name: "text_end", type: "ptr", pointee: "const uint8_t", doc: "end of the code" },
  ],
};

/** Every shared struct, in the order the header declares them. */
export const STRUCTS: readonly StructDef[] = [
  VMCTX,
  FUNC,
  TABLE,
  CONST_EXPR,
  FUNCTYPE_DESC,
  IMPORT_DESC,
  EXPORT_DESC,
  FUNC_DESC,
  TABLE_DESC,
  MEMORY_DESC,
  GLOBAL_DESC,
  DATA_DESC,
  ELEM_DESC,
  TRAP_SITE,
  MODULE_DESC,
];
