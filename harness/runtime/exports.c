/* The embedding API's export accessors: functions' types, globals, memories and tables. */
#include "internal.h"

int ingot_export(ingot_instance *instance, const char *name, size_t name_len, ingot_extern *out) {
  const ingot_extern *found = ingot_find_export(instance, name, name_len);
  if (found == NULL) return 0;
  *out = *found;
  return 1;
}

ingot_functype ingot_func_type(const struct ingot_func *func) {
  return ingot_type_of_id(func->type_id);
}

uint8_t *ingot_memory_base(const ingot_memory *memory) { return memory->base; }
uint64_t ingot_memory_size(const ingot_memory *memory) { return memory->size; }
struct ingot_table *ingot_table_abi(ingot_table_obj *table) { return &table->abi; }

int ingot_global_get(ingot_instance *instance, const char *name, size_t name_len, uint8_t *type,
                     uint64_t out[2]) {
  const ingot_extern *found = ingot_find_export(instance, name, name_len);
  if (found == NULL || found->kind != INGOT_EXTERN_GLOBAL) return 0;
  if (type != NULL) *type = found->as.global.type;
  out[0] = found->as.global.cell[0];
  out[1] = found->as.global.cell[1];
  return 1;
}

int ingot_global_set(ingot_instance *instance, const char *name, size_t name_len,
                     const uint64_t value[2]) {
  const ingot_extern *found = ingot_find_export(instance, name, name_len);
  if (found == NULL || found->kind != INGOT_EXTERN_GLOBAL || !found->as.global.mutable_) return 0;
  found->as.global.cell[0] = value[0];
  found->as.global.cell[1] = value[1];
  return 1;
}

int ingot_memory_get(ingot_instance *instance, const char *name, size_t name_len,
                     uint8_t **base, uint64_t *size) {
  const ingot_extern *found = ingot_find_export(instance, name, name_len);
  if (found == NULL || found->kind != INGOT_EXTERN_MEMORY) return 0;
  *base = found->as.memory->base;
  *size = found->as.memory->size;
  return 1;
}
