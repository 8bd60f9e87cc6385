/*
 * Instantiation (spec 4.5.4 "Instantiation", 4.5.3 "Allocation"): import resolution and
 * matching (4.5.2 "Import Matching"), the vmctx with its regions, globals, exports, then the
 * element and data segments in order and the start function.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define AT(vmctx, offset, type) ((type)((uint8_t *)(vmctx) + (offset)))

ingot_instance *ingot_instance_of(const struct ingot_vmctx *vmctx) { return vmctx->instance; }

uint64_t *ingot_global_cell(const ingot_instance *instance, uint32_t index) {
  const struct ingot_module_desc *desc = instance->desc;
  if (index < desc->num_imported_globals) {
    return AT(instance->vmctx, desc->off_global_ptrs, uint64_t **)[index];
  }
  uint32_t defined = index - desc->num_imported_globals;
  return AT(instance->vmctx, desc->off_globals + defined * INGOT_GLOBAL_CELL_SIZE, uint64_t *);
}

static struct ingot_func **func_refs(const ingot_instance *instance) {
  return AT(instance->vmctx, instance->desc->off_func_refs, struct ingot_func **);
}

uint64_t ingot_eval_const(const ingot_instance *instance, const struct ingot_const_expr *expr,
                          uint64_t out[2]) {
  out[0] = out[1] = 0;
  switch (expr->kind) {
  case INGOT_CONST_VALUE:
    out[0] = expr->value[0];
    out[1] = expr->value[1];
    break;
  case INGOT_CONST_GLOBAL_GET: {
    const uint64_t *cell = ingot_global_cell(instance, expr->index);
    out[0] = cell[0];
    out[1] = cell[1];
    break;
  }
  case INGOT_CONST_REF_FUNC:
    out[0] = (uint64_t)(uintptr_t)func_refs(instance)[expr->index];
    break;
  default: /* INGOT_CONST_REF_NULL */
    break;
  }
  return out[0];
}

static bool limits_match(uint64_t min, bool has_max, uint64_t max, const uint32_t want_min,
                         bool want_has_max, uint32_t want_max) {
  if (min < want_min) return false;
  if (!want_has_max) return true;
  return has_max && max <= want_max;
}

static bool import_matches(const struct ingot_module_desc *desc, const uint32_t *type_ids,
                           const struct ingot_import_desc *import, const ingot_extern *found) {
  if (found->kind != import->kind) return false;
  switch (import->kind) {
  case INGOT_EXTERN_FUNC:
    return found->as.func->type_id == type_ids[import->index];
  case INGOT_EXTERN_TABLE: {
    const struct ingot_table_desc *want = &desc->tables[import->index];
    const ingot_table_obj *table = found->as.table;
    return table->abi.elem_type == want->elem_type &&
           limits_match(table->abi.size, table->has_max, table->abi.max, want->min,
                        want->has_max, want->max);
  }
  case INGOT_EXTERN_MEMORY: {
    const struct ingot_memory_desc *want = &desc->memories[import->index];
    const ingot_memory *memory = found->as.memory;
    return limits_match(memory->size / INGOT_PAGE_SIZE, memory->has_max, memory->max_pages,
                        want->min, want->has_max, want->max);
  }
  default: {
    const struct ingot_global_desc *want = &desc->globals[import->index];
    return found->as.global.type == want->type && found->as.global.mutable_ == want->mutable;
  }
  }
}

static bool resolve_imports(ingot_store *store, const struct ingot_module_desc *desc,
                            const uint32_t *type_ids, ingot_extern *resolved,
                            ingot_error *error) {
  for (uint32_t i = 0; i < desc->num_imports; i++) {
    const struct ingot_import_desc *import = &desc->imports[i];
    ingot_instance *from = ingot_find_registered(store, import->module, import->module_len);
    const ingot_extern *found =
        from == NULL ? NULL : ingot_find_export(from, import->name, import->name_len);
    if (found == NULL) {
      ingot_set_error(error, INGOT_ERR_UNLINKABLE, "unknown import: \"%.*s\".\"%.*s\"",
                      (int)import->module_len, import->module, (int)import->name_len,
                      import->name);
      return false;
    }
    if (!import_matches(desc, type_ids, import, found)) {
      ingot_set_error(error, INGOT_ERR_UNLINKABLE, "incompatible import type: \"%.*s\".\"%.*s\"",
                      (int)import->module_len, import->module, (int)import->name_len,
                      import->name);
      return false;
    }
    resolved[i] = *found;
  }
  return true;
}

/* A host function imported directly: a fresh record whose wasm_call is this import's adapter. */
static struct ingot_func *adapt_host_func(ingot_store *store, struct ingot_func *func,
                                          const struct ingot_import_desc *import) {
  if (func->wasm_call != NULL) return func;
  const struct ingot_host_record *host = (const struct ingot_host_record *)func;
  struct ingot_host_record *record = ingot_store_alloc(store, sizeof *record);
  if (record == NULL) return NULL;
  *record = *host;
  record->func.wasm_call = import->adapter;
  record->func.vmctx = &record->func;
  return &record->func;
}

