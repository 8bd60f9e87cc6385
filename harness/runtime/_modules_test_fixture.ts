/**
 * Hand-written "compiled modules" for the runtime's tests: C functions in the Wasm and array
 * conventions and descriptors written in C, with vmctx offsets from `vmctxLayout`.
 *
 * Module A: imports spectest.print_i32 and spectest.global_i32; defines a memory (1, max 3),
 * a funcref table (4, max 10), functions, globals (mutable, global.get, ref.func), segments
 * (active, passive, declarative) and a start function. Module B imports A's memory, table and
 * `add`. Modules BAD_* fail to link; modules TRAP_* fail while initialising.
 *
 * @module
 */

import { layoutDefines } from "./_c_test_util.ts";

const COMMON = String.raw`
#include <string.h>
#include "ingot.h"
#define AT(vm, off, T) ((T)((uint8_t *)(vm) + (off)))
#define I32 INGOT_VALTYPE_I32
#define I64 INGOT_VALTYPE_I64
#define FUNCREF INGOT_VALTYPE_FUNCREF
#define HEAD .magic = INGOT_MODULE_MAGIC, .abi_version = INGOT_ABI_VERSION, \
  .abi_check = &INGOT_ABI_CHECK_SYMBOL
#define NO_START .start_func = UINT32_MAX
#define VALUE(v) {.kind = INGOT_CONST_VALUE, .value = {(v), 0}}
#define REF_FUNC(i) {.kind = INGOT_CONST_REF_FUNC, .index = (i)}
#define REF_NULL {.kind = INGOT_CONST_REF_NULL}
#define GLOBAL_GET(i) {.kind = INGOT_CONST_GLOBAL_GET, .index = (i)}
static const uint8_t T_II_I[] = {I32, I32, I32};
static const uint8_t T_I_I[] = {I32, I32};
static const uint8_t T_I[] = {I32};
`;

