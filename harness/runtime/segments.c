/*
 * Element and data segments at instantiation (spec 4.5.4 steps 14-15, with the 2.0
 * bulk-memory semantics): each active segment is a table.init / memory.init of the whole
 * segment followed by its drop, applied in order; an out-of-bounds segment traps and fails the
 * instantiation, but the writes of earlier segments stay. Declarative segments are dropped.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

bool ingot_eval_elems(ingot_instance *instance) {
  const struct ingot_module_desc *desc = instance->desc;
  for (uint32_t i = 0; i < desc->num_elems; i++) {
    const struct ingot_elem_desc *elem = &desc->elems[i];
    void **items = ingot_store_alloc(instance->store, (size_t)elem->count * sizeof(void *));
    if (items == NULL) return false;
    for (uint32_t j = 0; j < elem->count; j++) {
      uint64_t value[2];
      items[j] = (void *)(uintptr_t)ingot_eval_const(instance, &elem->items[j], value);
    }
    instance->elems[i] = (struct ingot_elem_inst){.items = items, .count = elem->count};
  }
  return true;
}

static uint32_t offset_of(const ingot_instance *instance, const struct ingot_const_expr *expr) {
  uint64_t value[2];
  return (uint32_t)ingot_eval_const(instance, expr, value);
}

uint32_t ingot_apply_elems(ingot_instance *instance) {
  const struct ingot_module_desc *desc = instance->desc;
  for (uint32_t i = 0; i < desc->num_elems; i++) {
    const struct ingot_elem_desc *elem = &desc->elems[i];
    struct ingot_elem_inst *state = &instance->elems[i];
    if (elem->mode == INGOT_SEGMENT_ACTIVE) {
      struct ingot_table *table = &instance->tables[elem->table]->abi;
      uint64_t offset = offset_of(instance, &elem->offset);
      if (offset + state->count > table->size) return INGOT_TRAP_TABLE_OOB;
      if (state->count != 0) {
        memcpy(table->elements + offset, state->items, (size_t)state->count * sizeof(void *));
      }
    }
    if (elem->mode != INGOT_SEGMENT_PASSIVE) state->count = 0;
  }
  return INGOT_TRAP_NONE;
}

uint32_t ingot_apply_datas(ingot_instance *instance) {
  const struct ingot_module_desc *desc = instance->desc;
  for (uint32_t i = 0; i < desc->num_datas; i++) {
    const struct ingot_data_desc *data = &desc->datas[i];
    if (data->mode != INGOT_SEGMENT_ACTIVE) continue;
    ingot_memory *memory = instance->memories[data->memory];
    uint64_t offset = offset_of(instance, &data->offset);
    if (offset + data->length > memory->size) return INGOT_TRAP_MEMORY_OOB;
    if (data->length != 0) memcpy(memory->base + offset, data->bytes, data->length);
    instance->data_dropped[i] = 1;
  }
  return INGOT_TRAP_NONE;
}