static bool link_functions(ingot_instance *instance, const ingot_extern *resolved) {
  const struct ingot_module_desc *desc = instance->desc;
  struct ingot_vmctx *vmctx = instance->vmctx;
  const uint32_t *type_ids = AT(vmctx, desc->off_type_ids, uint32_t *);
  struct ingot_func **refs = func_refs(instance);
  uint32_t next = 0;
  for (uint32_t i = 0; i < desc->num_imports; i++) {
    if (desc->imports[i].kind != INGOT_EXTERN_FUNC) continue;
    refs[next] = adapt_host_func(instance->store, resolved[i].as.func, &desc->imports[i]);
    if (refs[next++] == NULL) return false;
  }
  struct ingot_func *records = AT(vmctx, desc->off_func_records, struct ingot_func *);
  for (uint32_t i = 0; i < desc->num_funcs - desc->num_imported_funcs; i++) {
    const struct ingot_func_desc *func = &desc->funcs[i];
    records[i] = (struct ingot_func){.wasm_call = func->wasm_call,
                                     .array_call = func->array_call,
                                     .vmctx = vmctx,
                                     .type_id = type_ids[func->type_index]};
    refs[desc->num_imported_funcs + i] = &records[i];
  }
  return true;
}

static bool link_memories_tables(ingot_instance *instance, const ingot_extern *resolved) {
  const struct ingot_module_desc *desc = instance->desc;
  uint32_t memory = 0, table = 0;
  for (uint32_t i = 0; i < desc->num_imports; i++) {
    if (desc->imports[i].kind == INGOT_EXTERN_MEMORY) {
      instance->memories[memory++] = resolved[i].as.memory;
    } else if (desc->imports[i].kind == INGOT_EXTERN_TABLE) {
      instance->tables[table++] = resolved[i].as.table;
    }
  }
  for (; memory < desc->num_memories; memory++) {
    const struct ingot_memory_desc *type = &desc->memories[memory];
    instance->memories[memory] = ingot_memory_new(type->min, type->has_max, type->max);
    if (instance->memories[memory] == NULL) return false;
  }
  for (; table < desc->num_tables; table++) {
    const struct ingot_table_desc *type = &desc->tables[table];
    instance->tables[table] = ingot_table_new(type->elem_type, type->min, type->has_max, type->max);
    if (instance->tables[table] == NULL) return false;
  }
  if (desc->num_memories > 0 && !ingot_memory_attach(instance->memories[0], instance->vmctx)) {
    return false;
  }
  struct ingot_table **slots = AT(instance->vmctx, desc->off_tables, struct ingot_table **);
  for (uint32_t i = 0; i < desc->num_tables; i++) slots[i] = &instance->tables[i]->abi;
  return true;
}

static void link_globals(ingot_instance *instance, const ingot_extern *resolved) {
  const struct ingot_module_desc *desc = instance->desc;
  uint64_t **ptrs = AT(instance->vmctx, desc->off_global_ptrs, uint64_t **);
  uint32_t global = 0;
  for (uint32_t i = 0; i < desc->num_imports; i++) {
    if (desc->imports[i].kind == INGOT_EXTERN_GLOBAL) ptrs[global++] = resolved[i].as.global.cell;
  }
  for (uint32_t i = desc->num_imported_globals; i < desc->num_globals; i++) {
    ingot_eval_const(instance, &desc->globals[i].init, ingot_global_cell(instance, i));
  }
}

static bool build_exports(ingot_instance *instance) {
  const struct ingot_module_desc *desc = instance->desc;
  instance->exports =
      ingot_store_alloc(instance->store, desc->num_exports * sizeof(struct ingot_named_extern));
  if (instance->exports == NULL) return false;
  for (uint32_t i = 0; i < desc->num_exports; i++) {
    const struct ingot_export_desc *export = &desc->exports[i];
    ingot_extern value = {.kind = export->kind};
    if (export->kind == INGOT_EXTERN_FUNC) value.as.func = func_refs(instance)[export->index];
    if (export->kind == INGOT_EXTERN_TABLE) value.as.table = instance->tables[export->index];
    if (export->kind == INGOT_EXTERN_MEMORY) value.as.memory = instance->memories[export->index];
    if (export->kind == INGOT_EXTERN_GLOBAL) {
      value.as.global.cell = ingot_global_cell(instance, export->index);
      value.as.global.type = desc->globals[export->index].type;
      value.as.global.mutable_ = desc->globals[export->index].mutable;
    }
    instance->exports[i] = (struct ingot_named_extern){
        .name = (char *)export->name, .name_len = export->name_len, .value = value};
  }
  instance->num_exports = desc->num_exports;
  return true;
}