const MODULE_A = String.raw`
/* Types: 0 = [i32 i32] -> [i32], 1 = [] -> [], 2 = [i32] -> [i32], 3 = [i32] -> []. */
static const struct ingot_functype_desc A_types[] = {{2, 1, T_II_I}, {0, 0, NULL}, {1, 1, T_I_I}, {1, 0, T_I}};

/* Wasm-to-array adapter for imported [i32] -> []: rdi is the record (host functions). */
static void A_adapt_i32(void *record, int32_t x) {
  uint64_t slots[1] = {(uint32_t)x};
  struct ingot_func *func = record;
  ((ingot_array_call_fn)func->array_call)(func->vmctx, slots);
}

/* Function 1: add. */
static int32_t A_add(struct ingot_vmctx *vm, int32_t a, int32_t b) { (void)vm; return a + b; }
static void A_add_tramp(void *vm, uint64_t *s) { s[0] = (uint32_t)A_add(vm, (int32_t)s[0], (int32_t)s[1]); }
/* Function 2: div (traps on zero). */
static int32_t A_div(struct ingot_vmctx *vm, int32_t a, int32_t b) {
  if (b == 0) ingot_trap(vm, INGOT_TRAP_INT_DIV_BY_ZERO);
  return a / b;
}
static void A_div_tramp(void *vm, uint64_t *s) { s[0] = (uint32_t)A_div(vm, (int32_t)s[0], (int32_t)s[1]); }
/* Function 3: grow(delta) -> old pages or -1. */
static int32_t A_grow(struct ingot_vmctx *vm, int32_t delta) { return ingot_memory_grow(vm, (uint32_t)delta); }
static void A_grow_tramp(void *vm, uint64_t *s) { s[0] = (uint32_t)A_grow(vm, (int32_t)s[0]); }
/* Function 4: load(addr), explicit bounds check. */
static int32_t A_load(struct ingot_vmctx *vm, int32_t addr) {
  if ((uint64_t)(uint32_t)addr + 4 > vm->memory_size) ingot_trap(vm, INGOT_TRAP_MEMORY_OOB);
  int32_t v; memcpy(&v, vm->memory_base + (uint32_t)addr, 4); return v;
}
static void A_load_tramp(void *vm, uint64_t *s) { s[0] = (uint32_t)A_load(vm, (int32_t)s[0]); }
/* Function 5: recurse(n): unbounded recursion with a prologue stack check. */
static int32_t A_recurse(struct ingot_vmctx *vm, int32_t n) {
  volatile char frame[256];
  if ((uint64_t)(uintptr_t)frame < vm->stack_limit) ingot_trap(vm, INGOT_TRAP_STACK_EXHAUSTED);
  frame[0] = (char)n;
  if (n == -1) return 0;
  return A_recurse(vm, n + 1) + frame[0];
}
static void A_recurse_tramp(void *vm, uint64_t *s) { s[0] = (uint32_t)A_recurse(vm, (int32_t)s[0]); }
/* Function 6: call_print(x) calls import 0 through its record. */
static int32_t A_call_print(struct ingot_vmctx *vm, int32_t x) {
  struct ingot_func *f = AT(vm, A_OFF_FUNC_REFS, struct ingot_func **)[0];
  ((void (*)(void *, int32_t))f->wasm_call)(f->vmctx, x);
  return x + 1;
}
static void A_call_print_tramp(void *vm, uint64_t *s) { s[0] = (uint32_t)A_call_print(vm, (int32_t)s[0]); }
/* Function 7: call_indirect(i) of type 0 with (10, 3) through table 0. */
static int32_t A_call_indirect(struct ingot_vmctx *vm, int32_t i) {
  struct ingot_table *t = AT(vm, A_OFF_TABLES, struct ingot_table **)[0];
  if ((uint32_t)i >= t->size) ingot_trap(vm, INGOT_TRAP_UNDEFINED_ELEMENT);
  struct ingot_func *f = t->elements[i];
  if (f == NULL) ingot_trap(vm, INGOT_TRAP_UNINITIALIZED_ELEMENT);
  if (f->type_id != AT(vm, A_OFF_TYPE_IDS, uint32_t *)[0]) ingot_trap(vm, INGOT_TRAP_INDIRECT_TYPE_MISMATCH);
  return ((int32_t (*)(void *, int32_t, int32_t))f->wasm_call)(f->vmctx, 10, 3);
}
static void A_call_indirect_tramp(void *vm, uint64_t *s) { s[0] = (uint32_t)A_call_indirect(vm, (int32_t)s[0]); }
/* Function 8: start: global 1 = global 1 * 6. */
static void A_start(struct ingot_vmctx *vm) {
  uint64_t *cell = AT(vm, A_OFF_GLOBALS, uint64_t *);
  cell[0] = (uint32_t)((int32_t)cell[0] * 6);
}
/* Function 9: table_init(dst): table.init(table 0, elem 1, dst, 0, 1), then elem.drop 1. */
static int32_t A_table_init(struct ingot_vmctx *vm, int32_t dst) {
  ingot_table_init(vm, 0, 1, (uint32_t)dst, 0, 1);
  ingot_elem_drop(vm, 1);
  return 0;
}
static void A_table_init_tramp(void *vm, uint64_t *s) { s[0] = (uint32_t)A_table_init(vm, (int32_t)s[0]); }
/* Function 10: memory_init(dst): memory.init(data 1, dst, 0, 3), then data.drop 1. */
static int32_t A_memory_init(struct ingot_vmctx *vm, int32_t dst) {
  ingot_memory_init(vm, 1, (uint32_t)dst, 0, 3);
  ingot_data_drop(vm, 1);
  return 0;
}
static void A_memory_init_tramp(void *vm, uint64_t *s) { s[0] = (uint32_t)A_memory_init(vm, (int32_t)s[0]); }
/* Function 11: table_grow(delta) -> old size or -1, growing with ref.func 1. */
static int32_t A_table_grow(struct ingot_vmctx *vm, int32_t delta) {
  void *init = AT(vm, A_OFF_FUNC_REFS, struct ingot_func **)[1];
  return ingot_table_grow(vm, 0, init, (uint32_t)delta);
}
static void A_table_grow_tramp(void *vm, uint64_t *s) { s[0] = (uint32_t)A_table_grow(vm, (int32_t)s[0]); }

/* Function 12: bulk(x): x = 0 fills and copies in bounds, x = 1 fills out of bounds,
 * x = 2 copies out of bounds; returns the i32 at 300. */
static int32_t A_bulk(struct ingot_vmctx *vm, int32_t x) {
  if (x == 0) { ingot_memory_fill(vm, 200, 0x171, 4); ingot_memory_copy(vm, 301, 200, 3); }
  if (x == 1) ingot_memory_fill(vm, (uint32_t)vm->memory_size - 1, 0, 2);
  if (x == 2) ingot_memory_copy(vm, 0, (uint32_t)vm->memory_size, 1);
  return A_load(vm, 300);
}
static void A_bulk_tramp(void *vm, uint64_t *s) { s[0] = (uint32_t)A_bulk(vm, (int32_t)s[0]); }
/* Function 13: tab(x): x = 0 copies [1, 3) to [2, 4) and fills 0 with null; x = 1 fills out of
 * bounds; x = 2 copies out of bounds; returns a bitmask of the non-null elements. */
static int32_t A_tab(struct ingot_vmctx *vm, int32_t x) {
  struct ingot_table *t = AT(vm, A_OFF_TABLES, struct ingot_table **)[0];
  if (x == 0) { ingot_table_copy(vm, 0, 0, 2, 1, 2); ingot_table_fill(vm, 0, 0, NULL, 1); }
  if (x == 1) ingot_table_fill(vm, 0, t->size, NULL, 1);
  if (x == 2) ingot_table_copy(vm, 0, 0, 0, t->size - 1, 2);
  int32_t mask = 0;
  for (uint32_t i = 0; i < t->size; i++) mask |= (t->elements[i] != NULL) << i;
  return mask;
}
static void A_tab_tramp(void *vm, uint64_t *s) { s[0] = (uint32_t)A_tab(vm, (int32_t)s[0]); }

static const struct ingot_import_desc A_imports[] = {
  {.module = "spectest", .name = "print_i32", .module_len = 8, .name_len = 9, .kind = INGOT_EXTERN_FUNC, .index = 3, .adapter = (void *)A_adapt_i32},
  {.module = "spectest", .name = "global_i32", .module_len = 8, .name_len = 10, .kind = INGOT_EXTERN_GLOBAL, .index = 0},
};
static const struct ingot_func_desc A_funcs[] = {
  {0, (void *)A_add, (void *)A_add_tramp}, {0, (void *)A_div, (void *)A_div_tramp},
  {2, (void *)A_grow, (void *)A_grow_tramp}, {2, (void *)A_load, (void *)A_load_tramp},
  {2, (void *)A_recurse, (void *)A_recurse_tramp}, {2, (void *)A_call_print, (void *)A_call_print_tramp},
  {2, (void *)A_call_indirect, (void *)A_call_indirect_tramp}, {1, (void *)A_start, NULL},
  {2, (void *)A_table_init, (void *)A_table_init_tramp}, {2, (void *)A_memory_init, (void *)A_memory_init_tramp},
  {2, (void *)A_table_grow, (void *)A_table_grow_tramp}, {2, (void *)A_bulk, (void *)A_bulk_tramp},
  {2, (void *)A_tab, (void *)A_tab_tramp},
};
#define EXPORT(n, k, i) {.name = n, .name_len = sizeof(n) - 1, .kind = INGOT_EXTERN_##k, .index = i}
static const struct ingot_export_desc A_exports[] = {
  EXPORT("add", FUNC, 1), EXPORT("div", FUNC, 2), EXPORT("grow", FUNC, 3), EXPORT("load", FUNC, 4),
  EXPORT("recurse", FUNC, 5), EXPORT("call_print", FUNC, 6), EXPORT("call_indirect", FUNC, 7),
  EXPORT("table_init", FUNC, 9), EXPORT("memory_init", FUNC, 10), EXPORT("table_grow", FUNC, 11),
  EXPORT("print", FUNC, 0), EXPORT("g_imported", GLOBAL, 0), EXPORT("g_mut", GLOBAL, 1),
  EXPORT("g_copy", GLOBAL, 2), EXPORT("g_ref", GLOBAL, 3), EXPORT("mem", MEMORY, 0), EXPORT("tab", TABLE, 0),
  EXPORT("we\0ird", FUNC, 1), EXPORT("bulk", FUNC, 12), EXPORT("tab_ops", FUNC, 13),
};
static const struct ingot_table_desc A_tables[] = {{.elem_type = FUNCREF, .has_max = 1, .min = 4, .max = 10}};
static const struct ingot_memory_desc A_memories[] = {{.has_max = 1, .min = 1, .max = 3}};
static const struct ingot_global_desc A_globals[] = {
  {.type = I32, .mutable = 0}, {.type = I32, .mutable = 1, .init = VALUE(7)},
  {.type = I32, .mutable = 0, .init = GLOBAL_GET(0)}, {.type = FUNCREF, .mutable = 0, .init = REF_FUNC(1)},
};
static const struct ingot_const_expr A_elem0[] = {REF_FUNC(1), REF_NULL, REF_FUNC(3)};
static const struct ingot_const_expr A_elem1[] = {REF_FUNC(2)};
static const struct ingot_elem_desc A_elems[] = {
  {.mode = INGOT_SEGMENT_ACTIVE, .elem_type = FUNCREF, .table = 0, .count = 3, .items = A_elem0, .offset = VALUE(1)},
  {.mode = INGOT_SEGMENT_PASSIVE, .elem_type = FUNCREF, .count = 1, .items = A_elem1},
  {.mode = INGOT_SEGMENT_DECLARATIVE, .elem_type = FUNCREF, .count = 1, .items = A_elem1},
};
static const struct ingot_data_desc A_datas[] = {
  {.mode = INGOT_SEGMENT_ACTIVE, .memory = 0, .length = 5, .bytes = (const uint8_t *)"hello", .offset = GLOBAL_GET(0)},
  {.mode = INGOT_SEGMENT_PASSIVE, .length = 3, .bytes = (const uint8_t *)"xyz"},
};
const struct ingot_module_desc A_module = {
  HEAD, A_LAYOUT, .start_func = 8,
  .num_types = 4, .types = A_types, .num_imports = 2, .imports = A_imports,
  .num_funcs = 14, .num_imported_funcs = 1, .funcs = A_funcs,
  .num_tables = 1, .tables = A_tables, .num_memories = 1, .memories = A_memories,
  .num_globals = 4, .num_imported_globals = 1, .globals = A_globals,
  .num_exports = sizeof A_exports / sizeof A_exports[0], .exports = A_exports,
  .num_elems = 3, .elems = A_elems, .num_datas = 2, .datas = A_datas,
};
`;

const MODULE_B = String.raw`
/* B imports A's memory (min 1), table (min 4) and add; exports size() and add as add_again. */
static const struct ingot_functype_desc B_types[] = {{0, 1, T_I}, {2, 1, T_II_I}};
static int32_t B_size(struct ingot_vmctx *vm) { return (int32_t)(vm->memory_size / 65536); }
static void B_size_tramp(void *vm, uint64_t *s) { s[0] = (uint32_t)B_size(vm); }
static const struct ingot_import_desc B_imports[] = {
  {.module = "A", .name = "mem", .module_len = 1, .name_len = 3, .kind = INGOT_EXTERN_MEMORY, .index = 0},
  {.module = "A", .name = "tab", .module_len = 1, .name_len = 3, .kind = INGOT_EXTERN_TABLE, .index = 0},
  {.module = "A", .name = "add", .module_len = 1, .name_len = 3, .kind = INGOT_EXTERN_FUNC, .index = 1},
};
static const struct ingot_func_desc B_funcs[] = {{0, (void *)B_size, (void *)B_size_tramp}};
static const struct ingot_export_desc B_exports[] = {EXPORT("size", FUNC, 1), EXPORT("add_again", FUNC, 0)};
static const struct ingot_table_desc B_tables[] = {{.elem_type = FUNCREF, .min = 4}};
static const struct ingot_memory_desc B_memories[] = {{.min = 1}};
const struct ingot_module_desc B_module = {
  HEAD, B_LAYOUT, NO_START, .num_types = 2, .types = B_types, .num_imports = 3, .imports = B_imports,
  .num_funcs = 2, .num_imported_funcs = 1, .funcs = B_funcs, .num_tables = 1, .num_imported_tables = 1,
  .tables = B_tables, .num_memories = 1, .num_imported_memories = 1, .memories = B_memories,
  .num_exports = 2, .exports = B_exports,
};
`;