static bool check_desc(const struct ingot_module_desc *desc, ingot_error *error) {
  if (desc->magic != INGOT_MODULE_MAGIC) {
    ingot_set_error(error, INGOT_ERR_BAD_MODULE, "not an Ingot module descriptor");
    return false;
  }
  if (desc->abi_version != INGOT_ABI_VERSION || desc->abi_check != &INGOT_ABI_CHECK_SYMBOL) {
    ingot_set_error(error, INGOT_ERR_BAD_MODULE, "module compiled for ABI version %u, runtime is %u",
                    desc->abi_version, INGOT_ABI_VERSION);
    return false;
  }
  return true;
}

/* Allocates the instance and its vmctx, with the head and the type ids filled in. */
static ingot_instance *allocate(ingot_store *store, const struct ingot_module_desc *desc) {
  ingot_instance *instance = ingot_store_alloc(store, sizeof *instance);
  size_t size = ((size_t)desc->vmctx_size + 15) & ~(size_t)15;
  struct ingot_vmctx *vmctx = aligned_alloc(16, size == 0 ? 16 : size);
  if (instance == NULL || vmctx == NULL) return free(vmctx), NULL;
  ingot_store_own(store, vmctx);
  memset(vmctx, 0, size);
  *vmctx = (struct ingot_vmctx){.magic = INGOT_VMCTX_MAGIC,
                                .abi_version = INGOT_ABI_VERSION,
                                .stack_limit = ingot_stack_limit(),
                                .instance = instance};
  uint32_t *type_ids = AT(vmctx, desc->off_type_ids, uint32_t *);
  for (uint32_t i = 0; i < desc->num_types; i++) {
    const struct ingot_functype_desc *type = &desc->types[i];
    type_ids[i] = ingot_intern_type(type->num_params, type->num_results, type->types);
  }
  instance->store = store;
  instance->desc = desc;
  instance->vmctx = vmctx;
  instance->memories = ingot_store_alloc(store, desc->num_memories * sizeof(ingot_memory *));
  instance->tables = ingot_store_alloc(store, desc->num_tables * sizeof(ingot_table_obj *));
  instance->elems = ingot_store_alloc(store, desc->num_elems * sizeof(struct ingot_elem_inst));
  instance->data_dropped = ingot_store_alloc(store, desc->num_datas);
  if (!instance->memories || !instance->tables || !instance->elems || !instance->data_dropped) {
    return NULL;
  }
  return instance;
}

static bool fail_trap(ingot_error *error, uint32_t code, const char *where) {
  ingot_set_error(error, INGOT_ERR_TRAP, "%s (%s)", ingot_trap_message(code), where);
  if (error != NULL) error->trap = code;
  return false;
}

/* Segments and the start function: the steps whose traps fail instantiation. */
static bool initialise(ingot_instance *instance, ingot_error *error) {
  if (!ingot_eval_elems(instance)) {
    ingot_set_error(error, INGOT_ERR_RESOURCE, "out of memory");
    return false;
  }
  uint32_t code = ingot_apply_elems(instance);
  if (code != INGOT_TRAP_NONE) return fail_trap(error, code, "element segment");
  code = ingot_apply_datas(instance);
  if (code != INGOT_TRAP_NONE) return fail_trap(error, code, "data segment");
  if (instance->desc->start_func != UINT32_MAX) {
    code = ingot_run_start(func_refs(instance)[instance->desc->start_func]);
    if (code != INGOT_TRAP_NONE) return fail_trap(error, code, "start function");
  }
  return true;
}

ingot_instance *ingot_instantiate(ingot_store *store, const struct ingot_module_desc *desc,
                                  ingot_error *error) {
  if (!check_desc(desc, error)) return NULL;
  uint32_t *type_ids = malloc((desc->num_types + 1) * sizeof(uint32_t));
  ingot_extern *resolved = malloc((desc->num_imports + 1) * sizeof(ingot_extern));
  ingot_instance *instance = NULL;
  if (type_ids == NULL || resolved == NULL) goto out_of_memory;
  for (uint32_t i = 0; i < desc->num_types; i++) {
    type_ids[i] =
        ingot_intern_type(desc->types[i].num_params, desc->types[i].num_results, desc->types[i].types);
  }
  if (!resolve_imports(store, desc, type_ids, resolved, error)) goto fail;
  instance = allocate(store, desc);
  if (instance != NULL) {
    instance->next = store->instances; /* so ingot_store_free releases its memories */
    store->instances = instance;
  }
  if (instance == NULL || !link_functions(instance, resolved) ||
      !link_memories_tables(instance, resolved)) {
    goto out_of_memory;
  }
  link_globals(instance, resolved);
  if (!build_exports(instance)) goto out_of_memory;
  ingot_signals_register_module(desc);
  free(type_ids);
  free(resolved);
  return initialise(instance, error) ? instance : NULL;
out_of_memory:
  ingot_set_error(error, INGOT_ERR_RESOURCE, "out of memory or address space");
fail:
  free(type_ids);
  free(resolved);
  return NULL;
}