const MODULE_BAD = String.raw`
/* Modules that must not link: one import each. */
static const struct ingot_functype_desc BAD_types[] = {{1, 1, T_I_I}};
static const struct ingot_table_desc BAD_tables[] = {{.elem_type = FUNCREF, .has_max = 1, .min = 10, .max = 15}};
static const struct ingot_memory_desc BAD_memories[] = {{.min = 2}};
static const struct ingot_global_desc BAD_globals[] = {{.type = I32, .mutable = 1}};
#define IMPORT(m, n, k) {.module = m, .name = n, .module_len = sizeof(m) - 1, .name_len = sizeof(n) - 1, .kind = INGOT_EXTERN_##k, .index = 0}
static const struct ingot_import_desc BAD_imports[] = {
  IMPORT("spectest", "nothing", FUNC), IMPORT("nowhere", "print", FUNC), IMPORT("spectest", "global_i32", GLOBAL),
  IMPORT("spectest", "memory", MEMORY), IMPORT("spectest", "table", TABLE), IMPORT("A", "add", FUNC),
  IMPORT("spectest", "print_i32", GLOBAL),
};
#define BAD(i, f, t, m, g) {HEAD, BAD_LAYOUT, NO_START, .num_types = 1, .types = BAD_types, .num_imports = 1, \
  .imports = &BAD_imports[i], .tables = BAD_tables, .memories = BAD_memories, .globals = BAD_globals, \
  .num_funcs = f, .num_imported_funcs = f, .num_tables = t, .num_imported_tables = t, \
  .num_memories = m, .num_imported_memories = m, .num_globals = g, .num_imported_globals = g}
const struct ingot_module_desc BAD_modules[] = {
  BAD(0, 1, 0, 0, 0), BAD(1, 1, 0, 0, 0), BAD(2, 0, 0, 0, 1), BAD(3, 0, 0, 1, 0),
  BAD(4, 0, 1, 0, 0), BAD(5, 1, 0, 0, 0), BAD(6, 0, 0, 0, 1),
};
`;

const MODULE_TRAP = String.raw`
/* TRAP_ELEM: writes A.tab[0] then an out-of-bounds segment. TRAP_DATA: same for A.mem.
 * TRAP_START: the start function is unreachable. */
static const struct ingot_functype_desc TRAP_types[] = {{0, 0, NULL}};
static void TRAP_unreachable(struct ingot_vmctx *vm) { ingot_trap(vm, INGOT_TRAP_UNREACHABLE); }
static const struct ingot_func_desc TRAP_funcs[] = {{0, (void *)TRAP_unreachable, NULL}};
static const struct ingot_import_desc TRAP_imports[] = {
  {.module = "A", .name = "tab", .module_len = 1, .name_len = 3, .kind = INGOT_EXTERN_TABLE, .index = 0},
  {.module = "A", .name = "mem", .module_len = 1, .name_len = 3, .kind = INGOT_EXTERN_MEMORY, .index = 0},
};
static const struct ingot_table_desc TRAP_tables[] = {{.elem_type = FUNCREF, .min = 1}};
static const struct ingot_memory_desc TRAP_memories[] = {{.min = 1}};
static const struct ingot_const_expr TRAP_items[] = {REF_FUNC(0)};
static const struct ingot_elem_desc TRAP_elems[] = {
  {.mode = INGOT_SEGMENT_ACTIVE, .elem_type = FUNCREF, .count = 1, .items = TRAP_items, .offset = VALUE(0)},
  {.mode = INGOT_SEGMENT_ACTIVE, .elem_type = FUNCREF, .count = 0, .items = TRAP_items, .offset = VALUE(100)},
};
static const struct ingot_data_desc TRAP_datas[] = {
  {.mode = INGOT_SEGMENT_ACTIVE, .length = 2, .bytes = (const uint8_t *)"AB", .offset = VALUE(10)},
  {.mode = INGOT_SEGMENT_ACTIVE, .length = 2, .bytes = (const uint8_t *)"CD", .offset = VALUE(0x7ffffff0)},
};
const struct ingot_module_desc TRAP_ELEM_module = {
  HEAD, TRAP_LAYOUT, NO_START, .num_types = 1, .types = TRAP_types, .num_imports = 1, .imports = TRAP_imports,
  .num_funcs = 1, .funcs = TRAP_funcs, .num_tables = 1, .num_imported_tables = 1, .tables = TRAP_tables,
  .num_elems = 2, .elems = TRAP_elems,
};
const struct ingot_module_desc TRAP_DATA_module = {
  HEAD, TRAP_LAYOUT, NO_START, .num_types = 1, .types = TRAP_types, .num_imports = 1, .imports = &TRAP_imports[1],
  .num_funcs = 1, .funcs = TRAP_funcs, .num_memories = 1, .num_imported_memories = 1, .memories = TRAP_memories,
  .num_datas = 2, .datas = TRAP_datas,
};
const struct ingot_module_desc TRAP_START_module = {
  HEAD, TRAP_LAYOUT, .start_func = 0, .num_types = 1, .types = TRAP_types, .num_funcs = 1, .funcs = TRAP_funcs,
};
`;

/** The C source of modules A, B, BAD_* and TRAP_* (descriptors `A_module`, ...). */
export function testModulesSource(): string {
  return [
    COMMON,
    layoutDefines("A", {
      funcs: 14,
      definedFuncs: 13,
      types: 4,
      tables: 1,
      importedGlobals: 1,
      definedGlobals: 3,
    }),
    MODULE_A,
    layoutDefines("B", {
      funcs: 2,
      definedFuncs: 1,
      types: 2,
      tables: 1,
      importedGlobals: 0,
      definedGlobals: 0,
    }),
    MODULE_B,
    layoutDefines("BAD", {
      funcs: 1,
      definedFuncs: 0,
      types: 1,
      tables: 1,
      importedGlobals: 1,
      definedGlobals: 0,
    }),
    MODULE_BAD,
    layoutDefines("TRAP", {
      funcs: 1,
      definedFuncs: 1,
      types: 1,
      tables: 1,
      importedGlobals: 0,
      definedGlobals: 0,
    }),
    MODULE_TRAP,
  ].join("\n");
}
